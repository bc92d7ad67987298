import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "~/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-pg/client";
import { databaseProvider, getEnv } from "./env.server";
import { openEventQueue, publishEvents, takeEventQueue } from "./events.server";
import { serialisedFactory, serialisedTransactionsFactory } from "./serialised-adapter.server";

/**
 * The one Prisma client of the process, on SQLite or PostgreSQL as DATABASE_URL says.
 * NOTE: kept on globalThis because the Remix bundle and server/ are separate module graphs
 * (and Vite reloads modules in development); a plain module singleton would open a second client.
 */
const globalForPrisma = globalThis as unknown as { __portalPrisma?: PrismaClient };

// Waiting for a turn (SQLite) or a pooled connection (PostgreSQL) counts against maxWait:
// give a busy moment room before refusing.
const transactionOptions = { maxWait: 10_000, timeout: 15_000 };

export function createPrismaClient(databaseUrl: string, poolSize = getEnv().DATABASE_POOL_SIZE): PrismaClient {
  if (databaseProvider(databaseUrl) === "postgresql") {
    // A pool: each transaction has its own connection; transactions still take turns (see the wrapper).
    const adapter = serialisedTransactionsFactory(
      new PrismaPg(
        { connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 10_000 },
        { onPoolError: (error) => console.warn(`PostgreSQL dropped an idle connection: ${error.message}`) },
      ),
    );
    // NOTE: the one place the two clients meet. Both are generated from prisma/schema.prisma
    // (scripts/prisma-generate.mjs), so their models, results and the model API the portal uses
    // are the same; the rest of the code sees the SQLite client's type. Provider-specific extras
    // (e.g. `mode: "insensitive"`) go through a helper in this file, such as containsText.
    return new PostgresPrismaClient({ adapter, transactionOptions }) as unknown as PrismaClient;
  }
  // One connection, taking turns between transactions and other queries (see the wrapper).
  const adapter = serialisedFactory(new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 }));
  return new PrismaClient({ adapter, transactionOptions });
}

export const prisma: PrismaClient = (globalForPrisma.__portalPrisma ??= createPrismaClient(getEnv().DATABASE_URL));

/**
 * The one way to write in a transaction: `work` runs inside it, and the events its audited writes
 * queued are published once it has committed (events.server.ts); if it throws, it is rolled back
 * and nothing is published. Inside `work` use `tx` only, never `prisma` (serialised-adapter.server.ts).
 */
export async function writeTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  let transaction: Prisma.TransactionClient | undefined;
  const result = await prisma.$transaction((tx) => {
    transaction = tx;
    openEventQueue(tx);
    return work(tx);
  });
  if (transaction) publishEvents(takeEventQueue(transaction));
  return result;
}

/**
 * A filter for text containing `text`, ignoring case as people expect of a search box.
 * SQLite's LIKE already ignores case (for ASCII); PostgreSQL's needs `mode: "insensitive"`
 * (ILIKE), which the SQLite client does not accept, so the filter is chosen by the database.
 */
export function containsText(text: string, databaseUrl = getEnv().DATABASE_URL): { contains: string } {
  return databaseProvider(databaseUrl) === "postgresql" ? ({ contains: text, mode: "insensitive" } as { contains: string }) : { contains: text };
}
