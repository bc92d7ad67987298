import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Invalidation, JoinAck } from "~/realtime/events";
import { TOO_MANY_ATTEMPTS } from "~/utils/rate-limit.server";
import { deleteRedisKeys, describeWithRedis, TEST_REDIS_URL, uniqueRedisPrefix } from "../setup/redis";
import { postUpdate, requireBuild, seedInitiative, spawnPortal, startPortal, temporaryFolder, type Portal } from "./portal";

/**
 * Two processes of the production build on one database file and one Redis, as an operator
 * would run them behind a load balancer (docs/operations.md, "Several instances and Redis").
 */
const folder = temporaryFolder();
const portals: Portal[] = [];

beforeAll(() => requireBuild());

afterAll(async () => {
  await Promise.all(portals.map((portal) => portal.kill()));
  folder.remove();
});

test("a server whose Redis does not answer stops at once, saying so in one sentence", async () => {
  const portal = await spawnPortal({ DATABASE_URL: `file:${path.join(folder.dir, "no-redis.db")}`, REDIS_URL: "redis://127.0.0.1:1" });
  portals.push(portal);
  expect(await portal.exited).toBe(1);
  expect(portal.output).toContain(
    "Redis at REDIS_URL (redis://127.0.0.1:1) did not answer: connect ECONNREFUSED 127.0.0.1:1. Start Redis, correct REDIS_URL, or unset it to run a single instance.",
  );
});

test("a malformed REDIS_URL stops the server, naming the variable", async () => {
  const portal = await spawnPortal({ DATABASE_URL: `file:${path.join(folder.dir, "bad-url.db")}`, REDIS_URL: "localhost:6379" });
  portals.push(portal);
  expect(await portal.exited).toBe(1);
  expect(portal.output.join("\n")).toMatch(/^The environment variable REDIS_URL is not valid: it must be a redis:\/\/ or rediss:\/\/ address/m);
});

describeWithRedis("two production instances sharing Redis", () => {
  const prefix = uniqueRedisPrefix();
  let a: Portal;
  let b: Portal;
  let seeded: Awaited<ReturnType<typeof seedInitiative>>;

  beforeAll(async () => {
    const databaseUrl = `file:${path.join(folder.dir, "shared.db")}`;
    seeded = await seedInitiative(databaseUrl, 1);
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL!, REDIS_PREFIX: prefix, AUTH_RATE_LIMIT_PER_MINUTE: "3" };
    [a, b] = await Promise.all([startPortal(env), startPortal(env)]);
    portals.push(a!, b!);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await deleteRedisKeys(TEST_REDIS_URL!, prefix);
  });

  test("a member whose browser is connected to A sees, within a second, a post made through B", async () => {
    const socket: Socket = connect(a.url, { transports: ["websocket"], extraHeaders: { Cookie: seeded.members[0]!.cookie }, reconnection: false });
    const received: Array<Invalidation & { receivedAt: number }> = [];
    socket.on("invalidate", (event: Invalidation) => received.push({ ...event, receivedAt: Date.now() }));
    try {
      await new Promise((resolve, reject) => {
        socket.once("connect", () => resolve(undefined));
        socket.once("connect_error", reject);
      });
      expect(await new Promise<JoinAck>((resolve) => socket.emit("initiative:join", { initiativeId: seeded.initiativeId }, resolve))).toEqual({
        ok: true,
      });

      const sentAt = Date.now();
      const post = await postUpdate(b, seeded.initiativeId, seeded.lead.cookie, "Posted through instance B");
      expect(post).toMatchObject({ ok: true });
      const deadline = sentAt + 1000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received[0]).toMatchObject({ entity: "post", id: post.ok ? post.postId : "", initiativeId: seeded.initiativeId });
      expect(received[0]!.receivedAt - sentAt).toBeLessThan(1000);
    } finally {
      socket.close();
    }
  });

  test("sign-in attempts on A count on B: the fourth in a minute is refused with the usual message", async () => {
    const attempt = (portal: Portal) =>
      fetch(`${portal.url}/sign-in`, {
        method: "POST",
        headers: { Origin: portal.url },
        body: new URLSearchParams({ email: "nobody@example.gov.uk", password: "not the password" }),
      }).then(async (response) => ({ status: response.status, text: await response.text() }));
    expect((await attempt(a)).status).toBe(400);
    expect((await attempt(b)).status).toBe(400);
    expect((await attempt(a)).status).toBe(400);
    const refused = await attempt(b);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(TOO_MANY_ATTEMPTS);
    expect((await attempt(a)).status).toBe(429);
  });
});
