import { copyFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, vi } from "vitest";
import { TEMPLATE_DB, TEST_TMP_DIR } from "./paths";

// Each test file gets its own copy of the migrated template: a real SQLite database, never a mock.
const databaseFile = path.join(TEST_TMP_DIR, `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
copyFileSync(TEMPLATE_DB, databaseFile);
process.env.DATABASE_URL = `file:${databaseFile}`;
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
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${databaseFile}${suffix}`, { force: true });
});
