import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { sessionKey } from "~/modules/accounts/queries.server";
import { setShowPresence, revokeOtherSessions, revokeSession, updateProfile } from "~/modules/accounts/commands.server";
import { promoteConfiguredAdmin, signUp } from "~/modules/accounts/commands.server";
import { SignUpSchema } from "~/modules/accounts/schema";
import { changeGrants, createAgency as adminCreateAgency, updateAgency } from "~/modules/admin/commands.server";
import { AgencySchema, GrantsSchema } from "~/modules/admin/schema";
import { closeRound, createConcernAction, openRound, saveResponse, sendReminder } from "~/modules/assessment/commands.server";
import type { ResponseAnswers } from "~/modules/assessment/schema";
import { SUCCESS_FACTORS } from "~/modules/study/study";
import {
  createInKind,
  createStream,
  deleteInKind,
  deleteSpending,
  deleteStream,
  recordSpending,
  updateInKind,
  updateSpending,
  updateStream,
} from "~/modules/funding/commands.server";
import { ExpenditureSchema, FundingStreamSchema, InKindSchema } from "~/modules/funding/schema";
import { createInitiative as createInitiativeThroughModule, updateInitiativeSettings } from "~/modules/initiatives/commands.server";
import { getInitiativeSettings } from "~/modules/initiatives/queries.server";
import {
  addAction,
  addAgendaItem,
  addDecision,
  approveMinutes,
  cancelMeeting,
  moveAgendaItem,
  recordAttendance,
  removeAgendaItem,
  renewCalendarFeed,
  respondToMeeting,
  revokeCalendarFeed,
  saveMinutes,
  scheduleMeeting,
  setActionStatus,
  updateMeeting,
} from "~/modules/meetings/commands.server";
import { MeetingSchema } from "~/modules/meetings/schema";
import {
  acceptInvitation,
  changeMemberRole,
  inviteMember,
  removeMember,
  renewInvitationLink,
  revokeInvitation,
} from "~/modules/membership/commands.server";
import { InviteSchema } from "~/modules/membership/schema";
import {
  confirmRole,
  createRole,
  deleteResponsibility,
  deleteRole,
  requestConfirmation,
  saveResponsibility,
  updateRole,
} from "~/modules/roles/commands.server";
import { ResponsibilitySchema, RoleSchema } from "~/modules/roles/schema";
import { createPost, editPost, promotePost, removePost, replyToPost } from "~/modules/updates/commands.server";
import { prisma } from "~/utils/db.server";
import { sessionIdOf as sessionIdOfToken } from "~/utils/auth.server";
import { subscribeToEvents, type PortalEvent } from "~/utils/events.server";
import { startLiveServer } from "../live-server";
import { accessOf, addMember, createAgency, createInitiative, createUser, liveClient, settle, waitFor, type LiveClient } from "../fixtures";

/**
 * Issue 26: every kind of change the audit log can record reaches the room of the initiative it
 * changed, and no other. The kinds are read from the source at test time (every recordAudit call
 * in app/), so a new kind fails here, by name, until the scenario below produces it (or it is
 * listed, with its reason, among the portal-level kinds). The writes go through the modules as
 * the pages' actions call them; real socket.io clients listen.
 */

// ─── Every kind the code can write, read from the source ─────────────────────────────────────

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const KIND = /"([a-z_]+\.[a-z_]+)"/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The text of the object literal opening at `source[open]` ("{"), split into its own top-level properties. */
function topLevelProperties(source: string, open: number): string[] {
  const properties: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = open; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '"' || ch === "'" || ch === "`") {
      // A string: copied whole, so that its brackets and commas do not count.
      let j = i + 1;
      while (j < source.length && source[j] !== ch) j += source[j] === "\\" ? 2 : 1;
      current += source.slice(i, j + 1);
      i = j;
      continue;
    }
    if ("{[(".includes(ch)) {
      depth++;
      if (depth === 1) continue;
    } else if ("}])".includes(ch)) {
      depth--;
      if (depth === 0) {
        properties.push(current.trim());
        return properties.filter(Boolean);
      }
    } else if (ch === "," && depth === 1) {
      properties.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  throw new Error("An object literal that never closes");
}

