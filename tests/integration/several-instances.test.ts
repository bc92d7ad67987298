import http from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "redis";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { revokeSession } from "~/modules/accounts/commands.server";
import { sessionKey } from "~/modules/accounts/queries.server";
import { removeMember } from "~/modules/membership/commands.server";
import { createRole } from "~/modules/roles/commands.server";
import { RoleSchema } from "~/modules/roles/schema";
import { createPost } from "~/modules/updates/commands.server";
import { endSession, sessionIdOf as sessionIdOfToken, type SessionUser } from "~/utils/auth.server";
import { attachRealtime, initiativeRoom } from "../../server/realtime";
import { connectRedis, RedisUnavailableError, type SharedRedis } from "../../server/redis";
import { accessOf, addMember, createInitiative, createUser, joinInitiative, liveClient, settle, waitFor, type LiveClient } from "../fixtures";
import { deleteRedisKeys, describeWithRedis, TEST_REDIS_URL, uniqueRedisPrefix } from "../setup/redis";

/**
 * Two instances of the portal in one test process, as two processes would run them: each its
 * own HTTP server, socket.io server and Redis connections, sharing the same database file and
 * the same Redis (under a prefix of this run alone). Writes go through the modules; as they run in
 * this one process, B announces them (as the instance that took the request would) and A does not.
 */

test("an unreachable Redis stops the start with a sentence naming REDIS_URL", async () => {
  const started = Date.now();
  const failure = await connectRedis("redis://:s3cret@127.0.0.1:1", uniqueRedisPrefix()).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(RedisUnavailableError);
  expect((failure as Error).message).toMatch(/^Redis at REDIS_URL \(redis:\/\/:\*\*\*@127\.0\.0\.1:1\) did not answer: connect ECONNREFUSED/);
  expect((failure as Error).message).not.toContain("s3cret");
  expect(Date.now() - started).toBeLessThan(2000);
});

type Instance = { name: string; url: string; redis: SharedRedis; realtime: ReturnType<typeof attachRealtime>; server: http.Server };

async function startInstance(name: string, prefix: string, deliverEvents: boolean): Promise<Instance> {
  const redis = await connectRedis(TEST_REDIS_URL!, prefix, { instanceName: name });
  const server = http.createServer();
  const realtime = attachRealtime(server, { adapter: redis.adapter, deliverEvents });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { name, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, redis, realtime, server };
}

/** A role the lead holds: one audited write of the register (a vacant one would also post to the feed). */
const roleInput = (lead: SessionUser) =>
  RoleSchema.parse({ title: "Chair of the panel", agencyId: lead.agencyId, holderId: lead.id, timeUnit: "hours_per_week", timeAmount: "2" });

const client = (instance: Instance, user: SessionUser, initiativeId?: string) => liveClient(instance.url, user, { initiativeId });
const join = (socket: LiveClient["socket"], initiativeId: string) => joinInitiative(socket, { initiativeId });

async function team() {
  const lead = await createUser({ name: "Priya Shah" });
  const nurse = await createUser({ name: "Sam Okafor" });
  const teacher = await createUser({ name: "Ruth Evans" });
  const initiative = await createInitiative(lead, [nurse.agencyId, teacher.agencyId]);
  await addMember(initiative.id, nurse, "member");
  const teacherMembership = await addMember(initiative.id, teacher, "member");
  return { lead, nurse, teacher, initiativeId: initiative.id, teacherMembership };
}

