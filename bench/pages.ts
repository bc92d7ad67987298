/**
 * `npm run bench:pages [-- --size S,L --duration 10 --connections 10 --warmup 2 --build]` (issue 10,
 * benchmarks 1, 2 and 4, SQLite)
 *
 * How fast the busiest pages answer with a realistic amount of data, and whether they slow down
 * as the data grows. For each size, a fresh SQLite database is generated (bench/generate.ts), the
 * production build is started on it, and a keep-alive load generator in this process sends GETs
 * of the Remix document at a fixed concurrency for a fixed time, page after page, signed in as
 * the lead of one initiative who is also a portal administrator. /healthz (one `SELECT 1`, no
 * session, no React) measured in the same run is the floor.
 *
 * Queries per page are counted without touching the app: the server is started with
 * `--import ./bench/count-queries.mjs`, which wraps better-sqlite3's prepare. Memory is the
 * server's resident set size (VmRSS) after the runs. A benchmark, not a test: it prints its
 * figures and exits 0, or 1 with a sentence saying why.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { Generated, Size } from "./generate";
import { BenchError, ensureBuild, forkTs, hasExited, percentile, printTable, processHasEnded, removedWithRun, residentKb, resultOf, ROOT, runBenchmark, startPortal, stop, warningsOf, type Portal } from "./support";

const SIZES: Record<Size, true> = { S: true, L: true };

const GENERATE_TIMEOUT_MS = 600_000;
const FLOOR_GOAL = 0.5;
const GROWTH_GOAL = 1.5;


// ---------------------------------------------------------------------------------------------
// Options

type Options = { sizes: Size[]; durationS: number; connections: number; warmupS: number; build: boolean };

const USAGE = `Usage: npm run bench:pages -- [--size S,L] [--duration 10] [--connections 10] [--warmup 2] [--build]
  --size         data set sizes, one run each: S (50 initiatives) and/or L (500) (default S,L)
  --duration     seconds of measured load per page (default 10)
  --connections  concurrent keep-alive connections (default 10)
  --warmup       seconds of unmeasured load per page before it (default 2)
  --build        build the production app first (otherwise only when build/server.js is missing)`;

function readOptions(args: string[]): Options | null {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        size: { type: "string", default: "S,L" },
        duration: { type: "string", default: "10" },
        connections: { type: "string", default: "10" },
        warmup: { type: "string", default: "2" },
        build: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new BenchError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) return null;
  const sizes = values.size.split(",").map((part) => part.trim().toUpperCase());
  for (const size of sizes) if (!(size in SIZES)) throw new BenchError(`--size takes S and/or L (got "${size}").\n${USAGE}`);
  return {
    sizes: sizes as Size[],
    durationS: wholeNumber("--duration", values.duration, 1),
    connections: wholeNumber("--connections", values.connections, 1),
    warmupS: wholeNumber("--warmup", values.warmup, 0),
    build: values.build,
  };
}

function wholeNumber(option: string, text: string, min: number) {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < min) throw new BenchError(`${option} takes whole numbers of at least ${min} (got "${text}").\n${USAGE}`);
  return value;
}


/**
 * Under `tsx`, a Ctrl-C can end this process with SIGKILL (tsx's signal relay gives a busy child
 * 60 ms to acknowledge it), before the temporary folder goes: its name carries our pid, and a
 * later run removes the folders of runs no longer alive.
 */
