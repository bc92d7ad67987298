import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { serialisedFactory } from "./serialised-adapter.server";

/**
 * The one Prisma client of the process.
 * NOTE: kept on globalThis because the Remix bundle and server/ are separate module graphs
 * (and Vite reloads modules in development); a plain module singleton would open a second client.
 */
const globalForPrisma = globalThis as unknown as { __portalPrisma?: PrismaClient };

export function createPrismaClient(databaseUrl: string): PrismaClient {
  // One connection, taking turns between transactions and other queries (see the wrapper).
  const adapter = serialisedFactory(new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 }));
  // Waiting for a turn counts against maxWait: give a busy moment room before refusing.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
}

export const prisma: PrismaClient = (globalForPrisma.__portalPrisma ??= createPrismaClient(
  getEnv().DATABASE_URL,
));
