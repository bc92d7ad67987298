/**
 * `npm run bench:abuse [-- --duration 30 --rounds 3 --abusers 1 --pace 0 --interval 20 --build]` (issue 19)
 *
 * Whether requests that cost more than they should can stall the portal for everyone else
 * (decision 019). The production build is started on a fresh SQLite file; a client in this
 * process times GET /healthz (one request every `--interval` ms, each sent when the last was
 * answered) while nothing else happens ("quiet"), then while another process
 * (bench/abuse-client.ts) sends the abusive shapes one after another, as soon as each is answered
 * ("abuse"): a field repeated 50,000 times (150 KB), a huge list position (`f[5000000]=1`), a
 * 150 MB body, deeply nested field names, a JSON body, a broken %-escape in the address. The
 * measured time comes in rounds, quiet, then harmless traffic (the control: the same client
 * sending an ordinary request, the favicon, in the same way), then abuse, so that a change in the
 * machine's speed during the run falls on all three.
 *
 * It prints the worst and the 99th-percentile /healthz latency of each, and the worst under abuse
 * divided by the worst in quiet (goal: at most 2) and by the worst under harmless traffic, with
 * what the abusive requests got back and the server's peak memory. NOTE: one worst latency out of
 * a thousand is the machine's noise as much as the portal's (a harmless flood moves it as much):
 * read it beside the p99 and the control. A benchmark, not a test: it prints its figures and exits 0, or 1 with
 * a sentence saying why.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { AbuseShape, FromAbuser, ShapeResult, ToAbuser } from "./abuse-client";
import {
  BenchError,
  commandLine,
  ensureBuild,
  forkTs,
  percentile,
  printTable,
  ROOT,
  runBenchmark,
  startPortal,
  tempDirForRun,
  warningsOf,
  type Portal,
} from "./support";

const RATIO_GOAL = 2;

type Options = { durationS: number; rounds: number; abusers: number; paceMs: number; intervalMs: number; build: boolean };

const USAGE = `Usage: npm run bench:abuse -- [--duration 30] [--rounds 3] [--abusers 1] [--pace 0] [--interval 20] [--build]
  --duration  seconds of quiet and as many of abuse, in all (default 30)
  --rounds    the measured seconds come in this many rounds of quiet then abuse (default 3)
  --abusers   abusive requests in flight at once (default 1)
  --pace      each abuser starts a request at most every this many ms (default 0: as soon as the
              last is answered, a flood that takes all the CPU it can)
  --interval  milliseconds between two /healthz requests (default 20)
  --build     build the production app first (otherwise only when build/server.js is missing)`;

function readOptions(args: string[]): Options | null {
  const line = commandLine(USAGE);
  const values = line.parse(args, {
    duration: { type: "string", default: "30" },
    rounds: { type: "string", default: "3" },
    abusers: { type: "string", default: "1" },
    pace: { type: "string", default: "0" },
    interval: { type: "string", default: "20" },
    build: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  });
  if (values.help) return null;
  return {
    durationS: line.wholeNumber("--duration", values.duration, 1),
    rounds: line.wholeNumber("--rounds", values.rounds, 1),
    abusers: line.wholeNumber("--abusers", values.abusers, 1),
    paceMs: line.wholeNumber("--pace", values.pace, 0),
    intervalMs: line.wholeNumber("--interval", values.interval, 1),
    build: values.build,
  };
}

// ---------------------------------------------------------------------------------------------
// Timing /healthz

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET /healthz: its latency in ms (request sent → answer read), and whether it was a 200. */
function healthz(url: string): Promise<{ ms: number; ok: boolean }> {
  return new Promise((resolve) => {
    const sent = performance.now();
    const request = http.get(`${url}/healthz`, { agent }, (response) => {
      response.resume();
      response.on("end", () => resolve({ ms: performance.now() - sent, ok: response.statusCode === 200 }));
    });
    request.on("error", () => resolve({ ms: performance.now() - sent, ok: false }));
  });
}

type Timings = { latencies: number[]; failures: number; serverCpuMs: number };

/** /healthz every `intervalMs` for `seconds` (the next one as soon as the last is answered, if that took longer). */
async function timeHealthz(url: string, seconds: number, intervalMs: number, into: Timings) {
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const { ms, ok } = await healthz(url);
    into.latencies.push(ms);
    if (!ok) into.failures += 1;
    if (ms < intervalMs) await sleep(intervalMs - ms);
  }
}

