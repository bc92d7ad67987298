import { afterAll, beforeEach, vi } from "vitest";
import { copyOfTemplate } from "./test-database";

// Each test file gets its own copy of the migrated template: a real SQLite or PostgreSQL
// database (tests/setup/test-database.ts), never a mock.
const database = await copyOfTemplate();
process.env.DATABASE_URL = database.url;
process.env.NODE_ENV = "test";

// A test that logs an error has found a problem: fail it.
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});

afterAll(async () => {
  const holder = globalThis as unknown as { __portalPrisma?: { $disconnect(): Promise<void> } };
  await holder.__portalPrisma?.$disconnect();
  delete holder.__portalPrisma;
  await database.drop();
});
