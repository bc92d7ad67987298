import { expect, test } from "vitest";
import { removeMember } from "~/modules/membership/commands.server";
import { createPost } from "~/modules/updates/commands.server";
import { listFeed } from "~/modules/updates/queries.server";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { startLiveServer } from "../live-server";
import { accessOf, addMember, createInitiative, createUser, joinInitiative, liveClient, settle, waitFor } from "../fixtures";

/**
 * The feed's live delivery, with real socket.io clients against the portal's socket server and
 * posts made through the feed module, which publishes after its transaction commits.
 */
const live = startLiveServer();

const client = (user: SessionUser, initiativeId?: string, options: { reconnection?: boolean } = {}) =>
  liveClient(live.url, user, { initiativeId, ...options });
const join = joinInitiative;

async function team() {
  const lead = await createUser({ name: "Priya Shah" });
  const nurse = await createUser({ name: "Sam Okafor" });
  const teacher = await createUser({ name: "Ruth Evans" });
  const outsider = await createUser();
  const initiative = await createInitiative(lead, [nurse.agencyId, teacher.agencyId]);
  await addMember(initiative.id, nurse, "member");
  const teacherMembership = await addMember(initiative.id, teacher, "member");
  return { lead, nurse, teacher, outsider, initiativeId: initiative.id, teacherMembership };
}

test("a new post reaches two members looking at the initiative within a second; a non-member hears nothing", async () => {
  const { lead, nurse, teacher, outsider, initiativeId } = await team();
  const a = await client(nurse, initiativeId);
  const b = await client(teacher, initiativeId);
  const stranger = await client(outsider);
  // The stranger cannot join the room either: the same answer as for a missing initiative.
  expect(await join(stranger.socket, { initiativeId })).toEqual({ ok: false, error: "Not found." });

  const sentAt = Date.now();
  const post = await createPost(await accessOf(lead, initiativeId), { category: "announcement", body: "Panel moves to Thursday" });
  expect(await waitFor(() => a.events.length > 0 && b.events.length > 0)).toBe(true);
  for (const received of [a, b]) {
    expect(received.events).toHaveLength(1);
    expect(received.events[0]).toMatchObject({ entity: "post", id: post.ok ? post.postId : "", initiativeId });
    expect(received.events[0]!.receivedAt - sentAt).toBeLessThan(1000);
    // The event says what changed, not the post itself.
    expect(JSON.stringify(received.events[0])).not.toContain("Thursday");
  }
  await settle();
  expect(stranger.events).toEqual([]);
  [a, b, stranger].forEach((c) => c.socket.close());
});

test("members elsewhere in the portal hear of it too (for their unread counts), once each", async () => {
  const { lead, nurse, initiativeId } = await team();
  const inRoomAndOwnRoom = await client(nurse, initiativeId);
  const elsewhere = await client(lead);
  await createPost(await accessOf(lead, initiativeId), { category: "information", body: "Minutes are out" });
  expect(await waitFor(() => elsewhere.events.length > 0 && inRoomAndOwnRoom.events.length > 0)).toBe(true);
  await settle();
  expect(elsewhere.events).toHaveLength(1);
  expect(inRoomAndOwnRoom.events).toHaveLength(1);
  [inRoomAndOwnRoom, elsewhere].forEach((c) => c.socket.close());
});

test("a removed member stops receiving at once, in the room and in their own", async () => {
  const { lead, nurse, teacher, initiativeId, teacherMembership } = await team();
  const removed = await client(teacher, initiativeId);
  const staying = await client(nurse, initiativeId);
  expect((await removeMember(await accessOf(lead, initiativeId), teacherMembership.id)).ok).toBe(true);
  // The removal is announced through the one door; the server takes their sockets out of the room.
  await settle();
  removed.events.length = 0;
  staying.events.length = 0;

  await createPost(await accessOf(lead, initiativeId), { category: "information", body: "After the removal" });
  expect(await waitFor(() => staying.events.length > 0)).toBe(true);
  await settle();
  expect(removed.events).toEqual([]);
  // Nor can they join again.
  expect(await join(removed.socket, { initiativeId })).toEqual({ ok: false, error: "Not found." });
  [removed, staying].forEach((c) => c.socket.close());
});

test("a client that drops and reconnects catches up: it rejoins and re-reads what it missed", async () => {
  const { lead, nurse, initiativeId } = await team();
  const c = await client(nurse, initiativeId, { reconnection: true });
  // The connection drops (a laptop lid, a tunnel): the transport closes under the client.
  c.socket.io.engine.close();
  await waitFor(() => !c.socket.connected);
  const missed = await createPost(await accessOf(lead, initiativeId), { category: "information", body: "Posted while you were away" });
  expect(c.events).toEqual([]);

  // What the browser does on reconnecting (app/realtime/use-live-initiative.ts): join again, re-read.
  expect(await waitFor(() => c.socket.connected, 3000)).toBe(true);
  expect(await join(c.socket, { initiativeId })).toEqual({ ok: true });
  const { threads } = await listFeed(initiativeId, nurse.id, null);
  expect(threads[0]).toMatchObject({ id: missed.ok ? missed.postId : "", unread: true });

  await createPost(await accessOf(lead, initiativeId), { category: "information", body: "And live again" });
  expect(await waitFor(() => c.events.length === 1)).toBe(true);
  c.socket.close();
});

test("socket events of the wrong shape are refused with a clear answer and change nothing", async () => {
  const { nurse, initiativeId } = await team();
  const c = await client(nurse);
  for (const payload of [null, "initiative", { initiativeId: 42 }, { initiativeId: "x".repeat(41) }, { initiativeId, extra: "field" }]) {
    expect(await join(c.socket, payload)).toEqual({ ok: false, error: "That request was not understood." });
  }
  const [serverSide] = await live.realtime.io.in(`user-${nurse.id}`).fetchSockets();
  expect([...serverSide!.rooms].filter((room) => room.startsWith("initiative-"))).toEqual([]);
  // An oversized message closes the connection rather than being read.
  c.socket.emit("initiative:join", { initiativeId: "y".repeat(10_000) }, () => undefined);
  expect(await waitFor(() => !c.socket.connected)).toBe(true);
  c.socket.close();
});

test("presence: members see who is online in the initiative, except those who switched it off", async () => {
  const { lead, nurse, teacher, initiativeId } = await team();
  await prisma.user.update({ where: { id: teacher.id }, data: { showPresence: false } });
  const a = await client(lead, initiativeId);
  const b = await client(nurse, initiativeId);
  const c = await client(teacher, initiativeId);
  const latest = () => a.presence.at(-1)?.userIds ?? [];
  expect(await waitFor(() => latest().length === 2)).toBe(true);
  await settle(100);
  expect(latest()).toEqual([lead.id, nurse.id].sort());
  b.socket.close();
  expect(await waitFor(() => latest().length === 1)).toBe(true);
  expect(latest()).toEqual([lead.id]);
  [a, c].forEach((x) => x.socket.close());
});
