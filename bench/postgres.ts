/**
 * The PostgreSQL server the benchmarks create their databases on (`--postgres-url`, else
 * BENCH_POSTGRES_URL, else the local development server), and those databases. A benchmark
 * creates one database per measured data set, named `portal_bench_<benchmark>_<pid>[_<what>]`,
 * and drops it on every way out (bench/support.ts); a later run of the same benchmark drops those
 * left by runs that were killed outright (their pid is no longer alive).
 */
import pg from "pg";
import { parseEnv, withoutPassword } from "../app/utils/env.server";
import { BenchError, errorReason, processHasEnded, serviceUrl, undoneWithRun } from "./support";

export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const PROTOCOLS = ["postgresql:", "postgres:"];

/** The server's maintenance database: `option` (the value of --postgres-url), else BENCH_POSTGRES_URL, else the local server. */
function postgresServerUrl(option: string | undefined): string {
  if (option !== undefined) return serviceUrl("--postgres-url", option, PROTOCOLS);
  return serviceUrl("BENCH_POSTGRES_URL", process.env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL, PROTOCOLS);
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
      `PostgreSQL at ${withoutPassword(serverUrl)} did not answer (${errorReason(error)}): start it, name a server this benchmark ` +
        `may create databases on with --postgres-url or BENCH_POSTGRES_URL, or measure SQLite alone with --database sqlite.`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server of a run: its address, its version (e.g. "15.14") and the pool size the portal will use there. */
export type PostgresServer = { url: string; version: string; poolSize: number };

const prefixOf = (benchmark: string) => `portal_bench_${benchmark}_`;

/**
 * The server of `option` (the value of --postgres-url; see postgresServerUrl), once it has
 * answered (before any work starts), and without the databases that runs of `benchmark` killed
 * outright left there.
 */
export async function preparePostgres(option: string | undefined, benchmark: string): Promise<PostgresServer> {
  const url = postgresServerUrl(option);
  let poolSize: number;
  try {
    poolSize = parseEnv({ DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE }).DATABASE_POOL_SIZE;
  } catch (error) {
    throw new BenchError(errorReason(error));
  }
  const prefix = prefixOf(benchmark);
  const { version, dropped } = await withServer(url, async (client) => {
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    const { rows: databases } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    const dropped: string[] = [];
    for (const { datname } of databases) {
      const pid = Number(/^(\d+)(?:_|$)/.exec(datname.slice(prefix.length))?.[1]);
      if (!pid || pid === process.pid || !processHasEnded(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
      dropped.push(datname);
    }
    // e.g. "15.20 (Debian 15.20-0+deb12u1)"
    return { version: rows[0]!.server_version.split(" ")[0]!, dropped };
  });
  if (dropped.length > 0) console.log(`Dropped the databases of earlier runs that were killed: ${dropped.join(", ")}.`);
  return { url, version, poolSize };
}

/** The report's line about the server. */
export const describePostgres = (server: PostgresServer) =>
  `PostgreSQL ${server.version} at ${withoutPassword(server.url)}, a pool of ${server.poolSize} connections per portal`;

export type BenchDatabase = { name: string; url: string; drop: () => Promise<void> };

/**
 * Creates an empty database `portal_bench_<benchmark>_<pid>[_<what>]`, dropped with the run on
 * any way out, or earlier by `drop()`.
 * NOTE: WITH (FORCE) ends the connections of a server or generator that is still running.
 */
export async function createBenchDatabase(server: PostgresServer, benchmark: string, what?: string): Promise<BenchDatabase> {
  const name = `${prefixOf(benchmark)}${process.pid}${what ? `_${what}` : ""}`;
  // Registered before it exists: a Ctrl-C during CREATE still drops it (IF EXISTS if it never came).
  const drop = undoneWithRun(`the PostgreSQL database ${name}`, () =>
    withServer(server.url, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  );
  await withServer(server.url, (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(name)}`).catch((error: unknown) => {
      throw new BenchError(`Could not create the PostgreSQL database ${name} at ${withoutPassword(server.url)}: ${errorReason(error)}.`);
    }),
  );
  return { name, url: databaseUrl(server.url, name), drop };
}
