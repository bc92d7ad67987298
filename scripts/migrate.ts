// `npm run db:migrate`: brings the database of DATABASE_URL up to date and says what it did.
import { EnvError, getEnv } from "../app/utils/env.server";
import { MigrationError, migrateDatabase } from "../app/utils/migrate.server";

try {
  const env = getEnv();
  const { applied } = await migrateDatabase(env.DATABASE_URL);
  console.log(applied.length ? `Applied ${applied.join(", ")}.` : "The database is up to date.");
} catch (error) {
  if (error instanceof EnvError || error instanceof MigrationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
