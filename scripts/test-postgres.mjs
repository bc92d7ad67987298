// `npm run test:postgres`: the integration tests again, on PostgreSQL (vitest.postgres.config.ts).
// Runs when TEST_POSTGRES_URL names a server this run may create databases on; without it a
// laptop skips them with a note, and CI fails, because CI must never skip them quietly.
import { spawnSync } from "node:child_process";

const EXAMPLE = "TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres";
const inCi = Boolean(process.env.CI) && !["0", "false"].includes(process.env.CI.toLowerCase());

if (!process.env.TEST_POSTGRES_URL) {
  if (inCi) {
    console.error(`The integration tests must run on PostgreSQL in CI, but TEST_POSTGRES_URL is not set (e.g. ${EXAMPLE}).`);
    process.exit(1);
  }
  console.log(`Skipping the integration tests on PostgreSQL: set TEST_POSTGRES_URL to run them (e.g. ${EXAMPLE}).`);
  process.exit(0);
}

const result = spawnSync("npx", ["--no-install", "vitest", "run", "--config", "vitest.postgres.config.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
