/**
 * `npm run bench:realtime [-- --clients 100,1000 --posts 30 --pause-ms 100 --build]` (issue 7)
 *
 * How long a post takes to reach every member who has the portal open: from the moment the
 * post's HTTP response (302) arrives to the moment each of N connected member clients receives
 * its `invalidate` event, p50 and p99, next to a bare socket.io broadcast of the same payload
 * measured in the same run as the floor.
 *
 * The portal runs from its production build on a fresh, migrated SQLite file in a temporary
 * folder; the data (agencies, one initiative per N with N members and a lead, a session each) is
 * written straight through the app's own modules. The portal, the floor server and the clients
 * each run in their own process. A benchmark, not a test: it prints its figures and exits, 0 when
 * every delivery arrived, 1 with a sentence saying why otherwise.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { migrateDatabase } from "../app/utils/migrate.server";
import { now, type FromClients, type Target, type ToClients } from "./protocol";
import { BenchError, captureOutput, ensureBuild, freePort, hasExited, percentile, ROOT, runBenchmark, track, removedWithRun } from "./support";

/** Connections opened at once: enough to be quick, few enough not to flood the server. */
const CONNECT_BATCH = 50;
/** Per connection and join; generous, because joins queue behind the presence announcements of earlier ones. */
const JOIN_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 30_000;
/** How long the servers may stay busy after clients connect or leave before we measure anyway. */
const SETTLE_LIMIT_MS = 180_000;
const CATEGORIES = ["information", "announcement", "decision", "help_request"] as const;
const AGENCIES = [
  { name: "Benchmark Community Health NHS Trust", sector: "health" },
  { name: "Benchmark Children's Services", sector: "social_services" },
  { name: "Benchmark Education Service", sector: "education" },
] as const;


// ---------------------------------------------------------------------------------------------
// Options

type Options = { clients: number[]; posts: number; pauseMs: number; build: boolean };

const USAGE = `Usage: npm run bench:realtime -- [--clients 100,1000] [--posts 30] [--pause-ms 100] [--build]
  --clients   numbers of connected member clients, one run each (default 100,1000)
  --posts     measured posts per run, after one warm-up post (default 30)
  --pause-ms  pause between posts (default 100)
  --build     build the production app first (otherwise only when build/server.js is missing)`;

function readOptions(args: string[]): Options | null {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        clients: { type: "string", default: "100,1000" },
        posts: { type: "string", default: "30" },
        "pause-ms": { type: "string", default: "100" },
        build: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    throw new BenchError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) return null;
  return {
    clients: values.clients.split(",").map((part) => wholeNumber("--clients", part, 1)),
    posts: wholeNumber("--posts", values.posts, 1),
    pauseMs: wholeNumber("--pause-ms", values["pause-ms"], 0),
    build: values.build,
  };
}

function wholeNumber(option: string, text: string, min: number) {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < min) {
    throw new BenchError(`${option} takes whole numbers of at least ${min} (got "${text}").\n${USAGE}`);
  }
  return value;
}


