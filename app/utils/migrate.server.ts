import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { sqlitePath } from "./env.server";

/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, through the driver
 * adapter, and records each in `_prisma_migrations` the way Prisma Migrate does, so that
 * Prisma's own CLI agrees about what is applied wherever its engine is available.
 * See docs/decisions/003-migrations-without-the-schema-engine.md.
 */

const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`;

const MIGRATION_NAME = /^\d{14}_[a-z0-9_]+$/;

export type Migration = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {}

export function defaultMigrationsDir() {
  return path.resolve("prisma/migrations");
}

export function readMigrations(dir = defaultMigrationsDir()): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      if (!MIGRATION_NAME.test(name)) {
        throw new MigrationError(`The migration folder "${name}" is not named <14-digit timestamp>_<name>.`);
      }
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: string | null };

async function appliedMigrations(adapter: SqlDriverAdapter): Promise<AppliedRow[]> {
  const result = await adapter.queryRaw({
    sql: `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
    args: [],
    argTypes: [],
  });
  return result.rows.map(([migration_name, checksum, finished_at]) => ({
    migration_name: String(migration_name),
    checksum: String(checksum),
    finished_at: finished_at === null ? null : String(finished_at),
  }));
}

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * Brings the SQLite database at `databaseUrl` up to date; creates the file (and its folder)
 * if needed. Safe to run from several processes at once: each migration is applied inside
 * one write transaction, with the list re-read after taking the lock.
 */
export async function migrateDatabase(
  databaseUrl: string,
  migrations: Migration[] = readMigrations(),
): Promise<{ applied: string[] }> {
  const file = sqlitePath(databaseUrl);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  const adapter = await new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 }).connect();
  const applied: string[] = [];
  try {
    // WAL lets readers carry on while one writer writes; it is a property of the file.
    await adapter.executeScript("PRAGMA journal_mode = WAL;");
    await adapter.executeScript(MIGRATIONS_TABLE_SQL);
    for (const migration of migrations) {
      if (await applyOne(adapter, migration)) applied.push(migration.name);
    }
  } finally {
    await adapter.dispose();
  }
  return { applied };
}

/** Applies one migration in its own write transaction; false when it was already applied. */
async function applyOne(adapter: SqlDriverAdapter, migration: Migration): Promise<boolean> {
  // NOTE: Prisma's table-rebuild SQL turns foreign keys off with a PRAGMA, which does nothing
  // inside a transaction; DROP TABLE would then cascade-delete child rows. So foreign keys go
  // off before BEGIN and are checked before COMMIT.
  await adapter.executeScript("PRAGMA foreign_keys = OFF;");
  await adapter.executeScript("BEGIN IMMEDIATE;");
  let committed = false;
  try {
    // Re-read after taking the write lock: another instance may have just applied it.
    const previous = (await appliedMigrations(adapter)).find((row) => row.migration_name === migration.name);
    if (previous) {
      if (previous.finished_at === null) {
        throw new MigrationError(
          `The migration ${migration.name} was started but never finished; restore the database from a backup.`,
        );
      }
      if (previous.checksum !== migration.checksum) {
        throw new MigrationError(
          `The migration ${migration.name} was changed after it was applied; add a new migration instead.`,
        );
      }
      return false;
    }
    try {
      await adapter.executeScript(migration.sql);
    } catch (error) {
      throw new MigrationError(`The migration ${migration.name} failed and was rolled back: ${describe(error)}`);
    }
    const violations = await adapter.queryRaw({ sql: "PRAGMA foreign_key_check", args: [], argTypes: [] });
    if (violations.rows.length > 0) {
      throw new MigrationError(
        `The migration ${migration.name} would break ${violations.rows.length} foreign key(s); nothing was changed.`,
      );
    }
    const steps = migration.sql.split(";").filter((statement) => statement.trim()).length;
    await adapter.executeScript(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES (${quote(randomUUID())}, ${quote(migration.checksum)}, current_timestamp, ${quote(migration.name)}, current_timestamp, ${steps});`,
    );
    await adapter.executeScript("COMMIT;");
    committed = true;
    return true;
  } finally {
    // NOTE: the adapter's executeScript throws synchronously, so no `.catch()` here.
    if (!committed) await adapter.executeScript("ROLLBACK;");
    await adapter.executeScript("PRAGMA foreign_keys = ON;");
  }
}

function describe(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}
