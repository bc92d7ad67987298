import http from "node:http";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase, dropDatabases } from "../setup/postgres";
import { postUpdate, requireBuild, seedInitiative, startPortal, temporaryFolder, type Portal } from "./portal";

/**
 * Requests that cost more than they should (issue 19, decision 019), sent over real HTTP to the
 * production build, started as an operator who never set NODE_ENV would start it. Each abusive
 * shape gets a short plain answer (no stack trace, no install path), at once, and the server
 * goes on answering everyone else.
 */
const folder = temporaryFolder();
let portal: Portal;
let seeded: Awaited<ReturnType<typeof seedInitiative>>;

/**
 * A refusal is a few milliseconds of work; this bound leaves a hundredfold for a busy machine,
 * and is still far below what these requests cost before the limits (4 s for a huge list
 * position, over a minute for a field repeated 50,000 times).
 */
const FAST_MS = 2_000;

beforeAll(async () => {
  requireBuild();
  const databaseUrl = `file:${path.join(folder.dir, "limits.db")}`;
  seeded = await seedInitiative(databaseUrl, 1);
  // NODE_ENV empty is NODE_ENV unset, for the portal and for Express alike.
  portal = await startPortal({ DATABASE_URL: databaseUrl, NODE_ENV: "" });
});

afterAll(async () => {
  await portal?.stop();
  folder.remove();
});

type Answer = { status: number; text: string; contentType: string; cacheControl: string; ms: number };

