import pg from "pg";

/**
 * Test databases on the PostgreSQL server of TEST_POSTGRES_URL: each run migrates one template
 * database, and each test file works on its own copy (CREATE DATABASE … TEMPLATE), dropped
 * afterwards. Names carry the run's start time, so a run that crashed is cleaned up by a later one.
 */

const PREFIX = "portal_test_";
/** Databases of runs older than this are leftovers of a crashed run. */
const STALE_AFTER_SECONDS = 6 * 60 * 60;

export function adminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      "TEST_POSTGRES_URL is not set: name a PostgreSQL server this run may create databases on, " +
        "e.g. TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres.",
    );
  }
  return url;
}

/** The address of another database on the same server. */
export function databaseUrl(name: string, serverUrl = adminUrl()): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function newRunId(): string {
  return `${Math.floor(Date.now() / 1000)}_${Math.random().toString(36).slice(2, 8)}`;
}

export const templateName = (runId: string) => `${PREFIX}${runId}_template`;

export function fileDatabaseName(runId: string): string {
  return `${PREFIX}${runId}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs `work` on a connection to the server's maintenance database. */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not connect to TEST_POSTGRES_URL (${reason}); is PostgreSQL running?`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function createDatabase(name: string, template?: string): Promise<string> {
  await withAdmin((client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}${template ? ` TEMPLATE ${quoteIdentifier(template)}` : ""}`));
  return databaseUrl(name);
}

export async function dropDatabases(names: string[]): Promise<void> {
  if (names.length === 0) return;
  await withAdmin(async (client) => {
    // FORCE ends any connection a failed test left open.
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  });
}

/** The test databases of one run, or of every run that started long enough ago to be over. */
export async function testDatabases(which: { runId: string } | "stale"): Promise<string[]> {
  const { rows } = await withAdmin((client) =>
    client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [PREFIX]),
  );
  const now = Date.now() / 1000;
  return rows
    .map((row) => row.datname)
    .filter((name) => {
      if (which !== "stale") return name.startsWith(`${PREFIX}${which.runId}_`);
      const startedAt = Number(/^portal_test_(\d+)_/.exec(name)?.[1]);
      return Number.isFinite(startedAt) && now - startedAt > STALE_AFTER_SECONDS;
    });
}