/** A TypeScript child with an IPC channel, run through tsx like this script. */
function forkTs(file: string) {
  return track(fork(path.join(ROOT, file), [], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
}

// ---------------------------------------------------------------------------------------------
// The portal: its build, its data and its server

/** One initiative with N members: what one run of the benchmark needs. */
type Population = { clients: number; initiativeId: string; leadCookie: string; memberCookies: string[] };

async function seed(databaseUrl: string, sizes: number[]): Promise<Population[]> {
  await migrateDatabase(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  process.env.SECURE_COOKIES = "false";
  // NOTE: imported only now, because these modules read DATABASE_URL when first imported.
  const { prisma } = await import("../app/utils/db.server");
  const { createSessionCookie } = await import("../app/utils/auth.server");
  // The cookie header a browser would send back: the part of Set-Cookie before the first ";".
  const cookieFor = async (userId: string) => (await createSessionCookie(userId, "realtime-latency benchmark")).split(";")[0]!;
  try {
    const agencies: { id: string }[] = [];
    for (const agency of AGENCIES) agencies.push(await prisma.agency.create({ data: agency, select: { id: true } }));
    const populations: Population[] = [];
    for (const [run, size] of sizes.entries()) {
      const tag = `run${run + 1}-n${size}`;
      const lead = await prisma.user.create({
        data: { name: `Lead ${tag}`, email: `lead-${tag}@bench.example.gov.uk`, jobTitle: "Partnership lead", agencyId: agencies[0]!.id },
      });
      const initiative = await prisma.initiative.create({
        data: {
          name: `Benchmark initiative ${tag}`,
          targetGroup: "Children with special educational needs",
          modelOfActivity: "decision_making_group",
          aims: "Measure how fast updates reach every member.",
          localAuthority: "Benchshire",
          startDate: new Date("2026-04-01T00:00:00Z"),
          rationales: { create: [{ rationale: "target_group_needs" }] },
          agencies: { create: agencies.map((agency) => ({ agencyId: agency.id })) },
          memberships: { create: { userId: lead.id, role: "lead", agencyId: lead.agencyId } },
        },
      });
      // Members spread over the three agencies.
      await prisma.user.createMany({
        data: Array.from({ length: size }, (_, i) => ({
          name: `Member ${i + 1} ${tag}`,
          email: `member-${i + 1}-${tag}@bench.example.gov.uk`,
          jobTitle: "Practitioner",
          agencyId: agencies[i % agencies.length]!.id,
        })),
      });
      const members = await prisma.user.findMany({
        where: { email: { endsWith: `-${tag}@bench.example.gov.uk`, startsWith: "member-" } },
        select: { id: true, agencyId: true },
      });
      await prisma.membership.createMany({
        data: members.map((member) => ({ initiativeId: initiative.id, userId: member.id, role: "member", agencyId: member.agencyId })),
      });
      const memberCookies: string[] = [];
      for (let first = 0; first < members.length; first += 100) {
        memberCookies.push(...(await Promise.all(members.slice(first, first + 100).map((member) => cookieFor(member.id)))));
      }
      populations.push({ clients: size, initiativeId: initiative.id, leadCookie: await cookieFor(lead.id), memberCookies });
    }
    return populations;
  } finally {
    await prisma.$disconnect();
  }
}

type Server = { url: string; child: ChildProcess };
/** The portal keeps its last lines of output, to explain a failure and show its warnings. */
type PortalServer = Server & { output: string[] };

async function startPortal(databaseUrl: string): Promise<PortalServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    AUTH_RATE_LIMIT_PER_MINUTE: "1000000",
    SECURE_COOKIES: "false",
    TRUST_PROXY: "0",
  };
  delete env.ADMIN_EMAIL;
  const child = track(spawn(process.execPath, ["build/server.js"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] }));
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = now() + START_TIMEOUT_MS;
  while (now() < deadline) {
    if (hasExited(child)) {
      throw new BenchError(`The portal stopped before it was ready (${child.signalCode ?? `exit code ${child.exitCode}`}):\n${output.join("\n")}`);
    }
    const healthy = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (healthy) return { url, child, output };
    await sleep(100);
  }
  throw new BenchError(`The portal did not answer /healthz within ${START_TIMEOUT_MS / 1000} s:\n${output.join("\n")}`);
}