/** One request as a browser or a script would send it; fails after 15 s. */
async function send(target: string, init: RequestInit & { headers?: Record<string, string> } = {}, base = portal.url): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${base}${target}`, {
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
    ...init,
    headers: init.method && init.method !== "GET" ? { Origin: base, ...init.headers } : init.headers,
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    contentType: response.headers.get("content-type") ?? "",
    cacheControl: response.headers.get("cache-control") ?? "",
    ms: performance.now() - started,
  };
}

const form = (body: string, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  body,
});

/** A short plain sentence, at once: nothing of the code or the machine it runs on. */
function expectPlainRefusal(answer: Pick<Answer, "status" | "text" | "contentType" | "ms">, status: number, says: RegExp) {
  expect({ status: answer.status, text: answer.text.trim() }).toMatchObject({ status, text: expect.stringMatching(says) });
  expect(answer.contentType).toMatch(/^text\/plain/);
  expect(answer.text.length).toBeLessThan(300);
  expect(answer.text).not.toMatch(/^\s+at /m);
  expect(answer.text).not.toMatch(/\/work\/|node_modules|\.[jt]sx?:\d/);
  expect(answer.ms).toBeLessThan(FAST_MS);
}

async function expectStillServing() {
  const health = await send("/healthz");
  expect(health.status).toBe(200);
}

test("a form field repeated 50,000 times (150 KB) is refused at once", async () => {
  const answer = await send("/sign-in", form("a=&".repeat(50_000)));
  expectPlainRefusal(answer, 400, /more than 2,000 fields/);
  await expectStillServing();
});

test("a field name with a huge list position (f[5000000]=1, 12 bytes) is refused at once, with a short answer", async () => {
  const answer = await send("/sign-in", form("f[5000000]=1"));
  expectPlainRefusal(answer, 400, /list position over 999/);
});

test("deeply nested field names are refused, not a stack overflow", async () => {
  expectPlainRefusal(await send("/sign-in", form(`a${"[0]".repeat(5000)}=1`)), 400, /field name longer than 100 characters/);
  expectPlainRefusal(await send("/sign-in", form("a.b.c.d.e.f=1")), 400, /nested more than 5 levels/);
});

test("a JSON body, or a post with no form at all, to a page is refused with 415", async () => {
  const json = { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"email":"a@b.c"}' };
  expectPlainRefusal(await send("/sign-in", json), 415, /takes forms only/);
  expectPlainRefusal(await send("/sign-in.data", json), 415, /takes forms only/);
  expectPlainRefusal(await send("/sign-in", { method: "POST" }), 415, /takes forms only/);
});

/**
 * A post whose body is sent in 1 MB pieces, as fast as the server takes them, until it answers;
 * `declare` says its length up front (Content-Length), otherwise it is chunked.
 */
function postLargeBody(target: string, { declare, totalMb }: { declare: boolean; totalMb: number }) {
  return new Promise<Answer & { sentMb: number }>((resolve, reject) => {
    const started = performance.now();
    const headers: Record<string, string> = { Origin: portal.url, "Content-Type": "application/x-www-form-urlencoded" };
    if (declare) headers["Content-Length"] = String(totalMb * 1024 * 1024);
    const request = http.request(`${portal.url}${target}`, { method: "POST", headers, agent: false });
    const piece = Buffer.alloc(1024 * 1024, "a");
    let sentMb = 0;
    let answered = false;
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`No answer within 10 s, after ${sentMb} MB of the body.`));
    }, 10_000);
    request.on("response", (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          text,
          contentType: String(response.headers["content-type"]),
          cacheControl: String(response.headers["cache-control"]),
          ms: performance.now() - started,
          sentMb,
        });
      });
    });
    // Writing after the answer fails with EPIPE or ECONNRESET: the server has stopped reading, as it should.
    request.on("error", (error) => (answered ? undefined : reject(error)));
    const write = () => {
      while (!answered && sentMb < totalMb) {
        sentMb += 1;
        if (!request.write(piece)) return void request.once("drain", write);
      }
      if (!answered) request.end();
    };
    write();
  });
}

test("a 150 MB body is refused as soon as it says how large it is, without being read", async () => {
  const answer = await postLargeBody("/sign-in", { declare: true, totalMb: 150 });
  expectPlainRefusal(answer, 413, /too large: the portal takes forms of up to 512 KB/);
  // The answer came while the first few megabytes were still on their way.
  expect(answer.sentMb).toBeLessThan(20);
  await expectStillServing();
});

test("a body that does not say its length is cut off at 512 KB", async () => {
  const answer = await postLargeBody("/sign-in", { declare: false, totalMb: 150 });
  expectPlainRefusal(answer, 413, /too large/);
  expect(answer.sentMb).toBeLessThan(20);
  await expectStillServing();
});

test("a NUL character in a form is refused before it reaches the database, and nothing is saved", async () => {
  const answer = await send(
    `/initiatives/${seeded.initiativeId}/updates?index`,
    form(new URLSearchParams({ intent: "post", category: "information", body: "Before\0after" }).toString(), { Cookie: seeded.lead.cookie }),
  );
  expectPlainRefusal(answer, 400, /null character/);
  const posts = new Database(path.join(folder.dir, "limits.db"), { readonly: true });
  try {
    expect(posts.prepare("SELECT count(*) AS n FROM Post WHERE body LIKE 'Before%'").get()).toEqual({ n: 0 });
  } finally {
    posts.close();
  }
});

test("a broken %-escape or a control character in the address gets a plain 400, not a stack trace", async () => {
  expectPlainRefusal(await send("/initiatives/%E0%A4%A"), 400, /not valid: it has a broken %-escape or a control character/);
  expectPlainRefusal(await send("/initiatives/a%00b"), 400, /not valid/);
  expectPlainRefusal(await send("/sign-in?redirectTo=/%0d%0aSet-Cookie:%20a=b"), 400, /not valid/);
});

test("a Host header that is not a host gets a plain 400", async () => {
  const answer = await new Promise<Answer>((resolve, reject) => {
    const started = performance.now();
    const request = http.get(`${portal.url}/`, { headers: { Host: "exa mple" }, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          text,
          contentType: String(response.headers["content-type"]),
          cacheControl: "",
          ms: performance.now() - started,
        }),
      );
    });
    request.on("error", reject);
  });
  expectPlainRefusal(answer, 400, /Host header/);
});

test("a client that sends its request a byte a second is cut off: its headers within 10 s, its body within 30 s", async () => {
  /** Sends `atOnce`, then `slowly` a byte a second; resolves with what the server answered once it closes the connection. */
  const dribble = (atOnce: string, slowly: string) =>
    new Promise<{ answer: string; seconds: number }>((resolve, reject) => {
      const started = performance.now();
      const socket = net.connect(Number(new URL(portal.url).port), "127.0.0.1");
      let answer = "";
      let sent = 0;
      socket.write(atOnce);
      const timer = setInterval(() => sent < slowly.length && socket.write(slowly[sent++]!), 1000);
      const deadline = setTimeout(() => {
        socket.destroy();
        reject(new Error("The server was still waiting after 60 s."));
      }, 60_000);
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (answer += chunk));
      socket.on("error", () => undefined);
      socket.on("close", () => {
        clearInterval(timer);
        clearTimeout(deadline);
        resolve({ answer, seconds: (performance.now() - started) / 1000 });
      });
    });
  const head = `POST /sign-in HTTP/1.1\r\nHost: ${new URL(portal.url).host}\r\nOrigin: ${portal.url}\r\nContent-Type: application/x-www-form-urlencoded\r\n`;
  const [slowHeaders, slowBody] = await Promise.all([
    dribble(head, `X-Padding: ${"p".repeat(60)}\r\n\r\n`),
    dribble(`${head}Content-Length: 1000\r\n\r\n`, "a".repeat(1000)),
  ]);
  for (const { answer } of [slowHeaders, slowBody]) expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  expect(slowHeaders.seconds).toBeLessThan(15);
  expect(slowBody.seconds).toBeLessThan(35);
}, 90_000);

test("pages, their data and downloads are never cached; the built assets are, for a year", async () => {
  const cookie = { Cookie: seeded.lead.cookie };
  const initiative = `/initiatives/${seeded.initiativeId}`;
  for (const target of [
    initiative,
    `${initiative}.data`,
    `${initiative}/roles.csv`,
    "/sign-in",
    "/sign-in.data",
    "/no-such-page",
    "/activity.csv",
    "/healthz",
  ]) {
    const answer = await send(target, { headers: target.startsWith(initiative) ? cookie : {} });
    expect(answer.cacheControl, `${target} (${answer.status})`).toBe("no-store");
  }
  const page = await send("/sign-in");
  const asset = /\/assets\/[^"]+\.css/.exec(page.text)?.[0];
  expect((await send(asset!)).cacheControl).toBe("public, max-age=31536000, immutable");
  expect((await send("/favicon.ico")).cacheControl).toBe("public, max-age=3600");
});

test("the portal's own forms still work: a post to the feed is saved", async () => {
  expect(await postUpdate(portal, seeded.initiativeId, seeded.lead.cookie, "A normal update, with a 100% sure %00 in it")).toMatchObject({
    ok: true,
  });
});

/**
 * PostgreSQL cannot store a NUL in text at all: before the limits, a sign-up whose name held one
 * ended in a 500. Runs when TEST_POSTGRES_URL names a server this run may create databases on.
 */
const describeWithPostgres = process.env.TEST_POSTGRES_URL ? describe : describe.skip;
describeWithPostgres("on PostgreSQL", () => {
  // Named as the test runs name theirs, so that a crashed run's copy is removed by a later one.
  const name = `portal_test_${Math.floor(Date.now() / 1000)}_limits_${process.pid}`;
  let onPostgres: Portal;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createDatabase(name);
    onPostgres = await startPortal({ DATABASE_URL: databaseUrl, NODE_ENV: "" });
  });

  afterAll(async () => {
    await onPostgres?.stop();
    await dropDatabases([name]);
  });

  test("a NUL character in a sign-up is a plain 400, and no account is made", async () => {
    const email = `nul-${Date.now()}@example.gov.uk`;
    const body = new URLSearchParams({
      name: "Ann\0Other",
      email,
      password: "maple river lantern 42",
      jobTitle: "Analyst",
      newAgencyName: "Northshire Council",
      newAgencySector: "local_authority",
    });
    const answer = await send("/sign-up", form(body.toString()), onPostgres.url);
    expectPlainRefusal(answer, 400, /null character/);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM "User" WHERE email = $1', [email])).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });
});
