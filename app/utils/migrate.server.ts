import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { databaseProvider, sqlitePath, withoutPassword, type DatabaseProvider } from "./env.server";

/**
 * Applies <migrations folder>/<timestamp>_<name>/migration.sql in order and records each in
 * `_prisma_migrations` the way Prisma Migrate does, so that Prisma's own CLI agrees about what
 * is applied wherever its engine is available. Each provider has its own folder of SQL, written
 * from the one schema by scripts/migration-sql.ts: prisma/migrations (SQLite) and
 * prisma/migrations-postgresql. See docs/decisions/003-migrations-without-the-schema-engine.md
 * and 012-postgresql-second-client.md.
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

/** Prisma Migrate's own table, as Prisma creates it on PostgreSQL. */
const POSTGRES_MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

/**
 * The advisory lock held while migrating PostgreSQL. It is the key Prisma Migrate itself uses,
 * so this runner and Prisma's CLI (where it runs) never migrate the same database at once.
 */
const POSTGRES_MIGRATION_LOCK = 72707369;

const MIGRATION_NAME = /^\d{14}_[a-z0-9_]+$/;

type Migration = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {}

/** The folder of migration SQL for one provider. */
export function defaultMigrationsDir(provider: DatabaseProvider = "sqlite") {
  return path.resolve(provider === "postgresql" ? "prisma/migrations-postgresql" : "prisma/migrations");
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

type AppliedRow = { migration_name: string; checksum: string; finished_at: string | Date | null };

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
 * Brings the database at `databaseUrl` up to date with the migrations of its provider.
 * Safe to run from several processes at once: SQLite applies each migration inside one write
 * transaction, with the list re-read after taking the lock; PostgreSQL migrates under an
 * advisory lock, so one instance migrates and the others wait, then find nothing to do.
 */
export async function migrateDatabase(
  databaseUrl: string,
  migrations: Migration[] = readMigrations(defaultMigrationsDir(databaseProvider(databaseUrl))),
): Promise<{ applied: string[] }> {
  return databaseProvider(databaseUrl) === "postgresql" ? migratePostgres(databaseUrl, migrations) : migrateSqlite(databaseUrl, migrations);
}

/** Whether a migration recorded as `previous` may be skipped; throws when it must not be. */
function alreadyApplied(previous: AppliedRow | undefined, migration: Migration): boolean {
  if (!previous) return false;
  if (previous.finished_at === null) {
    throw new MigrationError(`The migration ${migration.name} was started but never finished; restore the database from a backup.`);
  }
  if (previous.checksum !== migration.checksum) {
    throw new MigrationError(`The migration ${migration.name} was changed after it was applied; add a new migration instead.`);
  }
  return true;
}

/** Statements in a migration, counted as Prisma Migrate records them. */
const stepCount = (sql: string) => sql.split(";").filter((statement) => statement.trim()).length;

// ---------------------------------------------------------------------------------------------
// SQLite: through the driver adapter; creates the file (and its folder) if needed.

async function migrateSqlite(databaseUrl: string, migrations: Migration[]): Promise<{ applied: string[] }> {
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
    if (alreadyApplied(previous, migration)) return false;
    try {
      await adapter.executeScript(migration.sql);
    } catch (error) {
      throw new MigrationError(`The migration ${migration.name} failed and was rolled back: ${describe(error)}`);
    }
    const violations = await adapter.queryRaw({ sql: "PRAGMA foreign_key_check", args: [], argTypes: [] });
    if (violations.rows.length > 0) {
      throw new MigrationError(`The migration ${migration.name} would break ${violations.rows.length} foreign key(s); nothing was changed.`);
    }
    const steps = stepCount(migration.sql);
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

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one plain connection (not the adapter's pool), because the advisory lock belongs
// to a session and every statement must run on it. Unlike the adapter's executeScript, which
// splits on every ";", the simple query protocol runs a migration's statements as written.

async function migratePostgres(databaseUrl: string, migrations: Migration[]): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  // A dropped connection also fails the query in progress, which reports it; without a
  // listener the client's "error" event would end the process instead.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(`Could not connect to PostgreSQL at ${withoutPassword(databaseUrl)}: ${describe(error)}.`);
  }
  const applied: string[] = [];
  try {
    // Several instances starting at once: the first migrates, the others wait here. The lock
    // ends with the session, so a crashed migrator leaves nothing locked.
    await client.query("SELECT pg_advisory_lock($1)", [POSTGRES_MIGRATION_LOCK]);
    await client.query(POSTGRES_MIGRATIONS_TABLE_SQL);
    const recorded = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
    );
    for (const migration of migrations) {
      const previous = recorded.rows.find((row) => row.migration_name === migration.name);
      if (alreadyApplied(previous, migration)) continue;
      await applyOnePostgres(client, migration);
      applied.push(migration.name);
    }
  } finally {
    await client.end();
  }
  return { applied };
}

/** Applies one migration and records it in the same transaction: both happen, or neither. */
async function applyOnePostgres(client: pg.Client, migration: Migration) {
  await client.query("BEGIN");
  try {
    try {
      await client.query(migration.sql);
    } catch (error) {
      throw new MigrationError(`The migration ${migration.name} failed and was rolled back: ${describe(error)}`);
    }
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, now(), $4)`,
      [randomUUID(), migration.checksum, migration.name, stepCount(migration.sql)],
    );
    await client.query("COMMIT");
  } catch (error) {
    // A broken connection rolls back by itself; report the first error, not the rollback's.
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

function describe(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}
