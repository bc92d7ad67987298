import { expect, test } from "vitest";
import { recordAudit } from "~/modules/audit/audit.server";
import { changeMemberRole, removeMember } from "~/modules/membership/commands.server";
import { revokeSession, setShowPresence } from "~/modules/accounts/commands.server";
import { createPost } from "~/modules/updates/commands.server";
import { action as signOut } from "~/routes/sign-out";
import { createRole } from "~/modules/roles/commands.server";
import { RoleSchema } from "~/modules/roles/schema";
import type { SessionUser } from "~/utils/auth.server";
import { prisma, writeTransaction } from "~/utils/db.server";
import { subscribeToEvents, type PortalEvent } from "~/utils/events.server";
import { can } from "~/utils/policy";
import { startLiveServer } from "../live-server";
import { accessOf, addMember, createInitiative, createUser, liveClient, routeContext, settle, waitFor, type LiveClient } from "../fixtures";

/**
 * The one door for events (app/utils/events.server.ts), with real socket.io clients: what an
 * audited write announces, to whom, and when. Writes go through the modules, as the pages' actions
 * call them; nothing here reads a request's address.
 */
const live = startLiveServer();

const roleHeldBy = (user: SessionUser) =>
  RoleSchema.parse({ title: "Chair of the panel", agencyId: user.agencyId, holderId: user.id, timeUnit: "hours_per_week", timeAmount: "2" });

async function twoInitiatives() {
  const lead = await createUser();
  const member = await createUser();
  const outsider = await createUser();
  const initiative = await createInitiative(lead);
  const membership = await addMember(initiative.id, member, "member");
  const other = await createInitiative(outsider);
  return { lead, member, outsider, membership, initiativeId: initiative.id, otherId: other.id };
}

test("an audited write is announced to its initiative's room once it has committed, and to no other initiative", async () => {
  const { lead, member, outsider, initiativeId, otherId } = await twoInitiatives();
  const watching = await liveClient(live.url, member, { initiativeId });
  const elsewhere = await liveClient(live.url, outsider, { initiativeId: otherId });

  const heard: PortalEvent[] = [];
  const stop = subscribeToEvents((events) => heard.push(...events));
  const role = await createRole(await accessOf(lead, initiativeId), roleHeldBy(lead));
  stop();
  expect(role.ok).toBe(true);
  const roleId = role.ok ? role.roleId : "";
  // The event says what the audit log says, no more.
  const audited = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "role.created" } });
  expect(heard).toEqual([{ initiativeId, action: "role.created", entity: "role", entityId: roleId, actorId: lead.id, at: audited.at }]);

  expect(await waitFor(() => watching.events.length > 0)).toBe(true);
  expect(watching.events).toMatchObject([{ entity: "role", id: roleId, initiativeId }]);
  await settle();
  expect(elsewhere.events).toEqual([]);
  [watching, elsewhere].forEach((c) => c.socket.close());
});

test("a write that is rolled back announces nothing; a refusal announces nothing", async () => {
  const { lead, member, initiativeId } = await twoInitiatives();
  const watching = await liveClient(live.url, member, { initiativeId });
  await expect(
    writeTransaction(async (tx) => {
      await recordAudit(tx, { actor: null, initiativeId, action: "role.created", entity: "role", entityId: "never" });
      throw new Error("stop");
    }),
  ).rejects.toThrow("stop");
  // A member may not change a role the lead added: refused, recorded, and not announced.
  const access = await accessOf(lead, initiativeId);
  const role = await createRole(access, roleHeldBy(lead));
  await settle();
  watching.events.length = 0;
  const { updateRole } = await import("~/modules/roles/commands.server");
  expect((await updateRole(await accessOf(member, initiativeId), role.ok ? role.roleId : "", roleHeldBy(lead))).ok).toBe(false);
  await settle();
  expect(watching.events).toEqual([]);
  watching.socket.close();
});

test("an audited write outside writeTransaction is a mistake the door refuses, so no change can go unannounced", async () => {
  const { initiativeId } = await twoInitiatives();
  await expect(recordAudit(prisma, { actor: null, initiativeId, action: "role.created", entity: "role", entityId: "x" })).rejects.toThrow(
    /outside writeTransaction/,
  );
});

test("a removed member's sockets leave the room at once, and the room hears the removal", async () => {
  const { lead, member, membership, initiativeId } = await twoInitiatives();
  const removed = await liveClient(live.url, member, { initiativeId });
  const staying = await liveClient(live.url, lead, { initiativeId });
  expect((await removeMember(await accessOf(lead, initiativeId), membership.id)).ok).toBe(true);
  expect(await waitFor(() => staying.events.some((e) => e.entity === "membership"))).toBe(true);
  await settle();
  removed.events.length = 0;
  staying.events.length = 0;

  await createRole(await accessOf(lead, initiativeId), roleHeldBy(lead));
  expect(await waitFor(() => staying.events.length > 0)).toBe(true);
  await settle();
  expect(removed.events).toEqual([]);
  [removed, staying].forEach((c) => c.socket.close());
});

test("a revoked session's open connections are closed at once; the person's other sessions stay connected", async () => {
  const { member, initiativeId } = await twoInitiatives();
  const revoked = await liveClient(live.url, member, { initiativeId });
  const kept = await liveClient(live.url, member, { initiativeId });
  // The sessions the two clients signed in with, newest last.
  const sessions = await prisma.session.findMany({ where: { userId: member.id }, orderBy: { createdAt: "asc" } });
  const [first, second] = sessions.slice(-2);
  const { sessionKey } = await import("~/modules/accounts/queries.server");
  const closed = new Promise((resolve) => revoked.socket.once("disconnect", resolve));
  expect((await revokeSession(member, sessionKey(first!.id), second!.id)).ok).toBe(true);
  await closed;
  expect(revoked.socket.connected).toBe(false);
  await settle();
  expect(kept.socket.connected).toBe(true);
  kept.socket.close();
});