/**
 * Every audit action the code can write (`action:` of each recordAudit call, literal, computed
 * with a condition, or from a `const action = …` nearby), with where it is written; and the
 * calls whose action could not be read, which fail the test so that nothing slips past unread.
 */
function auditedKinds() {
  const kinds = new Map<string, string>();
  const unreadable: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, "app"))) {
    const source = readFileSync(file, "utf8");
    for (const call of source.matchAll(/\brecordAudit\(/g)) {
      if (/function\s+$/.test(source.slice(Math.max(0, call.index - 20), call.index))) continue;
      const where = `${path.relative(ROOT, file)}:${source.slice(0, call.index).split("\n").length}`;
      const opening = /^recordAudit\(\s*\w+\s*,\s*\{/.exec(source.slice(call.index));
      if (!opening) {
        unreadable.push(`${where} (not written as recordAudit(tx, { … }))`);
        continue;
      }
      const properties = topLevelProperties(source, call.index + opening[0].length - 1);
      let expression =
        properties
          .find((p) => /^action\s*(:|$)/.test(p))
          ?.replace(/^action\s*:?/, "")
          .trim() ?? "";
      const named = expression === "" && properties.includes("action") ? "action" : /^[A-Za-z_]\w*$/.test(expression) ? expression : null;
      if (named) expression = new RegExp(`const ${named}\\s*=\\s*([^;]+);`).exec(source)?.[1] ?? "";
      const found = [...expression.matchAll(KIND)].map((m) => m[1]!);
      if (found.length === 0) unreadable.push(`${where} (action: ${expression || "?"})`);
      for (const kind of found) if (!kinds.has(kind)) kinds.set(kind, where);
    }
  }
  return { kinds, unreadable };
}

/**
 * Portal-level kinds (initiativeId null) and what each rightly does to open connections.
 * Every other kind belongs to an initiative and must reach that initiative's room.
 */
const PORTAL_KINDS = {
  // A person's name, agency or being shown online: their own pages (any tab), and the
  // initiatives that show them.
  "user.profile_updated": "person and their initiatives",
  "user.presence_changed": "person and their initiatives",
  // A person's own change that no one else's page shows: their own pages only.
  "user.grants_changed": "person",
  "user.made_admin": "person",
  "calendar.feed_created": "person",
  "calendar.feed_revoked": "person",
  // A session signed out from "Your account": that browser's sockets are closed.
  "session.revoked": "closes its sockets",
  // Announce nothing that anyone can hear:
  // - a new account has no page open and belongs to no initiative yet;
  "user.signed_up": "nothing",
  // - agencies are the administrator's list: a new one is on no initiative yet, and a renamed
  //   one shows on the next page load (rare corrections, not worth every room reloading).
  "agency.created": "nothing",
  "agency.updated": "nothing",
} as const satisfies Record<string, "person and their initiatives" | "person" | "closes its sockets" | "nothing">;

/**
 * Initiative kinds written before anyone can be listening in the room: the initiative did not
 * exist, so nobody could have joined it. The door still publishes them to its room (checked).
 */
const BEFORE_ANYONE_CAN_LISTEN = ["initiative.created"];

const source = auditedKinds();
const initiativeKinds = [...source.kinds.keys()].filter((kind) => !(kind in PORTAL_KINDS)).sort();

// ─── The socket server and its listeners ─────────────────────────────────────────────────────

const live = startLiveServer();

const keyOf = (entity: string, id: string) => `${entity}:${id}`;

/** How many times each (entity, id) was heard. */
function tally(items: Array<{ entity: string; id: string }>) {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item.entity, item.id), (counts.get(keyOf(item.entity, item.id)) ?? 0) + 1);
  return counts;
}

const sorted = (counts: Map<string, number>) => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));

function ok<T extends { ok: boolean }>(result: T, step: string): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`${step}: ${(result as { message?: string }).message ?? "refused"}`);
  return result as Extract<T, { ok: true }>;
}

const sessionIdOf = (client: LiveClient) => sessionIdOfToken(client.cookie.slice(client.cookie.indexOf("=") + 1));

// ─── The tests ───────────────────────────────────────────────────────────────────────────────

