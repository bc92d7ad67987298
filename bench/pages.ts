/**
 * `npm run bench:pages [-- --database sqlite,postgresql --size S,L --duration 20 --rounds 10 --connections 10
 * --warmup 2 --postgres-url URL --build]` (issue 10, benchmarks 1, 2 and 4, SQLite and PostgreSQL
 * side by side)
 *
 * How fast the busiest pages answer with a realistic amount of data, and whether they slow down
 * as the data grows. For each database and size, a fresh database is generated
 * (bench/generate.ts): an SQLite file in a temporary folder, or a PostgreSQL database
 * `portal_bench_pages_<pid>_<size>` on the server of `--postgres-url` (default BENCH_POSTGRES_URL;
 * bench/postgres.ts), dropped afterwards on every way out. The production build is started on it, and a keep-alive
 * load generator in this process sends GETs of the Remix document at a fixed concurrency for a
 * fixed time per page, signed in as the lead of one initiative who is also a portal
 * administrator. Both sizes' servers run side by side: after a warm-up of each, the measured time
 * comes in rounds (`--rounds`), every page and the floor in turn in each, each on the S server
 * and straight after on the L one, so that a change in the machine's speed during the run (this
 * virtual machine's varies by tens of per cent) falls on the floor and the pages, and on both
 * sizes, alike.
 *
 * The floor is /accessibility, a trivial route of the same app measured in the same run: a
 * static page that goes through Remix, the root layout, the session lookup and the header's
 * counts like every page, and has no data of its own. Every floor ratio is a page's requests per
 * second divided by the floor's, so it says what the page's own data and markup cost. /healthz
 * (an Express handler answering one `SELECT 1`: no Remix, no session, no React) is measured too,
 * as the bare-server reference, with ratios against it shown for information only.
 *
 * Queries per page are counted without touching the app: the server is started with
 * `--import ./bench/count-queries.mjs`, which wraps better-sqlite3's prepare and pg's
 * Client#query. Memory is the server's resident set size (VmRSS; PostgreSQL's own processes not
 * included). A benchmark, not a test: it prints its figures and exits 0, or 1 with a sentence
 * saying why.
 */
import { rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { Generated, Size } from "./generate";
import { createBenchDatabase, DEFAULT_POSTGRES_URL, describePostgres, preparePostgres, type PostgresServer } from "./postgres";
import {
  BenchError,
  commandLine,
  DATABASES,
  ensureBuild,
  errorReason,
  forkTs,
  hasExited,
  percentile,
  printTable,
  residentKb,
  resultOf,
  ROOT,
  runBenchmark,
  startPortal,
  stop,
  tempDirForRun,
  undoneWithRun,
  warningsOf,
  type Database,
  type Portal,
} from "./support";

const SIZES: Record<Size, true> = { S: true, L: true };

const GENERATE_TIMEOUT_MS = 600_000;
const FLOOR_GOAL = 0.5;
const GROWTH_GOAL = 1.5;

// ---------------------------------------------------------------------------------------------
// Options

type Options = {
  databases: Database[];
  sizes: Size[];
  durationS: number;
  rounds: number;
  connections: number;
  warmupS: number;
  postgresUrl: string | undefined;
  build: boolean;
};

const USAGE = `Usage: npm run bench:pages -- [--database sqlite,postgresql] [--size S,L] [--duration 20]
         [--rounds 10] [--connections 10] [--warmup 2] [--postgres-url URL] [--build]
  --database      sqlite and/or postgresql, one run each per size (default sqlite,postgresql)
  --size          data set sizes, one run each: S (50 initiatives) and/or L (500) (default S,L)
  --duration      seconds of measured load per page and size (default 20)
  --rounds        the measured seconds come in this many rounds, every page in turn in each (default 10)
  --connections   concurrent keep-alive connections (default 10)
  --warmup        seconds of unmeasured load per page before it (default 2)
  --postgres-url  a PostgreSQL server where this run may create and drop databases
                  (default BENCH_POSTGRES_URL, or ${DEFAULT_POSTGRES_URL})
  --build         build the production app first (otherwise only when build/server.js is missing)`;

function readOptions(args: string[]): Options | null {
  const line = commandLine(USAGE);
  const values = line.parse(args, {
    database: { type: "string", default: "sqlite,postgresql" },
    size: { type: "string", default: "S,L" },
    duration: { type: "string", default: "20" },
    rounds: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    "postgres-url": { type: "string" },
    build: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  });
  if (values.help) return null;
  const sizes = [...new Set(values.size.split(",").map((part) => part.trim().toUpperCase()))];
  for (const size of sizes) if (!(size in SIZES)) throw line.mistake(`--size takes S and/or L (got "${size}").`);
  return {
    databases: line.databases(values.database),
    sizes: sizes as Size[],
    durationS: line.wholeNumber("--duration", values.duration, 1),
    rounds: line.wholeNumber("--rounds", values.rounds, 1),
    connections: line.wholeNumber("--connections", values.connections, 1),
    warmupS: line.wholeNumber("--warmup", values.warmup, 0),
    postgresUrl: values["postgres-url"],
    build: values.build,
  };
}

// ---------------------------------------------------------------------------------------------
// The data and the server

/** bench/generate.ts in its own process: the app's modules read DATABASE_URL once, on import. */
function generateData(databaseUrl: string, size: Size): Promise<Generated> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, SECURE_COOKIES: "false" };
  return resultOf<Generated>(forkTs("bench/generate.ts", ["--size", size], env), `Generating size ${size}`, GENERATE_TIMEOUT_MS);
}

