/**
 * The abusive client of bench/abuse.ts, in its own process so that its work does not share an
 * event loop with the one timing /healthz. Started with `fork` (tsx loader, IPC channel): on
 * `start` it sends the abusive shapes in turn, `abusers` at a time, each as soon as the last was
 * answered, until `stop`; then it answers with what it sent and what came back.
 */
import http from "node:http";

export type AbuseShape = "repeated field" | "huge list position" | "150 MB body" | "deep nesting" | "JSON body" | "broken address";
export const SHAPES: AbuseShape[] = ["repeated field", "huge list position", "150 MB body", "deep nesting", "JSON body", "broken address"];

export type ShapeResult = { sent: number; statuses: Record<string, number>; totalMs: number; worstMs: number };
/** `harmless`: the control, an ordinary request (the favicon) sent the same way instead of the abusive shapes. */
export type ToAbuser = { type: "start"; url: string; abusers: number; paceMs: number; harmless: boolean } | { type: "stop" };
export type FromAbuser = { type: "done"; results: Record<AbuseShape, ShapeResult> };

/** Each abusive request gives up after this long (the portal before decision 019 could take over a minute). */
const REQUEST_TIMEOUT_MS = 120_000;
const MEGABYTE = Buffer.alloc(1024 * 1024, "a");

type Sent = { status: string };

/** One request; the body is sent in pieces until the server answers (or all of it is sent). */
function request(url: string, path: string, { method = "POST", headers = {}, pieces = [] as Buffer[], repeat = 1 }): Promise<Sent> {
  return new Promise((resolve) => {
    let answered = false;
    const req = http.request(`${url}${path}`, { method, headers: { Origin: url, ...headers }, agent: false, timeout: REQUEST_TIMEOUT_MS });
    req.on("response", (response) => {
      answered = true;
      response.resume();
      response.on("end", () => resolve({ status: String(response.statusCode) }));
      response.on("error", () => resolve({ status: String(response.statusCode) }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (error) => {
      if (!answered) resolve({ status: error.message === "timeout" ? "no answer" : "connection closed" });
    });
    let sent = 0;
    const write = () => {
      while (!answered && sent < repeat * pieces.length) {
        const piece = pieces[sent % pieces.length]!;
        sent += 1;
        if (!req.write(piece)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

const form = { "Content-Type": "application/x-www-form-urlencoded" };
const repeatedField = Buffer.from("a=&".repeat(50_000));
const deepNesting = Buffer.from(`a${"[0]".repeat(5000)}=1`);

const send: Record<AbuseShape, (url: string) => Promise<Sent>> = {
  // An unauthenticated sign-in post with one field 50,000 times: 150 KB.
  "repeated field": (url) =>
    request(url, "/sign-in", { headers: { ...form, "Content-Length": String(repeatedField.length) }, pieces: [repeatedField] }),
  "huge list position": (url) => request(url, "/sign-in", { headers: form, pieces: [Buffer.from("f[5000000]=1")] }),
  "150 MB body": (url) =>
    request(url, "/sign-in", { headers: { ...form, "Content-Length": String(150 * MEGABYTE.length) }, pieces: [MEGABYTE], repeat: 150 }),
  "deep nesting": (url) => request(url, "/sign-in", { headers: form, pieces: [deepNesting] }),
  "JSON body": (url) =>
    request(url, "/sign-in.data", {
      headers: { "Content-Type": "application/json" },
      pieces: [Buffer.from('{"email":"a@example.gov.uk","password":"x"}')],
    }),
  "broken address": (url) => request(url, "/initiatives/%E0%A4%A", { method: "GET" }),
};

let running = false;
const results = Object.fromEntries(SHAPES.map((shape) => [shape, { sent: 0, statuses: {}, totalMs: 0, worstMs: 0 }])) as Record<
  AbuseShape,
  ShapeResult
>;
let loops: Promise<void>[] = [];

const harmlessRequest = (url: string) => request(url, "/favicon.ico", { method: "GET" });

async function abuse(url: string, offset: number, paceMs: number, harmless: boolean) {
  for (let i = offset; running; i++) {
    const shape = SHAPES[i % SHAPES.length]!;
    // Paced: the next request starts paceMs after this one did (or at once if it took longer).
    const next = performance.now() + paceMs;
    const started = performance.now();
    const { status } = await (harmless ? harmlessRequest(url) : send[shape](url));
    const ms = performance.now() - started;
    const result = results[shape];
    result.sent += 1;
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    result.totalMs += ms;
    result.worstMs = Math.max(result.worstMs, ms);
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

process.on("message", (message: ToAbuser) => {
  if (message.type === "start") {
    running = true;
    loops = Array.from({ length: message.abusers }, (_, i) => abuse(message.url, i, message.paceMs, message.harmless));
  } else {
    running = false;
    // The request in flight is finished, not cut off: the server may be busy with it either way.
    void Promise.all(loops).then(() => {
      process.send?.({ type: "done", results } satisfies FromAbuser);
      for (const result of Object.values(results)) Object.assign(result, { sent: 0, statuses: {}, totalMs: 0, worstMs: 0 });
    });
  }
});
