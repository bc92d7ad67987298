/**
 * The portal's one entry: validates the configuration, migrates the database, then serves.
 * Nothing else is imported before the environment is known to be good, so a bad value stops
 * the server with one sentence instead of a stack trace.
 */
import { EnvError, getEnv } from "../app/utils/env.server";

try {
  getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const { startServer } = await import("./app");
const { RedisUnavailableError } = await import("./redis");
const { MigrationError } = await import("../app/utils/migrate.server");
try {
  await startServer();
} catch (error) {
  // Redis or the database unreachable, or a migration that cannot be applied: one sentence, no stack.
  if (error instanceof RedisUnavailableError || error instanceof MigrationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