describeWithRedis("two instances sharing Redis", () => {
  const prefix = uniqueRedisPrefix();
  let a: Instance;
  let b: Instance;
  const clients: LiveClient[] = [];
  const track = (c: LiveClient) => (clients.push(c), c);

  beforeAll(async () => {
    a = await startInstance("a", prefix, false);
    b = await startInstance("b", prefix, true);
  });

  afterAll(async () => {
    clients.forEach((c) => c.socket.close());
    for (const instance of [a, b]) {
      if (!instance) continue;
      await instance.realtime.close();
      await new Promise((resolve) => instance.server.close(resolve));
      await instance.redis.close();
    }
    await deleteRedisKeys(TEST_REDIS_URL!, prefix);
  });

  test("a member connected to A receives, within a second, a post made through B", async () => {
    const { lead, nurse, initiativeId } = await team();
    const onA = track(await client(a, nurse, initiativeId));
    const sentAt = Date.now();
    const post = await createPost(await accessOf(lead, initiativeId), { category: "announcement", body: "Panel moves to Thursday" });
    expect(post.ok).toBe(true);
    expect(await waitFor(() => onA.events.length > 0)).toBe(true);
    expect(onA.events[0]).toMatchObject({ entity: "post", id: post.ok ? post.postId : "", initiativeId });
    expect(onA.events[0]!.receivedAt - sentAt).toBeLessThan(1000);
    await settle();
    // Once, although the member is in both the initiative's room and their own.
    expect(onA.events).toHaveLength(1);

    // Any other audited write announced by B reaches A too.
    const role = await createRole(await accessOf(lead, initiativeId), roleInput(lead));
    expect(await waitFor(() => onA.events.length === 2)).toBe(true);
    expect(onA.events[1]).toMatchObject({ entity: "role", id: role.ok ? role.roleId : "", initiativeId });
  });

  test("presence: members on A and on B see each other online", async () => {
    const { lead, nurse, initiativeId } = await team();
    const onA = track(await client(a, lead, initiativeId));
    const onB = track(await client(b, nurse, initiativeId));
    const both = [lead.id, nurse.id].sort();
    expect(await waitFor(() => JSON.stringify(onA.presence.at(-1)?.userIds) === JSON.stringify(both), 2000)).toBe(true);
    expect(await waitFor(() => JSON.stringify(onB.presence.at(-1)?.userIds) === JSON.stringify(both), 2000)).toBe(true);
    // A's view of the room includes B's socket, with its data sent through Redis.
    const seenFromA = await a.realtime.io.in(initiativeRoom(initiativeId)).fetchSockets();
    expect(seenFromA.map((s) => s.data.user.id).sort()).toEqual(both);

    onB.socket.close();
    expect(await waitFor(() => JSON.stringify(onA.presence.at(-1)?.userIds) === JSON.stringify([lead.id]), 2000)).toBe(true);
  });

  test("a removed member receives nothing more, on either instance", async () => {
    const { lead, nurse, teacher, initiativeId, teacherMembership } = await team();
    const removedOnA = track(await client(a, teacher, initiativeId));
    const removedOnB = track(await client(b, teacher, initiativeId));
    const stayingOnA = track(await client(a, nurse, initiativeId));

    // Announced by B, which removes the sockets of A and B from the room.
    expect((await removeMember(await accessOf(lead, initiativeId), teacherMembership.id)).ok).toBe(true);
    const teacherGone = async () => (await a.realtime.io.in(initiativeRoom(initiativeId)).fetchSockets()).every((s) => s.data.user.id !== teacher.id);
    expect(await waitFor(teacherGone, 3000)).toBe(true);
    await settle();
    for (const c of [removedOnA, removedOnB, stayingOnA]) c.events.length = 0;

    await createPost(await accessOf(lead, initiativeId), { category: "information", body: "After the removal" });
    await createRole(await accessOf(lead, initiativeId), roleInput(lead));
    expect(await waitFor(() => stayingOnA.events.length === 2)).toBe(true);
    await settle();
    expect(removedOnA.events).toEqual([]);
    expect(removedOnB.events).toEqual([]);
    // Nor can they join again, on either instance.
    expect(await join(removedOnA.socket, initiativeId)).toEqual({ ok: false, error: "Not found." });
    expect(await join(removedOnB.socket, initiativeId)).toEqual({ ok: false, error: "Not found." });
  });

  test("a session revoked through B closes its connection on A at once; signing out through B does too, and presence follows", async () => {
    const { lead, nurse, teacher, initiativeId } = await team();
    const sessionIdOf = (c: LiveClient) => sessionIdOfToken(c.cookie.slice(c.cookie.indexOf("=") + 1));
    const watchingOnB = track(await client(b, lead, initiativeId));
    const revokedOnA = track(await client(a, nurse, initiativeId));
    const keptOnA = track(await client(a, nurse));
    const signingOutOnA = track(await client(a, teacher, initiativeId));
    const online = () => watchingOnB.presence.at(-1)?.userIds ?? [];
    expect(await waitFor(() => online().length === 3, 5000)).toBe(true);

    // "Sign out" of another browser on "Your account", handled by B (which announces it).
    expect((await revokeSession(nurse, sessionKey(sessionIdOf(revokedOnA)), sessionIdOf(keptOnA))).ok).toBe(true);
    expect(await waitFor(() => !revokedOnA.socket.connected, 5000)).toBe(true);
    // "Sign out" in the browser itself, handled by B.
    await endSession(new Request(`${b.url}/sign-out`, { method: "POST", headers: { Cookie: signingOutOnA.cookie } }));
    expect(await waitFor(() => !signingOutOnA.socket.connected, 5000)).toBe(true);
    // Neither is online in the initiative any more; the nurse's other browser is still connected.
    expect(await waitFor(() => JSON.stringify(online()) === JSON.stringify([lead.id]), 5000)).toBe(true);
    await settle();
    expect(keptOnA.socket.connected).toBe(true);
  });

  test("sign-in attempts on A count on B: the same limit, kept in Redis for a minute", async () => {
    const key = `sign-in:203.0.113.${Math.floor(Math.random() * 250)}`;
    expect(await a.redis.attempts.take(key, 3)).toBe(true);
    expect(await b.redis.attempts.take(key, 3)).toBe(true);
    expect(await a.redis.attempts.take(key, 3)).toBe(true);
    expect(await b.redis.attempts.take(key, 3)).toBe(false);
    expect(await a.redis.attempts.take(key, 3)).toBe(false);
    // Another address is not affected.
    expect(await b.redis.attempts.take(`${key}1`, 3)).toBe(true);

    const inspector = createClient({ url: TEST_REDIS_URL });
    await inspector.connect();
    try {
      expect(await inspector.get(`${prefix}:attempts:${key}`)).toBe("5");
      const ttl = await inspector.pTTL(`${prefix}:attempts:${key}`);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await inspector.close();
    }
  });

  test("Redis dropping B's connections: B warns once, keeps counting attempts itself, and shares again once back", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const { lead, nurse, initiativeId } = await team();
    const onA = track(await client(a, nurse, initiativeId));

    const admin = createClient({ url: TEST_REDIS_URL });
    await admin.connect();
    try {
      const list = await admin.clientList();
      const ofB = list.filter((c) => c.name.startsWith(`${prefix}:b:`));
      expect(ofB.map((c) => c.name.split(":").at(-1)).sort()).toEqual(["counters", "publisher", "subscriber"]);
      // All three at once, as when Redis goes away.
      const kill = admin.multi();
      for (const connection of ofB) kill.addCommand(["CLIENT", "KILL", "ID", String(connection.id)]);
      await kill.exec();
    } finally {
      await admin.close();
    }

    // While B reconnects, a sign-in on B is answered at once, from B's own counters if need be.
    const key = `sign-in:198.51.100.${Math.floor(Math.random() * 250)}`;
    const answeredIn = Date.now();
    expect(await b.redis.attempts.take(key, 3)).toBe(true);
    expect(Date.now() - answeredIn).toBeLessThan(500);
    // The process carries on (an unhandled rejection would fail this run) and says so once.
    await createPost(await accessOf(lead, initiativeId), { category: "information", body: "During the outage" });
    const lost = () => warn.mock.calls.filter(([message]) => String(message).startsWith("Lost the connection to Redis"));
    expect(await waitFor(() => lost().length > 0, 2000)).toBe(true);
    const back = () => log.mock.calls.some(([message]) => String(message).startsWith("Reconnected to Redis"));
    expect(await waitFor(back, 5000)).toBe(true);
    expect(lost()).toHaveLength(1);

    // Back: a post through B reaches A again.
    await settle();
    onA.events.length = 0;
    const post = await createPost(await accessOf(lead, initiativeId), { category: "information", body: "After the outage" });
    expect(await waitFor(() => onA.events.some((event) => event.id === (post.ok ? post.postId : "")), 2000)).toBe(true);
  });
});