// ---------------------------------------------------------------------------------------------
// The abusive client, in its own process

type Abuser = { start(harmless?: boolean): void; stop(): Promise<FromAbuser["results"]> };

function abuser(url: string, abusers: number, paceMs: number): Abuser {
  const child = forkTs("bench/abuse-client.ts");
  return {
    start: (harmless = false) => child.send({ type: "start", url, abusers, paceMs, harmless } satisfies ToAbuser),
    stop: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new BenchError("The abusive client did not stop within 3 minutes.")), 180_000);
        child.once("message", (message: FromAbuser) => {
          clearTimeout(timer);
          resolve(message.results);
        });
        child.send({ type: "stop" } satisfies ToAbuser);
      }),
  };
}

function addResults(into: Partial<Record<AbuseShape, ShapeResult>>, results: FromAbuser["results"]) {
  for (const [shape, result] of Object.entries(results) as Array<[AbuseShape, ShapeResult]>) {
    const sum = (into[shape] ??= { sent: 0, statuses: {}, totalMs: 0, worstMs: 0 });
    sum.sent += result.sent;
    sum.totalMs += result.totalMs;
    sum.worstMs = Math.max(sum.worstMs, result.worstMs);
    for (const [status, count] of Object.entries(result.statuses)) sum.statuses[status] = (sum.statuses[status] ?? 0) + count;
  }
}

