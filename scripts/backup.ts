// `npm run db:backup [-- <file>]`: a consistent copy of the database of DATABASE_URL, taken while
// the portal runs (default: backups/portal-<date and time>.db).
import { BackupError, backupDatabase } from "../app/utils/backup.server";
import { EnvError, getEnv } from "../app/utils/env.server";

try {
  const env = getEnv();
  const destination = process.argv[2] ?? `backups/portal-${new Date().toISOString().slice(0, 19).replaceAll(":", "-")}.db`;
  const { pages } = await backupDatabase(env.DATABASE_URL, destination);
  console.log(`Backed up ${env.DATABASE_URL} to ${destination} (${pages} pages).`);
} catch (error) {
  if (error instanceof EnvError || error instanceof BackupError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
