import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";

/**
 * The one Prisma client of the process.
 * NOTE: kept on globalThis because the Remix bundle and server/ are separate module graphs
 * (and Vite reloads modules in development); a plain module singleton would open a second client.
 */
const globalForPrisma = globalThis as unknown as { __portalPrisma?: PrismaClient };

export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl });
  return new PrismaClient({ adapter });
}

export const prisma: PrismaClient = (globalForPrisma.__portalPrisma ??= createPrismaClient(
  getEnv().DATABASE_URL,
));