const TEMP_PREFIX = "portal-bench-pages-";
function removeAbandonedTempDirs() {
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (pid && pid !== process.pid && processHasEnded(pid)) rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
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

type Target = { name: string; path: string };
type Result = { name: string; requests: number; errors: number; statuses: Set<number>; seconds: number; latencies: number[]; bytes: number };

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
  const result: Result = { name: target.name, requests: 0, errors: 0, statuses: new Set(), seconds: 0, latencies: [], bytes: 0 };
  const started = performance.now();
  const end = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
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

// ---------------------------------------------------------------------------------------------

type Run = { size: Size; generated: Generated; results: Result[]; queries: Map<string, QueryCount>; rssKb: number | null; rssIdleKb: number | null };

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const mark = (ok: boolean) => (ok ? "ok" : "MISSED");

function printReport(runs: Run[], options: Options, build: string, loadAtStart: number[]) {
  const cpus = os.cpus();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(" ");
  console.log(`
Page throughput and latency (GET of the Remix document, signed in), SQLite
Node ${process.version} · ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}) · ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC
load average (1/5/15 min) ${load(loadAtStart)} at the start, ${load(os.loadavg())} at the end
${options.connections} keep-alive connections · ${options.warmupS} s warm-up + ${options.durationS} s measured per page · portal from ${build}
The load generator runs in this process, on the same machine as the server: they share the CPUs.`);
  for (const run of runs) {
    const floor = run.results.find((result) => result.name === "healthz");
    const floorRps = floor ? floor.requests / floor.seconds : NaN;
    console.log(
      `\nSize ${run.size}: data generated in ${fixed(run.generated.elapsedMs / 1000)} s (` +
        Object.entries(run.generated.rows).map(([name, count]) => `${count.toLocaleString("en-GB")} ${name}`).join(", ") +
        `)\nserver RSS ${run.rssIdleKb === null ? "–" : `${fixed(run.rssIdleKb / 1024)} MB`} after start, ${run.rssKb === null ? "–" : `${fixed(run.rssKb / 1024)} MB`} after the runs\n`,
    );
    printTable([
      ["page", "requests", "req/s", "p50 ms", "p99 ms", "floor ratio", "goal ≥0.5", "queries", "KB/page", "non-200"],
      ...run.results.map((result) => {
        const rps = result.requests / result.seconds;
        const ratio = rps / floorRps;
        const count = run.queries.get(result.name);
        return [
          result.name,
          String(result.requests),
          fixed(rps),
          fixed(percentile(result.latencies, 50), 2),
          fixed(percentile(result.latencies, 99), 2),
          result.name === "healthz" ? "1.00" : fixed(ratio, 2),
          result.name === "healthz" ? "" : mark(ratio >= FLOOR_GOAL),
          count ? `${count.queries}${count.transactionStatements ? ` +${count.transactionStatements} tx` : ""}` : "–",
          fixed(result.bytes / Math.max(1, result.requests) / 1024),
          result.errors ? `${result.errors} (${[...result.statuses].join(",")})` : "0",
        ];
      }),
    ]);
  }
  const small = runs.find((run) => run.size === "S");
  const large = runs.find((run) => run.size === "L");
  if (small && large) {
    console.log(`\nGrowth from S to L (L ÷ S; goal ≤ ${GROWTH_GOAL} for p50 and p99):\n`);
    printTable([
      ["page", "p50 S", "p50 L", "p50 ×", "p99 S", "p99 L", "p99 ×", "goal", "queries S → L"],
      ...small.results.map((s) => {
        const l = large.results.find((result) => result.name === s.name)!;
        const [p50s, p50l, p99s, p99l] = [percentile(s.latencies, 50), percentile(l.latencies, 50), percentile(s.latencies, 99), percentile(l.latencies, 99)];
        const [g50, g99] = [p50l / p50s, p99l / p99s];
        return [
          s.name,
          fixed(p50s, 2),
          fixed(p50l, 2),
          fixed(g50, 2),
          fixed(p99s, 2),
          fixed(p99l, 2),
          fixed(g99, 2),
          mark(g50 <= GROWTH_GOAL && g99 <= GROWTH_GOAL),
          `${small.queries.get(s.name)?.queries ?? "–"} → ${large.queries.get(s.name)?.queries ?? "–"}`,
        ];
      }),
    ]);
  }
  console.log(`
Latency: request sent → response fully read, per request, nearest-rank percentiles over the measured
seconds. req/s: responses ÷ elapsed seconds over all connections. Floor ratio: a page's req/s ÷
/healthz req/s in the same run. Queries: SQL statements the server prepared for one warm GET (after
one unmeasured GET), counted by bench/count-queries.mjs; BEGIN/COMMIT shown as "+n tx"; the session
lookup is included. Requests carry no Accept-Encoding, so no compression is measured.`);
}

// ---------------------------------------------------------------------------------------------

async function countQueries(portal: Portal, target: Target, cookie: string): Promise<QueryCount> {
  const agent = new http.Agent({ keepAlive: false });
  const url = new URL(target.path, portal.url);
  try {
    await get(agent, url, cookie);
    await sleep(50);
    const before = await queryCount(portal);
    await get(agent, url, cookie);
    // Work the server finishes after answering (e.g. refreshing a session) belongs to the request too.
    await sleep(200);
    const after = await queryCount(portal);
    return { queries: after.queries - before.queries, transactionStatements: after.transactionStatements - before.transactionStatements };
  } finally {
    agent.destroy();
  }
}

async function runSize(size: Size, options: Options, tempDir: string): Promise<Run> {
  const databaseUrl = `file:${path.join(tempDir, `portal-${size}.db`)}`;
  console.log(`Size ${size}: generating the data in ${databaseUrl}…`);
  const generated = await generateData(databaseUrl, size);
  console.log(`Size ${size}: generated in ${(generated.elapsedMs / 1000).toFixed(1)} s; starting the portal…`);
  const portal = await startPortal({ DATABASE_URL: databaseUrl }, { preload: "./bench/count-queries.mjs" });
  const rssIdleKb = residentKb(portal.child.pid);
  const base = `/initiatives/${generated.initiativeId}`;
  const targets: Target[] = [
    { name: "healthz", path: "/healthz" },
    { name: "dashboard", path: base },
    { name: "feed", path: `${base}/updates` },
    { name: "funding", path: `${base}/funding` },
    { name: "assessment", path: `${base}/assessment/${generated.roundId}` },
    { name: "activity", path: "/activity" },
  ];
  const queries = new Map<string, QueryCount>();
  for (const target of targets) {
    const response = await fetch(new URL(target.path, portal.url), { headers: { Cookie: generated.cookie }, redirect: "manual" });
    const body = await response.text();
    if (response.status !== 200) throw new BenchError(`${target.path} answered ${response.status}, not 200: ${body.slice(0, 300)}`);
    if (target.name !== "healthz" && !body.startsWith("<!DOCTYPE html>")) throw new BenchError(`${target.path} did not answer with an HTML document.`);
    queries.set(target.name, await countQueries(portal, target, generated.cookie));
  }
  const results: Result[] = [];
  for (const target of targets) {
    process.stdout.write(`Size ${size}: ${target.name}… `);
    if (options.warmupS > 0) await load(portal.url, target, generated.cookie, options.connections, options.warmupS, false);
    const result = await load(portal.url, target, generated.cookie, options.connections, options.durationS, true);
    console.log(`${fixed(result.requests / result.seconds)} req/s`);
    if (hasExited(portal.child)) throw new BenchError(`The portal stopped during the run:\n${portal.output.join("\n")}`);
    results.push(result);
  }
  const rssKb = residentKb(portal.child.pid);
  const warnings = warningsOf(portal);
  if (warnings.length > 0) console.log(`The portal printed:\n  ${warnings.join("\n  ")}`);
  await stop(portal.child);
  rmSync(path.join(tempDir, `portal-${size}.db`), { force: true });
  return { size, generated, results, queries, rssKb, rssIdleKb };
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const loadAtStart = os.loadavg();
  process.chdir(ROOT);
  const build = ensureBuild(options.build);
  removeAbandonedTempDirs();
  const tempDir = removedWithRun(mkdtempSync(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`)));
  const runs: Run[] = [];
  for (const size of options.sizes) runs.push(await runSize(size, options, tempDir));
  printReport(runs, options, build, loadAtStart);
  return 0;
}

await runBenchmark(main, "stopping the server, removing the temporary databases");
