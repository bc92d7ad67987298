import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";
import type { DatabaseProvider } from "~/utils/env.server";
import { TEMPLATE_DB, TEST_TMP_DIR } from "./paths";
import { createDatabase, dropDatabases, fileDatabaseName } from "./postgres";

/**
 * The database a test file works on: SQLite by default (vitest.config.ts), PostgreSQL when run
 * by vitest.postgres.config.ts, whose global setup provides a migrated template database.
 */
export const testProvider: DatabaseProvider = inject("postgresTemplate") ? "postgresql" : "sqlite";

export type TestDatabase = {
  url: string;
  /** Reads rows with a connection of its own (outside the portal's client). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Closes the reading connection and deletes the database. */
  drop(): Promise<void>;
};

/** A copy of the run's migrated template database. */
export async function copyOfTemplate(): Promise<TestDatabase> {
  const postgres = inject("postgresTemplate");
  if (postgres) {
    const name = fileDatabaseName(postgres.runId);
    return postgresDatabase(name, await createDatabase(name, postgres.template));
  }
  const file = path.join(TEST_TMP_DIR, `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(TEMPLATE_DB, file);
  return sqliteDatabase(file);
}

/** A database with nothing in it, not even the migrations: for tests of migrating. */
export async function emptyDatabase(): Promise<TestDatabase> {
  const postgres = inject("postgresTemplate");
  if (postgres) {
    const name = fileDatabaseName(postgres.runId);
    return postgresDatabase(name, await createDatabase(name));
  }
  return sqliteDatabase(path.join(mkdtempSync(path.join(tmpdir(), "portal-migrate-")), "portal.db"));
}

function sqliteDatabase(file: string): TestDatabase {
  let reader: Database.Database | undefined;
  return {
    url: `file:${file}`,
    query: <T>(sql: string, params: unknown[] = []) => {
      reader ??= new Database(file, { readonly: true });
      return Promise.resolve(reader.prepare(sql).all(...params) as T[]);
    },
    drop: () => {
      reader?.close();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
      return Promise.resolve();
    },
  };
}

function postgresDatabase(name: string, url: string): TestDatabase {
  let reader: pg.Client | undefined;
  return {
    url,
    query: async <T>(sql: string, params: unknown[] = []) => {
      if (!reader) {
        reader = new pg.Client({ connectionString: url });
        await reader.connect();
      }
      return (await reader.query(sql, params)).rows as T[];
    },
    drop: async () => {
      await reader?.end();
      await dropDatabases([name]);
    },
  };
}
