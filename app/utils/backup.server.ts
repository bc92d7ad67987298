import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sqlitePath } from "./env.server";

export class BackupError extends Error {}

/**
 * Copies the SQLite database of `databaseUrl` to `destination` with SQLite's online backup, so
 * the portal may keep running and writing: the copy is a consistent snapshot of one moment.
 * NOTE: copying portal.db with `cp` while the portal runs is not a backup: committed writes may
 * still be in portal.db-wal.
 */
export async function backupDatabase(databaseUrl: string, destination: string): Promise<{ pages: number }> {
  const source = sqlitePath(databaseUrl);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} to back up.`);
  if (existsSync(destination)) throw new BackupError(`${destination} already exists; choose a new file for the backup.`);
  mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const db = new Database(source, { fileMustExist: true, timeout: 10_000 });
  try {
    const { totalPages } = await db.backup(destination);
    return { pages: totalPages };
  } finally {
    db.close();
  }
}
