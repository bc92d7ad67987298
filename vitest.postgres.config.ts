import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import baseConfig from "./vitest.config";

/**
 * The integration and security tests again, on PostgreSQL: `npm run test:postgres` with TEST_POSTGRES_URL
 * naming a server this run may create databases on. Each test file gets a copy of a migrated
 * template database (tests/setup/global-setup-postgres.ts), dropped afterwards. Unit tests
 * (app/**) touch no database and run once, in vitest.config.ts.
 */
export default defineConfig({
  ...baseConfig,
  // Replaced, not merged: mergeConfig would add the SQLite global setup and the unit tests.
  test: {
    ...baseConfig.test,
    include: ["tests/integration/**/*.test.ts", "tests/security/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup-postgres.ts"],
    // Creating and dropping a database takes a second or more on a busy server.
    hookTimeout: 60_000,
    // The files mostly wait for the server, so two at once even on two cores (about a quarter
    // faster there than Vitest's default of one).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