test("renaming oneself reaches the initiatives one belongs to, and one's own pages elsewhere", async () => {
  const { member, lead, outsider, initiativeId, otherId } = await twoInitiatives();
  const colleague = await liveClient(live.url, lead, { initiativeId });
  const elsewhere = await liveClient(live.url, outsider, { initiativeId: otherId });
  const own = await liveClient(live.url, member);
  const { updateProfile } = await import("~/modules/accounts/commands.server");
  const result = await updateProfile(member, { name: "Samira Okafor", jobTitle: "Practitioner", agencyId: member.agencyId });
  expect(result.ok).toBe(true);
  expect(await waitFor(() => colleague.events.some((e) => e.entity === "user" && e.id === member.id))).toBe(true);
  expect(await waitFor(() => own.events.some((e) => e.entity === "user"))).toBe(true);
  await settle();
  expect(elsewhere.events).toEqual([]);
  [colleague, elsewhere, own].forEach((c) => c.socket.close());
});

// ─── Access changes take effect on open connections at once (issue 19) ────────────────────────

const presenceOf = (client: LiveClient) => client.presence.at(-1)?.userIds ?? [];
const sameIds = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

test("a member demoted to observer while their page is open hears it at once, so the page re-reads without the controls", async () => {
  const { lead, member, membership, initiativeId } = await twoInitiatives();
  const demoted = await liveClient(live.url, member, { initiativeId });
  expect((await changeMemberRole(await accessOf(lead, initiativeId), membership.id, "observer")).ok).toBe(true);
  expect(await waitFor(() => demoted.events.some((e) => e.entity === "membership" && e.id === membership.id), 5000)).toBe(true);
  // What the page re-reads: the role it now has, whose controls the page no longer shows.
  const access = await accessOf(member, initiativeId);
  expect(access.membership.role).toBe("observer");
  expect(can(access.membership.role, "edit_own_records")).toBe(false);
  // An observer still sees the initiative: they stay in the room and keep hearing its changes.
  demoted.events.length = 0;
  await createRole(await accessOf(lead, initiativeId), roleHeldBy(lead));
  expect(await waitFor(() => demoted.events.some((e) => e.entity === "role"), 5000)).toBe(true);
  demoted.socket.close();
});

test("a member who leaves leaves the room at once: presence no longer lists them and they hear nothing more", async () => {
  const { lead, member, membership, initiativeId } = await twoInitiatives();
  const staying = await liveClient(live.url, lead, { initiativeId });
  const leaving = await liveClient(live.url, member, { initiativeId });
  expect(await waitFor(() => sameIds(presenceOf(staying), [lead.id, member.id]), 5000)).toBe(true);

  const asMember = await accessOf(member, initiativeId);
  expect(await removeMember(asMember, membership.id)).toMatchObject({ ok: true, leaving: true });
  expect(await waitFor(() => sameIds(presenceOf(staying), [lead.id]), 5000)).toBe(true);
  const inRoom = await live.realtime.io.in(`initiative-${initiativeId}`).fetchSockets();
  expect(inRoom.map((s) => s.data.user.id)).toEqual([lead.id]);
  // Still connected (their other pages work), but no longer told of the initiative's changes.
  expect(leaving.socket.connected).toBe(true);
  await settle();
  leaving.events.length = 0;
  await createPost(await accessOf(lead, initiativeId), { category: "information", body: "After they left" });
  expect(await waitFor(() => staying.events.some((e) => e.entity === "post"), 5000)).toBe(true);
  await settle();
  expect(leaving.events).toEqual([]);
  [staying, leaving].forEach((c) => c.socket.close());
});

test("signing out closes that browser's connection at once and presence follows; the person's other browser stays connected", async () => {
  const { lead, member, initiativeId } = await twoInitiatives();
  const colleague = await liveClient(live.url, lead, { initiativeId });
  const signingOut = await liveClient(live.url, member, { initiativeId });
  const otherBrowser = await liveClient(live.url, member);
  expect(await waitFor(() => sameIds(presenceOf(colleague), [lead.id, member.id]), 5000)).toBe(true);

  // "Sign out", as the browser posts it, with that browser's session cookie.
  const response = await signOut({
    request: new Request(`${live.url}/sign-out`, { method: "POST", headers: { Cookie: signingOut.cookie } }),
    params: {},
    context: routeContext,
  });
  expect(response.headers.get("Set-Cookie")).toMatch(/^portal_session=;/);
  expect(await waitFor(() => !signingOut.socket.connected, 5000)).toBe(true);
  expect(await waitFor(() => sameIds(presenceOf(colleague), [lead.id]), 5000)).toBe(true);
  await settle();
  expect(otherBrowser.socket.connected).toBe(true);
  [colleague, otherBrowser].forEach((c) => c.socket.close());
});

test("switching off “show when I am online” takes them off the rooms' presence at once", async () => {
  const { lead, member, initiativeId } = await twoInitiatives();
  const colleague = await liveClient(live.url, lead, { initiativeId });
  const shy = await liveClient(live.url, member, { initiativeId });
  expect(await waitFor(() => sameIds(presenceOf(colleague), [lead.id, member.id]), 5000)).toBe(true);
  await setShowPresence(member, false);
  expect(await waitFor(() => sameIds(presenceOf(colleague), [lead.id]), 5000)).toBe(true);
  await setShowPresence(member, true);
  expect(await waitFor(() => sameIds(presenceOf(colleague), [lead.id, member.id]), 5000)).toBe(true);
  [colleague, shy].forEach((c) => c.socket.close());
});