/** The server's peak resident set size (VmHWM) in MB; null without /proc. */
function peakMemoryMb(pid: number | undefined): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time the server has used so far (user + system), in ms; null without /proc. */
function cpuMs(pid: number | undefined): number | null {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses; in clock ticks (100 a second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /s, "")
      .split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Waits until /healthz answers within a second again: the server may still be busy with an abusive request. */
async function untilCalm(url: string) {
  const deadline = performance.now() + 180_000;
  while (performance.now() < deadline) {
    if ((await healthz(url)).ms < 1000) return;
  }
  throw new BenchError("The portal was still slow to answer /healthz 3 minutes after the abuse stopped.");
}

// ---------------------------------------------------------------------------------------------

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

async function measure(portal: Portal, options: Options) {
  const quiet: Timings = { latencies: [], failures: 0, serverCpuMs: 0 };
  const harmless: Timings = { latencies: [], failures: 0, serverCpuMs: 0 };
  const abused: Timings = { latencies: [], failures: 0, serverCpuMs: 0 };
  const shapes: Partial<Record<AbuseShape, ShapeResult>> = {};
  const client = abuser(portal.url, options.abusers, options.paceMs);
  // Warm-up, not measured: the server's first answers of each kind are slower (JIT, the first query).
  await timeHealthz(portal.url, 2, options.intervalMs, { latencies: [], failures: 0, serverCpuMs: 0 });
  client.start();
  await timeHealthz(portal.url, 2, options.intervalMs, { latencies: [], failures: 0, serverCpuMs: 0 });
  await client.stop();
  await untilCalm(portal.url);

  const roundS = options.durationS / options.rounds;
  const pid = portal.child.pid;
  for (let round = 1; round <= options.rounds; round++) {
    let cpuAtStart = cpuMs(pid) ?? NaN;
    await timeHealthz(portal.url, roundS, options.intervalMs, quiet);
    quiet.serverCpuMs += (cpuMs(pid) ?? NaN) - cpuAtStart;
    cpuAtStart = cpuMs(pid) ?? NaN;
    client.start(true);
    await timeHealthz(portal.url, roundS, options.intervalMs, harmless);
    harmless.serverCpuMs += (cpuMs(pid) ?? NaN) - cpuAtStart;
    await client.stop();
    await untilCalm(portal.url);
    cpuAtStart = cpuMs(pid) ?? NaN;
    client.start();
    await timeHealthz(portal.url, roundS, options.intervalMs, abused);
    abused.serverCpuMs += (cpuMs(pid) ?? NaN) - cpuAtStart;
    addResults(shapes, await client.stop());
    await untilCalm(portal.url);
    console.log(`Round ${round} of ${options.rounds} done.`);
  }
  return { quiet, harmless, abused, shapes };
}

function printReport(options: Options, build: string, loadAtStart: number[], portal: Portal, figures: Awaited<ReturnType<typeof measure>>) {
  const { quiet, harmless, abused, shapes } = figures;
  const cpus = os.cpus();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(" ");
  const worst = (timings: Timings) => Math.max(...timings.latencies);
  const ratio = worst(abused) / worst(quiet);
  const p99Ratio = percentile(abused.latencies, 99) / percentile(quiet.latencies, 99);
  const controlRatio = worst(abused) / worst(harmless);
  const controlP99Ratio = percentile(abused.latencies, 99) / percentile(harmless.latencies, 99);
  console.log(`
Abusive requests against /healthz (issue 19): the production build on SQLite
Node ${process.version} · ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}) · ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC
load average (1/5/15 min) ${load(loadAtStart)} at the start, ${load(os.loadavg())} at the end
${options.durationS} s each of quiet, harmless traffic and abuse, in ${options.rounds} rounds · /healthz every ${options.intervalMs} ms · ${options.abusers} abusive request(s) at a time, ${options.paceMs ? `one every ${options.paceMs} ms each` : "each sent as soon as the last was answered"}
portal from ${build}; the abusive client runs in its own process, on the same machine: they share the CPUs.
`);
  printTable([
    ["/healthz", "requests", "failed", "p50 ms", "p99 ms", "worst ms", "server CPU"],
    ...(
      [
        ["quiet", quiet],
        ["harmless traffic", harmless],
        ["under abuse", abused],
      ] as const
    ).map(([name, timings]) => [
      name,
      String(timings.latencies.length),
      String(timings.failures),
      fixed(percentile(timings.latencies, 50), 2),
      fixed(percentile(timings.latencies, 99), 2),
      fixed(worst(timings), 2),
      `${fixed((timings.serverCpuMs / (options.durationS * 1000)) * 100, 0)} %`,
    ]),
  ]);
  console.log(
    `\nWorst under abuse ÷ worst in quiet: ${fixed(ratio, 2)} (goal ≤ ${RATIO_GOAL}: ${ratio <= RATIO_GOAL ? "ok" : "MISSED"}); p99 ÷ p99: ${fixed(p99Ratio, 2)}`,
  );
  console.log(`Under abuse ÷ under harmless traffic sent the same way: worst ${fixed(controlRatio, 2)}, p99 ${fixed(controlP99Ratio, 2)}\n`);
  printTable([
    ["abusive request", "sent", "answers", "mean ms", "worst ms"],
    ...(Object.entries(shapes) as Array<[AbuseShape, ShapeResult]>).map(([shape, result]) => [
      shape,
      String(result.sent),
      Object.entries(result.statuses)
        .map(([status, count]) => `${status} ×${count}`)
        .join(", "),
      fixed(result.totalMs / Math.max(1, result.sent)),
      fixed(result.worstMs),
    ]),
  ]);
  const abusive = Object.values(shapes).reduce((sum, result) => sum + result.sent, 0);
  console.log(
    `\nServer CPU per abusive request: ${fixed((abused.serverCpuMs - quiet.serverCpuMs) / Math.max(1, abusive), 2)} ms (CPU under abuse less CPU in quiet, ÷ requests).`,
  );
  const peak = peakMemoryMb(portal.child.pid);
  console.log(`\nServer peak memory (VmHWM): ${peak === null ? "–" : `${fixed(peak)} MB`}`);
  const warnings = warningsOf(portal);
  if (warnings.length > 0) console.log(`\nThe portal printed:\n${warnings.slice(-10).join("\n")}`);
  console.log(`
Latency: request sent → answer read, one /healthz at a time on a keep-alive connection.
Server CPU: the portal process's user + system time over the measured seconds, as a share of one CPU.
Abusive requests: each on a connection of its own, sent as soon as the last was answered, or at
most one every --pace ms (each given up
after 120 s); the 150 MB body is sent in 1 MB pieces until the server answers. Harmless
traffic: GET /favicon.ico, sent the same way.`);
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
  const tempDir = tempDirForRun("abuse");
  const portal = await startPortal({ DATABASE_URL: `file:${path.join(tempDir, "abuse.db")}` });
  const figures = await measure(portal, options);
  printReport(options, build, loadAtStart, portal, figures);
  return 0;
}

await runBenchmark(main, "stopping the server and the abusive client, removing the temporary database");
