/**
 * `npm run bench:realtime [-- --clients 100,1000 --posts 30 --pause-ms 100 --instances 1 --database sqlite --build]`
 * `npm run bench:fanout` (the same with `--instances 2 --clients 1000 --database sqlite,postgresql`)
 * (issue 7; issue 10, benchmarks 3 and 4)
 *
 * How long a post takes to reach every member who has the portal open: from the moment the
 * post's HTTP response (302) arrives to the moment each of N connected member clients receives
 * its `invalidate` event, p50 and p99, next to a bare socket.io broadcast of the same payload
 * measured in the same run as the floor, and the ratio of their p99s (goal: at most 2).
 *
 * With `--instances 2`, the fan-out over several instances: two portal processes of the same
 * build on the same database and the same Redis (REDIS_URL, a REDIS_PREFIX of this run), the
 * even-numbered clients connected to A and the odd to B, posts made through A and B in turn; the
 * floor is then two bare socket.io servers joined by the portal's own Redis adapter, the clients
 * split and the broadcasts alternated the same way. With one instance there is no Redis.
 *
 * `--database sqlite,postgresql` repeats the run on each database, printed side by side: a fresh,
 * migrated SQLite file in a temporary folder (shared by the instances, in WAL mode), and a fresh
 * PostgreSQL database `portal_bench_realtime_<pid>` created on the server of `--postgres-url`
 * (default BENCH_POSTGRES_URL; bench/postgres.ts) and dropped afterwards. The data
 * (agencies, one initiative per N with N members and a lead, a session each) is written through
 * the app's own modules (bench/realtime-seed.ts). Memory: the resident set size (VmRSS) of every
 * portal and floor process after start, with the clients connected, and after the posts.
 *
 * The portals, the floor servers and the clients each run in their own process. A benchmark, not
 * a test: it prints its figures and exits, 0 when every delivery arrived, 1 with a sentence saying
 * why otherwise. The database, the temporary folder and the run's Redis keys go with it on every
 * way out.
 */
import { type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "redis";
import { withoutPassword } from "../app/utils/env.server";
import { createBenchDatabase, DEFAULT_POSTGRES_URL, describePostgres, preparePostgres, type PostgresServer } from "./postgres";
import { instanceFor, now, type FromClients, type Target, type ToClients } from "./protocol";
import type { Population } from "./realtime-seed";
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
  serviceUrl,
  startPortal,
  stop,
  tempDirForRun,
  undoneWithRun,
  warningsOf,
  type Database,
  type Portal,
} from "./support";

/** Connections opened at once: enough to be quick, few enough not to flood the server. */
const CONNECT_BATCH = 50;
/** Per connection and join; generous, because joins queue behind the presence announcements of earlier ones. */
const JOIN_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 30_000;
const SEED_TIMEOUT_MS = 300_000;
/** How long the servers may stay busy after clients connect or leave before we measure anyway. */
const SETTLE_LIMIT_MS = 180_000;
/** p99 of the portal ÷ p99 of the floor, at most (issue 10, benchmark 3). */
const RATIO_GOAL = 2;
const CATEGORIES = ["information", "announcement", "decision", "help_request"] as const;
/** Instances are named A, B… in the report. */
const instanceName = (index: number) => String.fromCharCode(65 + index);

// ---------------------------------------------------------------------------------------------
// Options

type Options = {
  clients: number[];
  posts: number;
  pauseMs: number;
  instances: number;
  databases: Database[];
  redisUrl: string;
  postgresUrl: string | undefined;
  build: boolean;
};

const USAGE = `Usage: npm run bench:realtime -- [--clients 100,1000] [--posts 30] [--pause-ms 100] [--instances 1|2]
                                  [--database sqlite,postgresql] [--redis-url URL] [--postgres-url URL] [--build]
  --clients       numbers of connected member clients, one run each (default 100,1000)
  --posts         measured posts per run, after one warm-up post (default 30)
  --pause-ms      pause between posts (default 100)
  --instances     portal instances, 1 or 2; two share Redis, and the clients are split between them (default 1)
  --database      sqlite and/or postgresql, one run each, side by side (default sqlite)
  --redis-url     the Redis two instances share, where this run uses keys of its own (default redis://127.0.0.1:6379)
  --postgres-url  a PostgreSQL server where this run may create and drop a database
                  (default BENCH_POSTGRES_URL, or ${DEFAULT_POSTGRES_URL})
  --build         build the production app first (otherwise only when build/server.js is missing)`;