type QueryCount = { queries: number; transactionStatements: number };

function queryCount(portal: Portal): Promise<QueryCount> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError("The portal's query counter did not answer within 5 s.")), 5_000);
    portal.child.once("message", (message: QueryCount) => {
      clearTimeout(timer);
      resolve(message);
    });
    portal.child.send("queries");
  });
}

// ---------------------------------------------------------------------------------------------
// The load generator: N connections, each sending its next request as soon as the last answered.

/**
 * `floor`: the trivial route every page is divided by; `bare`: the bare-server reference, /healthz;
 * `info`: a page measured for information, outside the goals. `before` runs ahead of each request,
 * outside its latency.
 */
type Target = { name: string; path: string; role: "floor" | "page" | "bare" | "info"; before?: () => Promise<void> };
type Result = {
  name: string;
  role: Target["role"];
  requests: number;
  errors: number;
  statuses: Set<number>;
  seconds: number;
  latencies: number[];
  bytes: number;
};

function get(agent: http.Agent, url: URL, cookie: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { Cookie: cookie, Accept: "text/html" } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

async function load(baseUrl: string, target: Target, cookie: string, connections: number, seconds: number, keep: boolean): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(target.path, baseUrl);
  const result: Result = { name: target.name, role: target.role, requests: 0, errors: 0, statuses: new Set(), seconds: 0, latencies: [], bytes: 0 };
  const started = performance.now();
  const end = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      if (target.before) await target.before();
      const sent = performance.now();
      try {
        const { status, bytes } = await get(agent, url, cookie);
        result.statuses.add(status);
        if (status !== 200) result.errors += 1;
        result.bytes += bytes;
      } catch {
        result.errors += 1;
      }
      if (keep) result.latencies.push(performance.now() - sent);
      result.requests += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

/** Two measurements of the same target as one: their requests, seconds and latencies together. */
function combined(a: Result, b: Result): Result {
  return {
    name: a.name,
    role: a.role,
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    statuses: new Set([...a.statuses, ...b.statuses]),
    seconds: a.seconds + b.seconds,
    latencies: a.latencies.concat(b.latencies),
    bytes: a.bytes + b.bytes,
  };
}

// ---------------------------------------------------------------------------------------------

type Run = {
  database: Database;
  size: Size;
  generated: Generated;
  results: Result[];
  queries: Map<string, QueryCount>;
  rssKb: number | null;
  rssIdleKb: number | null;
};

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
/** A figure in few characters, for the side-by-side table. */
const short = (value: number) =>
  !Number.isFinite(value) ? "–" : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
const perSecond = (result: Result) => result.requests / result.seconds;
const p50 = (result: Result) => percentile(result.latencies, 50);
const p99 = (result: Result) => percentile(result.latencies, 99);
const queriesText = (count: QueryCount | undefined) =>
  count ? `${count.queries}${count.transactionStatements ? ` +${count.transactionStatements} tx` : ""}` : "–";

/** `parts` joined with ", " in lines of at most `width` characters. */
function wrap(parts: string[], width: number) {
  const lines = [""];
  for (const [i, part] of parts.entries()) {
    const text = i < parts.length - 1 ? `${part}, ` : part;
    if (lines.at(-1)!.length + text.trimEnd().length > width) lines.push("");
    lines[lines.length - 1] += text;
  }
  return lines.map((line) => line.trimEnd()).join("\n");
}

/** Requests per second of the run's floor (/accessibility) or bare-server reference (/healthz). */
function reference(run: Run, role: "floor" | "bare") {
  const result = run.results.find((candidate) => candidate.role === role);
  return result ? perSecond(result) : NaN;
}

function printRun(run: Run, showRows: boolean) {
  const rows = Object.entries(run.generated.rows).map(([name, count]) => `${count.toLocaleString("en-GB")} ${name}`);
  console.log(
    `\n${DATABASES[run.database]}, size ${run.size}: data generated in ${fixed(run.generated.elapsedMs / 1000)} s${showRows ? `:\n${wrap(rows, 100)}` : ""}\n` +
      `server RSS ${run.rssIdleKb === null ? "–" : `${fixed(run.rssIdleKb / 1024)} MB`} after start, ${run.rssKb === null ? "–" : `${fixed(run.rssKb / 1024)} MB`} after the runs\n`,
  );
  const [floorRps, bareRps] = [reference(run, "floor"), reference(run, "bare")];
  printTable([
    ["page", "req/s", "p50 ms", "p99 ms", "÷ floor", "goal", "÷ healthz", "queries", "KB/page"],
    ...run.results.map((result) => {
      const ratio = perSecond(result) / floorRps;
      return [
        result.name,
        fixed(perSecond(result)),
        fixed(p50(result)),
        fixed(p99(result)),
        fixed(ratio, 2),
        result.role === "page" ? mark(ratio >= FLOOR_GOAL) : result.role,
        fixed(perSecond(result) / bareRps, 2),
        queriesText(run.queries.get(result.name)),
        fixed(result.bytes / Math.max(1, result.requests) / 1024),
      ];
    }),
  ]);
  const failed = run.results.filter((result) => result.errors > 0);
  console.log(
    failed.length === 0
      ? `Every answer was 200 (${run.results.reduce((sum, result) => sum + result.requests, 0).toLocaleString("en-GB")} requests measured).`
      : `NOT 200: ${failed.map((result) => `${result.name} ${result.errors} of ${result.requests} (${[...result.statuses].join(", ")})`).join("; ")}.`,
  );
}

function printGrowth(database: Database, small: Run, large: Run) {
  console.log(`\n${DATABASES[database]}: growth from S to L (L ÷ S; goal ≤ ${GROWTH_GOAL} for p50 and p99):\n`);
  printTable([
    ["page", "p50 S", "p50 L", "p50 ×", "p99 S", "p99 L", "p99 ×", "goal", "queries S → L"],
    ...small.results.map((s) => {
      const l = large.results.find((result) => result.name === s.name)!;
      const [g50, g99] = [p50(l) / p50(s), p99(l) / p99(s)];
      return [
        s.name,
        fixed(p50(s)),
        fixed(p50(l)),
        fixed(g50, 2),
        fixed(p99(s)),
        fixed(p99(l)),
        fixed(g99, 2),
        s.role === "page" ? mark(g50 <= GROWTH_GOAL && g99 <= GROWTH_GOAL) : s.role,
        `${small.queries.get(s.name)?.queries ?? "–"} → ${large.queries.get(s.name)?.queries ?? "–"}`,
      ];
    }),
  ]);
}

/** Page × database, the figures of issue 10 in one table: the first size's throughput, both sizes' latency, growth. */
function printSideBySide(runs: Run[], options: Options) {
  const first: Size = options.sizes.includes("S") ? "S" : "L";
  const last: Size = options.sizes.includes("L") ? "L" : "S";
  const twoSizes = first !== last;
  const find = (database: Database, size: Size) => runs.find((run) => run.database === database && run.size === size)!;
  console.log(
    `\nSide by side: req/s and ÷ floor at size ${first}` +
      (twoSizes ? `, p50/p99 ms at ${first} and ${last},\ngrowth = ${last} ÷ ${first} of p50/p99, queries ${first} → ${last}:\n` : ", p50/p99 ms:\n"),
  );
  const header = ["page", "database", `req/s ${first}`, `÷ floor ${first}`, `p50/p99 ${first}`];
  if (twoSizes) header.push(`p50/p99 ${last}`, "growth");
  header.push("queries");
  const rows = [header];
  for (const { name } of find(options.databases[0]!, first).results) {
    for (const [i, database] of options.databases.entries()) {
      const [small, large] = [find(database, first), find(database, last)];
      const s = small.results.find((result) => result.name === name)!;
      const l = large.results.find((result) => result.name === name)!;
      const row = [
        i === 0 ? name : "",
        DATABASES[database],
        short(perSecond(s)),
        fixed(perSecond(s) / reference(small, "floor"), 2),
        `${short(p50(s))}/${short(p99(s))}`,
      ];
      if (twoSizes) row.push(`${short(p50(l))}/${short(p99(l))}`, `${fixed(p50(l) / p50(s), 2)}/${fixed(p99(l) / p99(s), 2)}`);
      const [qs, ql] = [small.queries.get(name)?.queries ?? "–", large.queries.get(name)?.queries ?? "–"];
      row.push(twoSizes ? `${qs} → ${ql}` : String(qs));
      rows.push(row);
    }
  }
  printTable(rows, [0, 1]);
}

function printReport(runs: Run[], options: Options, build: string, loadAtStart: number[], postgres: PostgresServer | undefined) {
  const cpus = os.cpus();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(" ");
  console.log(`
Page throughput and latency (GET of the Remix document, signed in): ${options.databases.map((database) => DATABASES[database]).join(" and ")}
Node ${process.version} · ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}) · ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC
load average (1/5/15 min) ${load(loadAtStart)} at the start, ${load(os.loadavg())} at the end
${options.connections} keep-alive connections · ${options.warmupS} s warm-up + ${options.durationS} s measured per page, in ${options.rounds} rounds of every page in turn${options.sizes.length > 1 ? ",\neach on every size's server one after the other (both servers up from the start)" : ""}
portal from ${build}${postgres ? `\n${describePostgres(postgres)}` : ""}
The load generator runs in this process, on the same machine as the server${postgres ? " and PostgreSQL" : ""}:
they share the CPUs.`);
  const shownRows = new Set<Size>();
  for (const run of runs) {
    printRun(run, !shownRows.has(run.size));
    shownRows.add(run.size);
  }
  for (const database of options.databases) {
    const small = runs.find((run) => run.database === database && run.size === "S");
    const large = runs.find((run) => run.database === database && run.size === "L");
    if (small && large) printGrowth(database, small, large);
  }
  if (options.databases.length > 1) printSideBySide(runs, options);
  console.log(`
Floor: /accessibility, a static page of this portal: it goes through Remix, the root layout, the
session lookup and the header's counts like every page, and has no data of its own. ÷ floor: a
page's req/s ÷ the floor's in the same run (goal ≥ ${FLOOR_GOAL}), i.e. what its own data and markup cost.
healthz ("bare"): /healthz, an Express handler answering one SELECT 1 outside Remix, without a
session: the bare-server reference; ÷ healthz is shown for information only.
Latency: request sent → response fully read, per request, nearest-rank percentiles over the
measured seconds. req/s: responses ÷ elapsed seconds over all connections. Queries: SQL
statements the server sent for one warm GET (after one unmeasured GET), counted by
bench/count-queries.mjs; BEGIN/COMMIT shown as "+n tx"; the session lookup is included. Server
RSS is the Node process alone. Requests carry no Accept-Encoding: no compression is measured.`);
}

// ---------------------------------------------------------------------------------------------

async function countQueries(portal: Portal, target: Target, cookie: string): Promise<QueryCount> {
  const agent = new http.Agent({ keepAlive: false });
  const url = new URL(target.path, portal.url);
  try {
    await get(agent, url, cookie);
    await sleep(50);
    const before = await queryCount(portal);
    if (target.before) await target.before();
    await get(agent, url, cookie);
    // Work the server finishes after answering (e.g. refreshing a session) belongs to the request too.
    await sleep(200);
    const after = await queryCount(portal);
    return { queries: after.queries - before.queries, transactionStatements: after.transactionStatements - before.transactionStatements };
  } finally {
    agent.destroy();
  }
}

/**
 * What a change to the data behind the audit of activity does to it, without changing what it
 * shows: the version of scope "audit" goes up (the database's triggers do the same on every real
 * change, decision 016), so the next view reads everything again.
 */
async function auditChanger(databaseUrl: string): Promise<{ change: () => Promise<void>; close: () => Promise<void> }> {
  const sql = `UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit'`;
  if (databaseUrl.startsWith("file:")) {
    const connection = new BetterSqlite3(databaseUrl.slice("file:".length), { timeout: 5_000 });
    const statement = connection.prepare(sql);
    return { change: async () => void statement.run(), close: async () => void connection.close() };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return { change: async () => void (await pool.query(sql)), close: () => pool.end() };
}

/** A fresh, empty database for one run, and what removes it. */
async function freshDatabase(database: Database, size: Size, tempDir: string, postgres: PostgresServer | undefined) {
  if (database === "postgresql") {
    const created = await createBenchDatabase(postgres!, "pages", size.toLowerCase());
    return { url: created.url, where: `the PostgreSQL database ${created.name}`, remove: created.drop };
  }
  const file = path.join(tempDir, `portal-${size}.db`);
  const remove = undoneWithRun(`the SQLite database ${file}`, async () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  });
  return { url: `file:${file}`, where: file, remove };
}

/** One size's data and server, ready to measure: what every round needs of it. */
type Prepared = {
  size: Size;
  label: string;
  generated: Generated;
  portal: Portal;
  targets: Target[];
  queries: Map<string, QueryCount>;
  rssIdleKb: number | null;
  results: Map<string, Result>;
  close: () => Promise<void>;
};

async function prepareSize(database: Database, size: Size, tempDir: string, postgres: PostgresServer | undefined): Promise<Prepared> {
  const label = `${DATABASES[database]}, size ${size}`;
  const { url: databaseUrl, where, remove } = await freshDatabase(database, size, tempDir, postgres);
  console.log(`${label}: generating the data in ${where}…`);
  const generated = await generateData(databaseUrl, size);
  console.log(`${label}: generated in ${(generated.elapsedMs / 1000).toFixed(1)} s; starting the portal…`);
  const portal = await startPortal({ DATABASE_URL: databaseUrl }, { preload: "./bench/count-queries.mjs" });
  const changer = await auditChanger(databaseUrl);
  const rssIdleKb = residentKb(portal.child.pid);
  const base = `/initiatives/${generated.initiativeId}`;
  const targets: Target[] = [
    { name: "accessibility", path: "/accessibility", role: "floor" },
    { name: "dashboard", path: base, role: "page" },
    { name: "feed", path: `${base}/updates`, role: "page" },
    { name: "funding", path: `${base}/funding`, role: "page" },
    { name: "assessment", path: `${base}/assessment/${generated.roundId}`, role: "page" },
    { name: "activity", path: "/activity", role: "page" },
    // Each view after a change to what the audit reads across every initiative: its cold cost.
    { name: "activity, changed", path: "/activity", role: "info", before: changer.change },
    { name: "healthz", path: "/healthz", role: "bare" },
  ];
  const queries = new Map<string, QueryCount>();
  for (const target of targets) {
    try {
      const response = await fetch(new URL(target.path, portal.url), { headers: { Cookie: generated.cookie }, redirect: "manual" });
      const body = await response.text();
      if (response.status !== 200) throw new BenchError(`${target.path} answered ${response.status}, not 200: ${body.slice(0, 300)}`);
      if (target.role !== "bare" && !body.startsWith("<!DOCTYPE html>")) throw new BenchError(`${target.path} did not answer with an HTML document.`);
      queries.set(target.name, await countQueries(portal, target, generated.cookie));
    } catch (error) {
      if (error instanceof BenchError) throw error;
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      throw new BenchError(`GET ${target.path} failed (${errorReason(error)}${cause})${stoppedText(portal)}:\n${portal.output.join("\n")}`);
    }
  }
  const close = async () => {
    await changer.close();
    await stop(portal.child);
    await remove();
  };
  return { size, label, generated, portal, targets, queries, rssIdleKb, results: new Map(), close };
}

const stoppedText = (portal: Portal) =>
  hasExited(portal.child) ? ` (the portal stopped: ${portal.child.signalCode ?? `exit code ${portal.child.exitCode}`})` : "";

/** One measured (or warm-up) stretch of one target on one size's server. */
async function measureOnce(prepared: Prepared, target: Target, options: Options, seconds: number, keep: boolean) {
  const part = await load(prepared.portal.url, target, prepared.generated.cookie, options.connections, seconds, keep);
  if (hasExited(prepared.portal.child))
    throw new BenchError(`The portal of ${prepared.label} stopped during the run:\n${prepared.portal.output.join("\n")}`);
  return part;
}

/**
 * Every size of one database, measured together: both data sets are generated and both servers
 * started first, then the measured time comes in rounds, and in each round every target in turn
 * on every size's server, one straight after the other (S then L, L then S in the next round). A
 * change in the machine's speed during the run then falls on the floor and the pages, and on S
 * and L, alike: the growth L ÷ S compares two measurements seconds apart, not minutes.
 */
async function runDatabase(database: Database, options: Options, tempDir: string, postgres: PostgresServer | undefined): Promise<Run[]> {
  const prepared: Prepared[] = [];
  try {
    for (const size of options.sizes) prepared.push(await prepareSize(database, size, tempDir, postgres));
    if (options.warmupS > 0) {
      for (const each of prepared) for (const target of each.targets) await measureOnce(each, target, options, options.warmupS, false);
    }
    const seconds = options.durationS / options.rounds;
    for (let round = 1; round <= options.rounds; round += 1) {
      const order = round % 2 === 1 ? prepared : [...prepared].reverse();
      process.stdout.write(`${DATABASES[database]}, round ${round} of ${options.rounds} (req/s):`);
      for (const target of prepared[0]!.targets) {
        process.stdout.write(` ${target.name}`);
        for (const each of order) {
          const own = each.targets.find((candidate) => candidate.name === target.name)!;
          const part = await measureOnce(each, own, options, seconds, true);
          process.stdout.write(` ${each.size} ${fixed(perSecond(part), 0)}`);
          const before = each.results.get(target.name);
          each.results.set(target.name, before ? combined(before, part) : part);
        }
        process.stdout.write(";");
      }
      console.log("");
    }
    return prepared.map((each) => {
      const warnings = warningsOf(each.portal);
      if (warnings.length > 0) console.log(`The portal of ${each.label} printed:\n  ${warnings.join("\n  ")}`);
      const { size, generated, queries, rssIdleKb } = each;
      return { database, size, generated, results: [...each.results.values()], queries, rssKb: residentKb(each.portal.child.pid), rssIdleKb };
    });
  } finally {
    for (const each of prepared) await each.close();
  }
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const loadAtStart = os.loadavg();
  process.chdir(ROOT);
  const postgres = options.databases.includes("postgresql") ? await preparePostgres(options.postgresUrl, "pages") : undefined;
  const build = ensureBuild(options.build);
  const tempDir = tempDirForRun("pages");
  const runs: Run[] = [];
  for (const database of options.databases) runs.push(...(await runDatabase(database, options, tempDir, postgres)));
  printReport(runs, options, build, loadAtStart, postgres);
  return 0;
}

await runBenchmark(main, "stopping the server, removing the temporary databases");