test("the audited kinds are read from the source, every one of them", () => {
  expect(source.unreadable).toEqual([]);
  // Sanity: the scan finds the kinds we know, computed ones included.
  for (const kind of [
    "role.created",
    "meeting.recorded",
    "meeting.scheduled",
    "membership.left",
    "membership.removed",
    "assessment.draft_saved",
    "responsibility.updated",
    "session.revoked",
  ]) {
    expect(source.kinds.has(kind), kind).toBe(true);
  }
  // No stale entry: each portal-level kind is still written somewhere.
  expect(Object.keys(PORTAL_KINDS).filter((kind) => !source.kinds.has(kind))).toEqual([]);
});

describe("every audited kind of change", () => {
  test("in an initiative reaches its room, exactly as its audit log says, and never another initiative's", { timeout: 60_000 }, async () => {
    // The people: a lead, a member watching A's pages, and members whose changes the scenario makes.
    const [x, y] = [await createAgency("health"), await createAgency("social_services")];
    const lead = await createUser({ name: "Priya Shah", agencyId: x.id });
    const watcher = await createUser({ name: "Sam Okafor", agencyId: y.id });
    const colleague = await createUser({ name: "Ruth Evans", agencyId: x.id });
    const demoted = await createUser({ agencyId: y.id });
    const removed = await createUser({ agencyId: y.id });
    const leaver = await createUser({ agencyId: x.id });
    const joiner = await createUser({ agencyId: y.id });
    const outsider = await createUser();

    // Initiative A, through the module, as "Start an initiative" does; B, another, elsewhere.
    const published: PortalEvent[] = [];
    const stop = subscribeToEvents((events) => published.push(...events));
    const created = ok(
      await createInitiativeThroughModule(lead, {
        name: "Riverside early help",
        targetGroup: "Families with children under five",
        rationales: ["target_group_needs"],
        modelOfActivity: "decision_making_group",
        aims: "Join up early help for families before problems grow.",
        localAuthority: "Northshire",
        startDate: "2026-04-01",
        agencyIds: [x.id, y.id],
      }),
      "createInitiative",
    );
    const A = created.initiativeId;
    const B = (await createInitiative(outsider)).id;
    for (const [user, role] of [
      [watcher, "member"],
      [colleague, "member"],
      [demoted, "member"],
      [removed, "member"],
      [leaver, "member"],
    ] as const) {
      await addMember(A, user, role);
    }
    const inA = await liveClient(live.url, watcher, { initiativeId: A });
    const inB = await liveClient(live.url, outsider, { initiativeId: B });
    const asLead = await accessOf(lead, A);

    // Settings.
    const settings = (await getInitiativeSettings(A))!;
    ok(await updateInitiativeSettings(asLead, { ...settings, aims: "Join up early help for families, before problems grow bigger." }), "settings");

    // The register: roles and shared responsibilities.
    const role = (fields: Record<string, string>) =>
      RoleSchema.parse({ title: "Chair of the panel", agencyId: x.id, timeUnit: "hours_per_week", timeAmount: "2", ...fields });
    const chair = ok(await createRole(asLead, role({ holderId: lead.id })), "createRole");
    ok(await createRole(asLead, role({ title: "Data lead" })), "createRole (vacant)");
    ok(await updateRole(asLead, chair.roleId, role({ holderId: lead.id, timeAmount: "3" })), "updateRole");
    ok(await confirmRole(asLead, chair.roleId), "confirmRole");
    ok(await requestConfirmation(asLead, undefined), "requestConfirmation");
    const spare = ok(await createRole(asLead, role({ title: "Spare role", holderId: lead.id })), "createRole (spare)");
    ok(await deleteRole(asLead, spare.roleId), "deleteRole");
    ok(
      await createRole(asLead, role({ title: "Family worker", agencyId: y.id, holderId: removed.id })),
      "createRole (held by the member removed later)",
    );
    const duty = ok(
      await saveResponsibility(asLead, null, ResponsibilitySchema.parse({ title: "Safeguarding referrals", assignments: [`${x.id}:responsible`] })),
      "saveResponsibility",
    );
    ok(
      await saveResponsibility(
        asLead,
        duty.responsibilityId,
        ResponsibilitySchema.parse({ title: "Safeguarding referrals", assignments: [`${y.id}:responsible`] }),
      ),
      "saveResponsibility (update)",
    );
    ok(await deleteResponsibility(asLead, duty.responsibilityId), "deleteResponsibility");

    // Meetings: one-off and a series, changes, cancellation, replies, agenda, a record of the past.
    const meeting = (fields: Record<string, string>) =>
      MeetingSchema.parse({
        title: "Partnership board",
        type: "strategic_planning",
        date: "2027-02-10",
        startTime: "10:00",
        endTime: "11:30",
        quorumRule: "every_agency",
        ...fields,
      });
    const board = ok(await scheduleMeeting(asLead, meeting({})), "scheduleMeeting");
    const series = ok(
      await scheduleMeeting(
        asLead,
        meeting({ title: "Case review", date: "2027-03-03", repeat: "every_n_weeks", everyWeeks: "2", occurrenceCount: "3" }),
      ),
      "scheduleMeeting (series)",
    );
    ok(
      await updateMeeting(
        asLead,
        series.meetingId,
        meeting({ title: "Case review", date: "2027-03-03", startTime: "14:00", endTime: "15:00" }),
        "series",
      ),
      "updateMeeting (series)",
    );
    ok(await updateMeeting(asLead, board.meetingId, meeting({ location: "Town hall, room 2" }), "one"), "updateMeeting (one)");
    ok(await respondToMeeting(await accessOf(colleague, A), board.meetingId, "attending"), "respondToMeeting");
    ok(await addAgendaItem(asLead, board.meetingId, { title: "Budget", type: "decision" }), "addAgendaItem");
    ok(await addAgendaItem(asLead, board.meetingId, { title: "Referrals", type: "discussion" }), "addAgendaItem");
    const items = await prisma.agendaItem.findMany({ where: { meetingId: board.meetingId }, orderBy: { position: "asc" } });
    ok(await moveAgendaItem(asLead, board.meetingId, items[1]!.id, "up"), "moveAgendaItem");
    ok(await removeAgendaItem(asLead, board.meetingId, items[0]!.id), "removeAgendaItem");
    ok(await cancelMeeting(asLead, series.meetingId, "Room unavailable"), "cancelMeeting");
    const earlier = ok(
      await scheduleMeeting(asLead, meeting({ title: "First board", date: "2026-10-01", recordingPast: "yes" })),
      "scheduleMeeting (past)",
    );
    const later = ok(
      await scheduleMeeting(asLead, meeting({ title: "Second board", date: "2026-11-05", recordingPast: "yes" })),
      "scheduleMeeting (past)",
    );
    ok(await recordAttendance(asLead, earlier.meetingId, [lead.id, watcher.id]), "recordAttendance");
    ok(await saveMinutes(asLead, earlier.meetingId, "Agreed the referral pathway."), "saveMinutes");
    ok(await approveMinutes(asLead, earlier.meetingId, later.meetingId), "approveMinutes");
    ok(await addDecision(asLead, later.meetingId, "Adopt the referral pathway"), "addDecision");
    const action = ok(
      await addAction(asLead, later.meetingId, { title: "Share the pathway", ownerId: colleague.id, dueDate: "2027-01-15" }),
      "addAction",
    );
    ok(await setActionStatus(await accessOf(colleague, A), action.actionId, "done"), "setActionStatus");

    // Funding: streams, spending, in-kind.
    const stream = (fields: Record<string, string>) =>
      FundingStreamSchema.parse({
        name: "Pooled budget",
        type: "pooled",
        agencyId: x.id,
        status: "confirmed",
        startDate: "2026-04-01",
        endDate: "2027-03-31",
        totalAmount: "50,000",
        ...fields,
      });
    const pooled = ok(await createStream(asLead, stream({})), "createStream");
    ok(await updateStream(asLead, pooled.streamId, stream({ totalAmount: "55,000" })), "updateStream");
    const spend = (fields: Record<string, string>) =>
      ExpenditureSchema.parse({
        streamId: pooled.streamId,
        spentOn: "2026-11-15",
        amount: "1,200",
        category: "Training",
        description: "Training for family workers",
        approvedBy: "Priya Shah, lead",
        ...fields,
      });
    const spent = ok(await recordSpending(asLead, spend({})), "recordSpending");
    ok(await updateSpending(asLead, spent.expenditureId, spend({ amount: "1,250" })), "updateSpending");
    ok(await deleteSpending(asLead, spent.expenditureId), "deleteSpending");
    const pledge = ok(await createStream(asLead, stream({ name: "Pledged top-up", status: "pledged" })), "createStream (pledged)");
    ok(await deleteStream(asLead, pledge.streamId), "deleteStream");
    const inKind = (fields: Record<string, string>) =>
      InKindSchema.parse({
        agencyId: x.id,
        kind: "premises",
        description: "Meeting room at the clinic",
        startDate: "2026-04-01",
        endDate: "2027-03-31",
        value: "2,000",
        valuationMethod: "Room hire rate",
        status: "confirmed",
        ...fields,
      });
    const room = ok(await createInKind(asLead, inKind({})), "createInKind");
    ok(await updateInKind(asLead, room.contributionId, inKind({ value: "2,400" })), "updateInKind");
    ok(await deleteInKind(asLead, room.contributionId), "deleteInKind");

    // The feed: posts, replies, edits, removals, promotions.
    const asColleague = await accessOf(colleague, A);
    const post = ok(await createPost(asColleague, { category: "information", body: "The referral form is live" }), "createPost");
    ok(await replyToPost(asLead, post.postId, "Thank you"), "replyToPost");
    ok(await editPost(asColleague, post.postId, { body: "The new referral form is live" }), "editPost");
    const mistaken = ok(await createPost(asColleague, { category: "information", body: "Posted by mistake" }), "createPost");
    ok(await removePost(asLead, mistaken.postId), "removePost");
    const proposal = ok(await createPost(asColleague, { category: "information", body: "Shall we meet monthly?" }), "createPost");
    ok(await promotePost(asLead, proposal.postId, { as: "decision", text: "Meet monthly" }), "promotePost (decision)");
    const request = ok(await createPost(asColleague, { category: "information", body: "Someone should update the leaflet" }), "createPost");
    ok(
      await promotePost(asLead, request.postId, { as: "action", title: "Update the leaflet", ownerId: colleague.id, dueDate: "2027-02-01" }),
      "promotePost (action)",
    );

    // Membership: invitations (created, replaced, renewed, revoked, accepted), role changes, removal, leaving.
    const invite = (email: string) => InviteSchema.parse({ email, role: "member", agencyId: y.id });
    const invitation = ok(await inviteMember(asLead, invite(joiner.email)), "inviteMember");
    const other = ok(await inviteMember(asLead, invite("someone.else@example.gov.uk")), "inviteMember");
    ok(await inviteMember(asLead, invite("someone.else@example.gov.uk")), "inviteMember (replaces the pending one)");
    const replacing = await prisma.invitation.findFirstOrThrow({ where: { initiativeId: A, email: "someone.else@example.gov.uk", revokedAt: null } });
    expect(replacing.id).not.toBe(other.invitationId);
    ok(await renewInvitationLink(asLead, replacing.id), "renewInvitationLink");
    ok(await revokeInvitation(asLead, replacing.id), "revokeInvitation");
    ok(await acceptInvitation(invitation.token, joiner), "acceptInvitation");
    const demotedMembership = await prisma.membership.findFirstOrThrow({ where: { initiativeId: A, userId: demoted.id } });
    ok(await changeMemberRole(asLead, demotedMembership.id, "observer"), "changeMemberRole");
    const removedMembership = await prisma.membership.findFirstOrThrow({ where: { initiativeId: A, userId: removed.id } });
    ok(await removeMember(asLead, removedMembership.id), "removeMember");
    const asLeaver = await accessOf(leaver, A);
    ok(await removeMember(asLeaver, asLeaver.membership.id), "removeMember (leaving)");

    // The self-assessment: a round, a reminder, drafts, submissions, a change, closing, a concern made an action.
    const answers = (rating: 1 | 2 | 3 | 4 | 5): ResponseAnswers => ({
      factors: Object.fromEntries(SUCCESS_FACTORS.map((f) => [f.key, { rating, evidence: null }])),
      challenges: {
        funding_resources: "major",
        time: "significant",
        different_approaches: "minor",
        role_clarity: "none",
        competing_priorities: "minor",
        recruitment: "none",
      },
      benefits: {},
    });
    const round = ok(await openRound(asLead, { title: "Winter review", closesOn: "2027-01-15" }), "openRound");
    ok(await sendReminder(asLead, round.roundId), "sendReminder");
    const draft = ok(await saveResponse(asLead, round.roundId, { responseId: null, answers: answers(2), submit: false }), "saveResponse (draft)");
    ok(await saveResponse(asLead, round.roundId, { responseId: draft.responseId, answers: answers(1), submit: true }), "saveResponse (submit)");
    ok(await saveResponse(asLead, round.roundId, { responseId: draft.responseId, answers: answers(2), submit: true }), "saveResponse (change)");
    for (const user of [watcher, colleague]) {
      ok(await saveResponse(await accessOf(user, A), round.roundId, { responseId: null, answers: answers(1), submit: true }), "saveResponse");
    }
    // Concerns become actions once the round has closed (decision 010).
    ok(await closeRound(asLead, round.roundId), "closeRound");
    ok(
      await createConcernAction(asLead, round.roundId, {
        factorKey: SUCCESS_FACTORS[0]!.key,
        title: "Agree how to improve",
        ownerId: colleague.id,
        dueDate: "2027-02-28",
      }),
      "createConcernAction",
    );
    stop();

    // What A's audit log says changed (refusals change nothing), and the portal's own posts.
    const rows = await prisma.auditEvent.findMany({ where: { initiativeId: A, action: { not: "access.refused" } }, orderBy: { at: "asc" } });
    const systemPosts = await prisma.post.findMany({ where: { initiativeId: A, category: "system" }, select: { id: true } });

    // None of the portal's kinds is written with an initiative, nor any initiative's kind without one.
    expect(rows.filter((row) => row.action in PORTAL_KINDS).map((row) => row.action)).toEqual([]);
    const unrouted = await prisma.auditEvent.findMany({ where: { initiativeId: null, action: { in: initiativeKinds } }, select: { action: true } });
    expect(
      unrouted.map((row) => row.action),
      "initiative kinds written without their initiative",
    ).toEqual([]);
    // Every initiative kind the code can write was produced in A, so each is checked below.
    const produced = new Set(rows.map((row) => row.action));
    expect(
      initiativeKinds.filter((kind) => !produced.has(kind)).map((kind) => `${kind} (${source.kinds.get(kind)})`),
      "kinds the scenario did not produce in A",
    ).toEqual([]);

    // Those written before anyone could listen were still published to A's room, by the door.
    for (const kind of BEFORE_ANYONE_CAN_LISTEN) {
      const row = rows.find((r) => r.action === kind)!;
      expect(published).toContainEqual(expect.objectContaining({ initiativeId: A, action: kind, entity: row.entity, entityId: row.entityId }));
    }
    const expected = tally([
      ...rows.filter((row) => !BEFORE_ANYONE_CAN_LISTEN.includes(row.action)).map((row) => ({ entity: row.entity, id: row.entityId })),
      ...systemPosts.map((p) => ({ entity: "post", id: p.id })),
    ]);
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(await waitFor(() => inA.events.length >= total, 10_000), `A's room heard ${inA.events.length} of ${total} changes`).toBe(true);
    await settle();
    // Exactly what changed, once each, all about A.
    expect(sorted(tally(inA.events))).toEqual(sorted(expected));
    expect(inA.events.every((event) => event.initiativeId === A)).toBe(true);
    // B's room heard nothing at all.
    expect(inB.events).toEqual([]);
    expect(inB.presence.every((p) => p.initiativeId === B)).toBe(true);
    [inA, inB].forEach((c) => c.socket.close());
  });

  test(
    "at portal level reaches the person's own pages and initiatives, closes ended sessions, or rightly announces nothing",
    { timeout: 30_000 },
    async () => {
      const admin = await createUser({ isAdmin: true });
      const person = await createUser({ name: "Ruth Evans", email: `ruth-${Date.now()}@example.gov.uk` });
      const lead = await createUser();
      const outsider = await createUser();
      const A = (await createInitiative(lead)).id;
      const B = (await createInitiative(outsider)).id;
      await addMember(A, person, "member");

      const inA = await liveClient(live.url, lead, { initiativeId: A });
      const inB = await liveClient(live.url, outsider, { initiativeId: B });
      const own = await liveClient(live.url, person);
      const otherBrowser = await liveClient(live.url, person);
      const thirdBrowser = await liveClient(live.url, person);
      const adminPage = await liveClient(live.url, admin);
      const since = new Date();

      // The person's own changes, and those made to them.
      expect((await updateProfile(person, { name: "Ruth Evans-Hale", jobTitle: "Practitioner", agencyId: person.agencyId })).ok).toBe(true);
      await setShowPresence(person, false);
      // ADMIN_EMAIL names only a verified address (today: one created with the set-up code).
      await prisma.user.update({ where: { id: person.id }, data: { emailVerifiedAt: new Date() } });
      await promoteConfiguredAdmin(person.id, person.email);
      expect(
        (await changeGrants(admin, GrantsSchema.parse({ intent: "change-grants", userId: person.id, isAdmin: true, canViewActivityAudit: true })))
          .status,
      ).toBe("changed");
      await renewCalendarFeed(person);
      await revokeCalendarFeed(person);
      // Agencies, and a new account.
      const agency = await adminCreateAgency(admin, AgencySchema.parse({ name: `Northshire Police ${Date.now()}`, sector: "other" }));
      if (!agency.ok) throw new Error("createAgency");
      expect(
        (await updateAgency(admin, agency.agencyId, AgencySchema.parse({ name: `Northshire Constabulary ${Date.now()}`, sector: "other" }))).ok,
      ).toBe(true);
      const signedUp = await signUp(
        SignUpSchema.parse({
          name: "New Person",
          email: `new-${Date.now()}@example.gov.uk`,
          password: "a long enough passphrase",
          jobTitle: "Nurse",
          newAgencyName: `Riverside Hospice ${Date.now()}`,
          newAgencySector: "health",
        }),
      );
      expect(signedUp.ok).toBe(true);
      // Sessions signed out from "Your account": one, then all the others.
      expect((await revokeSession(person, sessionKey(sessionIdOf(otherBrowser)), sessionIdOf(own))).ok).toBe(true);
      expect(await waitFor(() => !otherBrowser.socket.connected, 5000)).toBe(true);
      expect(thirdBrowser.socket.connected).toBe(true);
      expect((await revokeOtherSessions(person, sessionIdOf(own))).count).toBe(1);
      expect(await waitFor(() => !thirdBrowser.socket.connected, 5000)).toBe(true);

      const rows = await prisma.auditEvent.findMany({ where: { initiativeId: null, at: { gte: since }, action: { not: "access.refused" } } });
      const produced = new Set(rows.map((row) => row.action));
      expect(
        Object.keys(PORTAL_KINDS).filter((kind) => !produced.has(kind)),
        "portal kinds the scenario did not produce",
      ).toEqual([]);

      // "person": their own pages (in any tab), once per change; "… and their initiatives": the
      // rooms of the initiatives that show them too.
      const kindOf = (row: { action: string }) => PORTAL_KINDS[row.action as keyof typeof PORTAL_KINDS];
      const aboutPerson = rows.filter((row) => kindOf(row).startsWith("person"));
      const shownToOthers = aboutPerson.filter((row) => kindOf(row) === "person and their initiatives");
      expect(aboutPerson.every((row) => row.entity === "user" && row.entityId === person.id)).toBe(true);
      expect(shownToOthers.length).toBeGreaterThan(0);
      expect(shownToOthers.length).toBeLessThan(aboutPerson.length);
      expect(await waitFor(() => own.events.length >= aboutPerson.length && inA.events.length >= shownToOthers.length, 5000)).toBe(true);
      await settle();
      expect(sorted(tally(own.events))).toEqual({ [keyOf("user", person.id)]: aboutPerson.length });
      expect(sorted(tally(inA.events))).toEqual({ [keyOf("user", person.id)]: shownToOthers.length });
      // "closes its sockets": the two browsers signed out are disconnected; the one in use stays.
      expect(otherBrowser.socket.connected).toBe(false);
      expect(thirdBrowser.socket.connected).toBe(false);
      expect(own.socket.connected).toBe(true);
      // "nothing": no one heard of the agencies or the new account (the administrator included).
      expect(adminPage.events).toEqual([]);
      // And nothing reached another initiative.
      expect(inB.events).toEqual([]);
      [inA, inB, own, adminPage].forEach((c) => c.socket.close());
    },
  );
});