async function startFloor(): Promise<Server> {
  const child = forkTs("bench/floor-server.ts");
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError("The floor server did not start within 30 s.")), START_TIMEOUT_MS);
    child.once("message", (message: { type: "listening"; port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new BenchError(`The floor server stopped before it was ready (exit code ${code}).`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

// ---------------------------------------------------------------------------------------------
// The clients process: one request at a time, one answer each

class Clients {
  private waiting?: { expect: FromClients["type"]; resolve: (message: FromClients) => void; reject: (error: Error) => void };

  constructor(readonly child: ChildProcess) {
    child.on("message", (message: FromClients) => {
      const waiting = this.waiting;
      if (!waiting) return;
      this.waiting = undefined;
      if (message.type === "failed") waiting.reject(new BenchError(`The clients could not connect: ${message.message}`));
      else if (message.type !== waiting.expect) waiting.reject(new BenchError(`The clients answered "${message.type}" to a request for "${waiting.expect}".`));
      else waiting.resolve(message);
    });
    child.once("exit", (code, signal) => {
      this.waiting?.reject(new BenchError(`The clients process stopped (${signal ?? `exit code ${code}`}).`));
      this.waiting = undefined;
    });
  }

  request<T extends FromClients["type"]>(message: ToClients, expect: T, timeoutMs: number): Promise<Extract<FromClients, { type: T }>> {
    if (this.waiting) throw new Error("One request to the clients at a time.");
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new BenchError(`The clients did not answer "${message.type}" within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      this.waiting = {
        expect,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer as Extract<FromClients, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.child.send(message);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every usual kernel). */
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in brackets and may hold spaces: utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Waits until none of the processes is busy (under 10% of a core for half a second), so that
 * the work of connecting or disconnecting clients is not counted as delivery latency. Without
 * /proc (not Linux), a fixed two seconds. Returns how long it took.
 */
async function settle(processes: ChildProcess[]): Promise<number> {
  const started = now();
  if (!existsSync("/proc/self/stat")) {
    await sleep(2_000);
    return now() - started;
  }
  const windowMs = 500;
  let before = processes.map((child) => cpuTicks(child.pid));
  while (now() - started < SETTLE_LIMIT_MS) {
    await sleep(windowMs);
    const after = processes.map((child) => cpuTicks(child.pid));
    const busiest = Math.max(...after.map((ticks, i) => ticks - before[i]!));
    before = after;
    if (busiest / TICKS_PER_SECOND <= 0.1 * (windowMs / 1000)) return now() - started;
  }
  console.warn(`The servers were still busy after ${SETTLE_LIMIT_MS / 1000} s; measuring anyway.`);
  return now() - started;
}

type Sent = { postId: string; sentAt: number; respondedAt: number };

/** fetch, with a failure explained: which server, and its last words if it has stopped. */
async function fetchFrom(server: Server | PortalServer, name: string, url: string, init: RequestInit) {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    const stopped = hasExited(server.child)
      ? ` It has stopped (${server.child.signalCode ?? `exit code ${server.child.exitCode}`})${"output" in server ? `:\n${server.output.join("\n")}` : "."}`
      : "";
    throw new BenchError(`The ${name} did not answer a post (${cause}).${stopped}`);
  }
}

/** One post to the portal's updates feed, as the browser's form sends it. */
async function postToPortal(portal: PortalServer, population: Population, index: number): Promise<Sent> {
  const sentAt = now();
  const response = await fetchFrom(portal, "portal", `${portal.url}/initiatives/${population.initiativeId}/updates?index`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: population.leadCookie, Origin: portal.url },
    body: new URLSearchParams({
      intent: "post",
      category: CATEGORIES[index % CATEGORIES.length]!,
      body: `Benchmark update ${index}: the next strategic planning meeting moves to Thursday.`,
    }),
  });
  const respondedAt = now();
  const text = await response.text();
  if (response.status !== 302) {
    throw new BenchError(`The portal answered post ${index} with ${response.status} instead of a redirect (302): ${text.slice(0, 300)}`);
  }
  const postId = /#post-([A-Za-z0-9]+)$/.exec(response.headers.get("location") ?? "")?.[1];
  if (!postId) throw new BenchError(`The portal's redirect after post ${index} names no post: ${response.headers.get("location")}`);
  return { postId, sentAt, respondedAt };
}

/** The same payload through the bare server. */
async function postToFloor(floor: Server, population: Population, index: number): Promise<Sent> {
  const postId = `floor${index}x${Math.random().toString(36).slice(2, 10)}`;
  const sentAt = now();
  const response = await fetchFrom(floor, "floor server", `${floor.url}/post`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ id: postId, initiativeId: population.initiativeId }),
  });
  const respondedAt = now();
  await response.arrayBuffer();
  if (response.status !== 204) throw new BenchError(`The floor server answered post ${index} with ${response.status} instead of 204.`);
  return { postId, sentAt, respondedAt };
}

type Phase = {
  /** Receipt − response, one per client and post, in ms; negative when the event beat the response. */
  latencies: number[];
  /** Receipt − start of the post's request, in ms: includes the server's work on the post. */
  fromRequest: number[];
  /** Request to response of each post, in ms. */
  responseMs: number[];
  missing: number;
  duplicates: number;
  connectMs: number;
  settleMs: number;
  presenceEvents: number;
  presenceUserIds: number;
  lostConnections: number;
};

async function measure(
  clients: Clients,
  target: Target,
  servers: ChildProcess[],
  options: Options,
  post: (index: number) => Promise<Sent>,
): Promise<Phase> {
  const clientCount = target.kind === "portal" ? target.cookies.length : target.clients;
  // Joining is sequential per batch: allow generous time per batch, never forever.
  const connectTimeoutMs = 60_000 + Math.ceil(clientCount / CONNECT_BATCH) * JOIN_TIMEOUT_MS;
  const { elapsedMs: connectMs } = await clients.request(
    { type: "connect", target, batchSize: CONNECT_BATCH, joinTimeoutMs: JOIN_TIMEOUT_MS },
    "connected",
    connectTimeoutMs,
  );
  const settleMs = await settle([...servers, clients.child]);
  const phase: Phase = {
    latencies: [],
    fromRequest: [],
    responseMs: [],
    missing: 0,
    duplicates: 0,
    connectMs,
    settleMs,
    presenceEvents: 0,
    presenceUserIds: 0,
    lostConnections: 0,
  };
  // Post 0 warms up (connections, code paths) and is not counted.
  for (let index = 0; index <= options.posts; index++) {
    const sent = await post(index);
    const collected = await clients.request(
      { type: "collect", postId: sent.postId, timeoutMs: DELIVERY_TIMEOUT_MS },
      "collected",
      DELIVERY_TIMEOUT_MS + 10_000,
    );
    if (collected.postId !== sent.postId) throw new BenchError(`The clients reported post ${collected.postId} for ${sent.postId}.`);
    if (index > 0) {
      phase.responseMs.push(sent.respondedAt - sent.sentAt);
      phase.duplicates += collected.duplicates;
      for (const receivedAt of collected.receivedAt) {
        if (receivedAt === null) phase.missing += 1;
        else {
          phase.latencies.push(receivedAt - sent.respondedAt);
          phase.fromRequest.push(receivedAt - sent.sentAt);
        }
      }
    }
    await sleep(options.pauseMs);
  }
  const left = await clients.request({ type: "disconnect" }, "disconnected", 60_000);
  phase.presenceEvents = left.presenceEvents;
  phase.presenceUserIds = left.presenceUserIds;
  phase.lostConnections = left.lostConnections;
  // Leaving sets off work too (presence announcements): let it finish before the next phase.
  await settle([...servers, clients.child]);
  return phase;
}

// ---------------------------------------------------------------------------------------------
// The report

const ms = (value: number) => (Number.isNaN(value) ? "–" : `${value.toFixed(2)} ms`);
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

type Row = { clients: number; portal: Phase; floor: Phase };

function printReport(rows: Row[], options: Options, build: string, loadAtStart: number) {
  const cpus = os.cpus();
  const load = (value: number) => value.toFixed(1);
  console.log(`
Real-time delivery latency: from a post's HTTP response to its "invalidate" at every member client
Node ${process.version} · ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}) · ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC
load average ${load(loadAtStart)} at the start, ${load(os.loadavg()[0]!)} at the end (1 min; above the CPU count, other work on the machine weighs on the figures)
${options.posts} posts per run after one warm-up, ${options.pauseMs} ms apart · portal from ${build}
`);
  const table = [
    ["clients", "portal p50", "portal p99", "floor p50", "floor p99", "p99 portal/floor", "missing (portal/floor)"],
    ...rows.map(({ clients, portal, floor }) => {
      const portalP99 = percentile(portal.latencies, 99);
      const floorP99 = percentile(floor.latencies, 99);
      return [
        String(clients),
        ms(percentile(portal.latencies, 50)),
        ms(portalP99),
        ms(percentile(floor.latencies, 50)),
        ms(floorP99),
        floorP99 > 0 ? `${(portalP99 / floorP99).toFixed(1)}×` : "–",
        `${portal.missing} / ${floor.missing}`,
      ];
    }),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const [i, row] of table.entries()) {
    console.log(row.map((cell, column) => (column === 0 || column === row.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" │ "));
    if (i === 0) console.log(widths.map((width) => "─".repeat(width)).join("─┼─"));
  }
  const negatives = (phase: Phase) => `${phase.latencies.filter((value) => value < 0).length} of ${phase.latencies.length}`;
  console.log(`
Latency = receipt at a client − arrival of the post's HTTP response, both read as
performance.timeOrigin + performance.now() in their own processes. An event can beat the
response, so a latency may be negative; none is clamped. Percentiles are nearest-rank over every
client and post of a run; the floor is plain http + socket.io with the portal's options, no database.
The floor answers after writing its broadcast, while the portal answers first and publishes after
one more database read, so "post request → receipt" below compares the two from the same start.`);
  for (const { clients, portal, floor } of rows) {
    const both = (label: string, portalText: string, floorText: string) => console.log(`  ${label.padEnd(44)} portal ${portalText}; floor ${floorText}`);
    const p50p99 = (values: number[]) => `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}`;
    console.log(`\nN = ${clients}:`);
    both("negative latencies (event before response):", negatives(portal), negatives(floor));
    both("post request → response:", p50p99(portal.responseMs), p50p99(floor.responseMs));
    both("post request → receipt at a client:", p50p99(portal.fromRequest), p50p99(floor.fromRequest));
    both("connecting and joining, then busy for:", `${seconds(portal.connectMs)} + ${seconds(portal.settleMs)}`, `${seconds(floor.connectMs)} + ${seconds(floor.settleMs)}`);
    both("presence events received (user ids in them):", `${portal.presenceEvents} (${portal.presenceUserIds})`, `${floor.presenceEvents} (${floor.presenceUserIds})`);
    if (portal.duplicates + floor.duplicates > 0) both("duplicate deliveries:", String(portal.duplicates), String(floor.duplicates));
    if (portal.lostConnections + floor.lostConnections > 0) {
      both("connections dropped by the server:", String(portal.lostConnections), String(floor.lostConnections));
    }
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = readOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const loadAtStart = os.loadavg()[0]!;
  process.chdir(ROOT);
  const build = ensureBuild(options.build);
  const tempDir = removedWithRun(mkdtempSync(path.join(os.tmpdir(), "portal-bench-")));
  const databaseUrl = `file:${path.join(tempDir, "portal.db")}`;

  console.log(`Creating ${options.clients.map((n) => `${n} members`).join(" and ")} in ${databaseUrl}…`);
  const populations = await seed(databaseUrl, options.clients);
  const portal = await startPortal(databaseUrl);
  const floor = await startFloor();
  const clients = new Clients(forkTs("bench/clients.ts"));

  const rows: Row[] = [];
  for (const population of populations) {
    console.log(`N = ${population.clients}: portal…`);
    const portalPhase = await measure(
      clients,
      { kind: "portal", url: portal.url, initiativeId: population.initiativeId, cookies: population.memberCookies },
      [portal.child, floor.child],
      options,
      (index) => postToPortal(portal, population, index),
    );
    console.log(`N = ${population.clients}: floor…`);
    const floorPhase = await measure(
      clients,
      { kind: "floor", url: floor.url, initiativeId: population.initiativeId, clients: population.clients },
      [portal.child, floor.child],
      options,
      (index) => postToFloor(floor, population, index),
    );
    rows.push({ clients: population.clients, portal: portalPhase, floor: floorPhase });
  }

  printReport(rows, options, build, loadAtStart);
  const warnings = portal.output.filter((line) => !line.startsWith("Partnership Portal is running") && !line.startsWith("Database ready"));
  if (warnings.length > 0) console.log(`\nThe portal printed:\n  ${warnings.join("\n  ")}`);

  const missing = rows.reduce((sum, row) => sum + row.portal.missing + row.floor.missing, 0);
  if (missing > 0) {
    console.error(`\n${missing} deliveries did not arrive within ${DELIVERY_TIMEOUT_MS / 1000} s: the figures above leave them out.`);
    return 1;
  }
  return 0;
}

await runBenchmark(main, "stopping the servers and clients, removing the temporary database");