function readOptions(args: string[]): Options | null {
  const line = commandLine(USAGE);
  const values = line.parse(args, {
    clients: { type: "string", default: "100,1000" },
    posts: { type: "string", default: "30" },
    "pause-ms": { type: "string", default: "100" },
    instances: { type: "string", default: "1" },
    database: { type: "string", default: "sqlite" },
    "redis-url": { type: "string", default: "redis://127.0.0.1:6379" },
    "postgres-url": { type: "string" },
    build: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  });
  if (values.help) return null;
  const instances = Number(values.instances.trim());
  if (instances !== 1 && instances !== 2) throw line.mistake(`--instances takes 1 or 2 (got "${values.instances}").`);
  return {
    clients: values.clients.split(",").map((part) => line.wholeNumber("--clients", part, 1)),
    posts: line.wholeNumber("--posts", values.posts, 1),
    pauseMs: line.wholeNumber("--pause-ms", values["pause-ms"], 0),
    instances,
    databases: line.databases(values.database),
    redisUrl: serviceUrl("--redis-url", values["redis-url"], ["redis:", "rediss:"]),
    postgresUrl: values["postgres-url"],
    build: values.build,
  };
}

// ---------------------------------------------------------------------------------------------
// The services a run uses beyond this machine's processes: each answers, or one sentence says why not

type RedisClient = ReturnType<typeof createClient>;

async function withRedis(url: string, work: (client: RedisClient) => Promise<unknown>) {
  const client = createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: false } });
  // NOTE: a failure is reported by connect(); without a listener, its "error" event would stop the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new BenchError(
      `Could not connect to Redis at ${withoutPassword(url)} (${errorReason(error)}): start it, or name another with --redis-url.`,
    );
  }
  try {
    await work(client);
  } finally {
    await client.close();
  }
}

/**
 * A key and channel prefix of this run alone in the Redis at `url`, so that parallel runs, the
 * portal and the floor never hear each other; whatever keys it made go with the run.
 */
async function redisPrefixForRun(url: string) {
  const prefix = `portal-bench-${process.pid}-${randomBytes(3).toString("hex")}`;
  await withRedis(url, (client) => client.ping());
  undoneWithRun(`the Redis keys ${prefix}*`, () =>
    withRedis(url, async (client) => {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) keys.push(...batch);
      if (keys.length) await client.del(keys);
    }),
  );
  return prefix;
}

// ---------------------------------------------------------------------------------------------
// The servers

type Server = { url: string; child: ChildProcess };

/** The Redis that several instances share: its address and the prefix of their keys and channels. */
type SharedRedis = { url: string; prefix: string };

async function startPortals(databaseUrl: string, instances: number, redis: SharedRedis | undefined): Promise<Portal[]> {
  const env = { DATABASE_URL: databaseUrl, ...(redis ? { REDIS_URL: redis.url, REDIS_PREFIX: `${redis.prefix}-portal` } : {}) };
  return Promise.all(Array.from({ length: instances }, () => startPortal(env)));
}

