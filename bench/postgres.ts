/**
 * The PostgreSQL server a benchmark may create databases on: BENCH_POSTGRES_URL, by default the
 * local development server. A benchmark creates one database per measured data set, named
 * `<prefix><pid>_<what>`, and drops it on every way out (bench/support.ts); a later run drops
 * those left by runs that were killed outright (their pid is no longer alive).
 */
import pg from "pg";
import { withoutPassword } from "../app/utils/env.server";
import { BenchError, errorReason, processHasEnded, undoneWithRun } from "./support";

export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** The server's maintenance database, from BENCH_POSTGRES_URL. */
export function postgresServerUrl(): string {
  const url = process.env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL;
  if (!/^postgres(ql)?:\/\/./.test(url) || !URL.canParse(url)) {
    throw new BenchError(`BENCH_POSTGRES_URL must be a postgresql:// address, e.g. ${DEFAULT_POSTGRES_URL} (got "${withoutPassword(url)}").`);
  }
  return url;
}

/** The address of another database on the same server. */
function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Runs `work` on a connection to the server's maintenance database. */
async function withServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new BenchError(
      `PostgreSQL at ${withoutPassword(serverUrl)} did not answer (${errorReason(error)}): start it, set BENCH_POSTGRES_URL ` +
        `to a server this benchmark may create databases on, or measure SQLite alone with --database sqlite.`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server's version, e.g. "15.14"; also proves the server answers before any work starts. */
export async function postgresVersion(serverUrl: string): Promise<string> {
  const { rows } = await withServer(serverUrl, (client) => client.query<{ server_version: string }>("SHOW server_version"));
  // e.g. "15.20 (Debian 15.20-0+deb12u1)"
  return rows[0]!.server_version.split(" ")[0]!;
}

/** Drops the databases named `<prefix><pid>_…` whose run is no longer alive. */
export async function dropAbandonedDatabases(serverUrl: string, prefix: string): Promise<string[]> {
  return withServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    const dropped: string[] = [];
    for (const { datname } of rows) {
      const pid = Number(/^(\d+)_/.exec(datname.slice(prefix.length))?.[1]);
      if (!pid || pid === process.pid || !processHasEnded(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
      dropped.push(datname);
    }
    return dropped;
  });
}

export type BenchDatabase = { name: string; url: string; drop: () => Promise<void> };

/**
 * Creates an empty database, dropped with the run on any way out, or earlier by `drop()`.
 * NOTE: WITH (FORCE) ends the connections of a server or generator that is still running.
 */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<BenchDatabase> {
  // Registered before it exists: a Ctrl-C during CREATE still drops it (IF EXISTS if it never came).
  const drop = undoneWithRun(`the PostgreSQL database ${name}`, async () => {
    await withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
  });
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  return { name, url: databaseUrl(serverUrl, name), drop };
}