async function startFloor(redis: SharedRedis | undefined): Promise<Server> {
  const env = { ...process.env };
  delete env.REDIS_URL;
  delete env.REDIS_PREFIX;
  if (redis) Object.assign(env, { REDIS_URL: redis.url, REDIS_PREFIX: `${redis.prefix}-floor` });
  const child = forkTs("bench/floor-server.ts", [], env);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError("The floor server did not start within 30 s.")), START_TIMEOUT_MS);
    child.once("message", (message: { type: "listening"; port: number } | { type: "failed"; message: string }) => {
      clearTimeout(timer);
      if (message.type === "listening") resolve(message.port);
      else reject(new BenchError(`The floor server could not start: ${message.message}`));
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
      else if (message.type !== waiting.expect)
        waiting.reject(new BenchError(`The clients answered "${message.type}" to a request for "${waiting.expect}".`));
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
      // NOTE: with a callback, a channel closed meanwhile (the clients stopped) is an answer, not an uncaught error.
      this.child.send(message, (error) => {
        if (!error || !this.waiting) return;
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting.reject(new BenchError(`The clients process could not be reached (${error.message}).`));
      });
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
async function fetchFrom(server: Server | Portal, name: string, url: string, init: RequestInit) {
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
async function postToPortal(portal: Portal, population: Population, index: number): Promise<Sent> {
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

/** The same payload through the bare server; its ids as long as the portal's (cuid, 25 characters). */
async function postToFloor(floor: Server, population: Population, index: number): Promise<Sent> {
  const postId = `floor${index}x${randomBytes(12).toString("hex")}`.slice(0, 25);
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

/** Resident set sizes in kB, one per server process of the phase (A, B…); null where unreadable. */
type Memory = (number | null)[];

type Phase = {
  /** Receipt − response, one per client and post, in ms; negative when the event beat the response. */
  latencies: number[];
  /** The same, split by where the client is: on the instance the post went through, or on another. */
  onPostingInstance: number[];
  onOtherInstance: number[];
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
  /** With every client connected and settled, before the first post; and after the last post. */
  memoryConnected: Memory;
  memoryAfterPosts: Memory;
};

const memoryOf = (servers: ChildProcess[]): Memory => servers.map((server) => residentKb(server.pid));

/**
 * Connects the clients to `target`, makes the posts and collects their receipts. `busy` are the
 * processes that must be idle before measuring (all servers and the clients), `measured` those of
 * the target (A, B…), whose memory is read.
 */
async function measure(
  clients: Clients,
  target: Target,
  busy: ChildProcess[],
  measured: ChildProcess[],
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
  const settleMs = await settle(busy);
  const phase: Phase = {
    latencies: [],
    onPostingInstance: [],
    onOtherInstance: [],
    fromRequest: [],
    responseMs: [],
    missing: 0,
    duplicates: 0,
    connectMs,
    settleMs,
    presenceEvents: 0,
    presenceUserIds: 0,
    lostConnections: 0,
    memoryConnected: memoryOf(measured),
    memoryAfterPosts: [],
  };
  const instances = target.urls.length;
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
      for (const [client, receivedAt] of collected.receivedAt.entries()) {
        if (receivedAt === null) phase.missing += 1;
        else {
          phase.latencies.push(receivedAt - sent.respondedAt);
          phase.fromRequest.push(receivedAt - sent.sentAt);
          const sameInstance = instanceFor(client, instances) === instanceFor(index, instances);
          (sameInstance ? phase.onPostingInstance : phase.onOtherInstance).push(receivedAt - sent.respondedAt);
        }
      }
    }
    await sleep(options.pauseMs);
  }
  phase.memoryAfterPosts = memoryOf(measured);
  const left = await clients.request({ type: "disconnect" }, "disconnected", 60_000);
  phase.presenceEvents = left.presenceEvents;
  phase.presenceUserIds = left.presenceUserIds;
  phase.lostConnections = left.lostConnections;
  // Leaving sets off work too (presence announcements): let it finish before the next phase.
  await settle(busy);
  return phase;
}

// ---------------------------------------------------------------------------------------------
// One database: a fresh one, its members, its own portal instances

type Row = { database: Database; clients: number; portal: Phase; floor: Phase; portalMemoryAtStart: Memory };

/** What a run shares across its databases: the floor servers, the clients and the Redis of several instances. */
type Shared = {
  options: Options;
  tempDir: string;
  redis: SharedRedis | undefined;
  postgres: PostgresServer | undefined;
  floors: Server[];
  clients: Clients;
};

async function runOn(database: Database, { options, tempDir, redis, postgres, floors, clients }: Shared) {
  const label = DATABASES[database];
  const created =
    database === "postgresql"
      ? await createBenchDatabase(postgres!, "realtime")
      : { url: `file:${path.join(tempDir, "portal.db")}`, drop: async () => undefined };
  console.log(`${label}: creating ${options.clients.map((n) => `${n} members`).join(" and ")} in ${withoutPassword(created.url)}…`);
  const populations = await resultOf<Population[]>(
    forkTs("bench/realtime-seed.ts", ["--clients", options.clients.join(",")], {
      ...process.env,
      DATABASE_URL: created.url,
      SECURE_COOKIES: "false",
    }),
    `Creating the members in ${label}`,
    SEED_TIMEOUT_MS,
  );
  const portals = await startPortals(created.url, options.instances, redis);
  const busy = [...portals, ...floors].map((server) => server.child).concat(clients.child);
  await settle(busy);
  const portalMemoryAtStart = memoryOf(portals.map((portal) => portal.child));

  const rows: Row[] = [];
  for (const population of populations) {
    const { clients: size, initiativeId } = population;
    console.log(`${label}, N = ${size}: portal…`);
    const portal = await measure(
      clients,
      { kind: "portal", urls: portals.map((server) => server.url), initiativeId, cookies: population.memberCookies },
      busy,
      portals.map((server) => server.child),
      options,
      (index) => postToPortal(portals[instanceFor(index, portals.length)]!, population, index),
    );
    console.log(`${label}, N = ${size}: floor…`);
    const floor = await measure(
      clients,
      { kind: "floor", urls: floors.map((server) => server.url), initiativeId, clients: size },
      busy,
      floors.map((server) => server.child),
      options,
      (index) => postToFloor(floors[instanceFor(index, floors.length)]!, population, index),
    );
    rows.push({ database, clients: size, portal, floor, portalMemoryAtStart });
  }

  const warnings = portals.flatMap((portal, i) => warningsOf(portal).map((line) => `${label}, portal ${instanceName(i)}: ${line}`));
  await Promise.all(portals.map((portal) => stop(portal.child)));
  await created.drop();
  return { rows, warnings };
}

// ---------------------------------------------------------------------------------------------
// The report

const ms = (value: number) => (Number.isNaN(value) ? "–" : `${value.toFixed(2)} ms`);
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const megabytes = (kb: number | null | undefined) => (kb == null ? "–" : `${(kb / 1024).toFixed(1)} MB`);
/** How many of N clients are on instance i (see instanceFor). */
const clientsOn = (instance: number, clients: number, instances: number) => Math.ceil((clients - instance) / instances);

function printReport(
  rows: Row[],
  floorMemoryAtStart: Memory,
  options: Options,
  redis: SharedRedis | undefined,
  postgres: PostgresServer | undefined,
  build: string,
  loadAtStart: number[],
) {
  const cpus = os.cpus();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(" ");
  const instances = options.instances;
  const setup = redis
    ? `${instances} portal instances (${Array.from({ length: instances }, (_, i) => instanceName(i)).join(", ")}) on one database and one Redis (${withoutPassword(redis.url)}, prefix ${redis.prefix}-portal):
the clients alternate between them, and so do the posts (A, B, A…; the warm-up through A). The floor:
${instances} bare socket.io servers joined by the portal's Redis adapter (prefix ${redis.prefix}-floor), clients and broadcasts
split the same way.`
    : "One portal instance, no Redis; the floor: one bare socket.io server.";
  console.log(`
Real-time fan-out: from a post's HTTP response to its "invalidate" at every member client
Node ${process.version} · ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}) · ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC
load average (1/5/15 min) ${load(loadAtStart)} at the start, ${load(os.loadavg())} at the end (above the CPU count, other work on the machine weighs on the figures)
${options.posts} posts per run after one warm-up, ${options.pauseMs} ms apart · portal from ${build}${postgres ? `\n${describePostgres(postgres)}` : ""}
${setup}
`);
  const sorted = [...rows].sort((a, b) => options.clients.indexOf(a.clients) - options.clients.indexOf(b.clients));
  printTable(
    [
      [
        "clients",
        "database",
        "portal p50",
        "portal p99",
        "floor p50",
        "floor p99",
        "p99 portal/floor",
        `goal ≤ ${RATIO_GOAL}`,
        "missed (portal/floor)",
      ],
      ...sorted.map(({ clients, database, portal, floor }) => {
        const portalP99 = percentile(portal.latencies, 99);
        const floorP99 = percentile(floor.latencies, 99);
        const ratio = floorP99 > 0 ? portalP99 / floorP99 : NaN;
        return [
          String(clients),
          DATABASES[database],
          ms(percentile(portal.latencies, 50)),
          ms(portalP99),
          ms(percentile(floor.latencies, 50)),
          ms(floorP99),
          Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "–",
          Number.isFinite(ratio) ? (ratio <= RATIO_GOAL ? "ok" : "MISSED") : "–",
          `${portal.missing} / ${floor.missing}`,
        ];
      }),
    ],
    [0, 1, 8],
  );

  console.log(`\nResident memory (VmRSS of each server process):\n`);
  const servers = Array.from({ length: instances }, (_, i) => i);
  printTable(
    [
      ["server", "database", "clients on it", "after start", "connected", "after the posts"],
      ...sorted.flatMap(({ clients, database, portal, floor, portalMemoryAtStart }) => [
        ...servers.map((i) => [
          `portal ${instanceName(i)}`,
          DATABASES[database],
          `${clientsOn(i, clients, instances)} of ${clients}`,
          megabytes(portalMemoryAtStart[i]),
          megabytes(portal.memoryConnected[i]),
          megabytes(portal.memoryAfterPosts[i]),
        ]),
        ...servers.map((i) => [
          `floor ${instanceName(i)}`,
          `(${DATABASES[database]} run)`,
          `${clientsOn(i, clients, instances)} of ${clients}`,
          megabytes(floorMemoryAtStart[i]),
          megabytes(floor.memoryConnected[i]),
          megabytes(floor.memoryAfterPosts[i]),
        ]),
      ]),
    ],
    [0, 1],
  );

  const negatives = (phase: Phase) => `${phase.latencies.filter((value) => value < 0).length} of ${phase.latencies.length}`;
  console.log(`
Latency = receipt at a client − arrival of the post's HTTP response, both read as
performance.timeOrigin + performance.now() in their own processes. An event can beat the
response, so a latency may be negative; none is clamped. Percentiles are nearest-rank over every
client and post of a run; the floor is plain http + socket.io with the portal's options, no database.
The floor answers after writing its broadcast, while the portal answers first and publishes after
one more database read, so "post request → receipt" below compares the two from the same start.
Memory "after start" is read once the servers are idle: the portals' when started for their
database, the floor servers' at the start of the benchmark (they serve every database's runs).`);
  for (const { clients, database, portal, floor } of sorted) {
    const both = (label: string, portalText: string, floorText: string) =>
      console.log(`  ${label.padEnd(44)} portal ${portalText}; floor ${floorText}`);
    const p50p99 = (values: number[]) => `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}`;
    console.log(`\n${DATABASES[database]}, N = ${clients}:`);
    both("negative latencies (event before response):", negatives(portal), negatives(floor));
    both("post request → response:", p50p99(portal.responseMs), p50p99(floor.responseMs));
    both("post request → receipt at a client:", p50p99(portal.fromRequest), p50p99(floor.fromRequest));
    if (instances > 1) {
      both("latency, clients on the posting instance:", p50p99(portal.onPostingInstance), p50p99(floor.onPostingInstance));
      both("latency, clients on the other instance:", p50p99(portal.onOtherInstance), p50p99(floor.onOtherInstance));
    }
    both(
      "connecting and joining, then busy for:",
      `${seconds(portal.connectMs)} + ${seconds(portal.settleMs)}`,
      `${seconds(floor.connectMs)} + ${seconds(floor.settleMs)}`,
    );
    both(
      "presence events received (user ids in them):",
      `${portal.presenceEvents} (${portal.presenceUserIds})`,
      `${floor.presenceEvents} (${floor.presenceUserIds})`,
    );
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
  const loadAtStart = os.loadavg();
  process.chdir(ROOT);
  const build = ensureBuild(options.build);
  // The services first: a run that cannot finish should not start.
  const redis = options.instances > 1 ? { url: options.redisUrl, prefix: await redisPrefixForRun(options.redisUrl) } : undefined;
  const postgres = options.databases.includes("postgresql") ? await preparePostgres(options.postgresUrl, "realtime") : undefined;
  const tempDir = tempDirForRun("realtime");

  const floors = await Promise.all(Array.from({ length: options.instances }, () => startFloor(redis)));
  await settle(floors.map((floor) => floor.child));
  const floorMemoryAtStart = memoryOf(floors.map((floor) => floor.child));
  const clients = new Clients(forkTs("bench/clients.ts"));

  const rows: Row[] = [];
  const warnings: string[] = [];
  for (const database of options.databases) {
    const run = await runOn(database, { options, tempDir, redis, postgres, floors, clients });
    rows.push(...run.rows);
    warnings.push(...run.warnings);
  }

  printReport(rows, floorMemoryAtStart, options, redis, postgres, build, loadAtStart);
  if (warnings.length > 0) console.log(`\nThe portal printed:\n  ${warnings.join("\n  ")}`);

  const missing = rows.reduce((sum, row) => sum + row.portal.missing + row.floor.missing, 0);
  if (missing > 0) {
    console.error(`\n${missing} deliveries did not arrive within ${DELIVERY_TIMEOUT_MS / 1000} s: the figures above leave them out.`);
    return 1;
  }
  return 0;
}

await runBenchmark(main, "stopping the servers and clients, removing the temporary database and the run's Redis keys");
