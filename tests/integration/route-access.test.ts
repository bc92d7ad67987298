import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { can, INITIATIVE_ROLES, type InitiativeAction, type InitiativeRole } from "~/utils/policy";
import { addMember, createInitiative, createUser, requestAs, statusOf, routeContext as context } from "../fixtures";

/**
 * The access table of the membership issue, checked against every route of the app. Routes are
 * found from the routes folder, so a new route cannot slip past: each must be classified here.
 */
type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};
const routeModules = import.meta.glob<RouteModule>("../../app/routes/*.tsx", { eager: true });
const routes = Object.entries(routeModules).map(([key, mod]) => ({
  file: key.replace("../../app/routes/", "").replace(/\.tsx$/, ""),
  mod,
}));

// The calendar feed is read by calendar apps without a session: its unguessable token is the key.
const PUBLIC = ["_index", "sign-in", "sign-up", "sign-out", "accessibility", "$", "invitations.$token", "calendar-feed.$token"];
const SIGNED_IN = ["initiatives._index", "initiatives.new", "account", "agencies.$agencyId", "my-actions", "calendar", "mentions"];
const isAdminRoute = (file: string) => file === "admin" || file.startsWith("admin.");
// The authority-wide audit of activity: administrators and those they grant it.
const ACTIVITY = ["activity", "activity[.]csv"];

/** Inside an initiative: what a person's role must allow to use each route's loader and action. */
const INITIATIVE_ROUTES: Record<string, { loader?: InitiativeAction; action?: InitiativeAction }> = {
  "initiatives.$initiativeId": { loader: "view" },
  "initiatives.$initiativeId._index": { loader: "view" },
  // Each form of the members page checks its own power after "view" (tested in membership.test.ts).
  "initiatives.$initiativeId.members._index": { loader: "view", action: "view" },
  "initiatives.$initiativeId.members.invite": { loader: "invite_members", action: "invite_members" },
  // Removing someone else (here: the lead) needs manage_members; leaving is tested on its own.
  "initiatives.$initiativeId.members.$membershipId.remove": { loader: "manage_members", action: "view" },
  "initiatives.$initiativeId.settings": { loader: "manage_settings", action: "manage_settings" },
  "initiatives.$initiativeId.audit": { loader: "view_audit_log" },
  "initiatives.$initiativeId.audit[.]csv": { loader: "view_audit_log" },
  "initiatives.$initiativeId.roles._index": { loader: "view", action: "view" },
  "initiatives.$initiativeId.roles[.]csv": { loader: "view" },
  "initiatives.$initiativeId.roles.new": { loader: "edit_own_records", action: "edit_own_records" },
  // The role here was added by the lead: changing it needs edit_records. A member's post is let
  // through to the module, which refuses it (tested in roles.test.ts).
  "initiatives.$initiativeId.roles.$roleId._index": { loader: "edit_records", action: "edit_own_records" },
  "initiatives.$initiativeId.roles.$roleId.delete": { loader: "edit_records", action: "edit_own_records" },
  "initiatives.$initiativeId.roles.responsibilities.new": { loader: "edit_records", action: "edit_records" },
  "initiatives.$initiativeId.roles.responsibilities.$responsibilityId": { loader: "edit_records", action: "edit_records" },
  "initiatives.$initiativeId.meetings._index": { loader: "view" },
  "initiatives.$initiativeId.meetings.new": { loader: "edit_records", action: "edit_records" },
  // RSVP and one's own actions need only "view"; each form checks its own power (meetings.test.ts).
  "initiatives.$initiativeId.meetings.$meetingId._index": { loader: "view", action: "view" },
  "initiatives.$initiativeId.meetings.$meetingId.edit": { loader: "edit_records", action: "edit_records" },
  "initiatives.$initiativeId.meetings.$meetingId.cancel": { loader: "edit_records", action: "edit_records" },
  "initiatives.$initiativeId.meetings.$meetingId[.]ics": { loader: "view" },
  "initiatives.$initiativeId.actions": { loader: "view", action: "view" },
  "initiatives.$initiativeId.funding._index": { loader: "view" },
  "initiatives.$initiativeId.funding[.]csv": { loader: "view" },
  "initiatives.$initiativeId.funding.streams.new": { loader: "edit_records", action: "edit_records" },
  "initiatives.$initiativeId.funding.streams.$streamId._index": { loader: "view" },
  "initiatives.$initiativeId.funding.streams.$streamId.edit": { loader: "edit_records", action: "edit_records" },
  "initiatives.$initiativeId.funding.streams.$streamId.delete": { loader: "edit_records", action: "edit_records" },
  // Members record spending and in-kind for the agency they represent (tested in funding.test.ts).
  "initiatives.$initiativeId.funding.spending.new": { loader: "edit_own_records", action: "edit_own_records" },
  "initiatives.$initiativeId.funding.in-kind.new": { loader: "edit_own_records", action: "edit_own_records" },
  // Recorded by the lead for the lead's agency: changing them needs edit_records. A member's post
  // is let through to the module, which refuses it.
  "initiatives.$initiativeId.funding.spending.$expenditureId._index": { loader: "edit_records", action: "edit_own_records" },
  "initiatives.$initiativeId.funding.spending.$expenditureId.delete": { loader: "edit_records", action: "edit_own_records" },
  "initiatives.$initiativeId.funding.in-kind.$contributionId._index": { loader: "edit_records", action: "edit_own_records" },
  "initiatives.$initiativeId.funding.in-kind.$contributionId.delete": { loader: "edit_records", action: "edit_own_records" },
  // Reading and marking unread need "view"; posting and replying check post_updates (updates.test.ts).
  "initiatives.$initiativeId.updates._index": { loader: "view", action: "view" },
  // The post here is the lead's own. Only its author may edit it, so of the roles only the lead
  // gets the form (manage_members is the lead's alone); others' refusals are in updates.test.ts.
  "initiatives.$initiativeId.updates.$postId.edit": { loader: "manage_members", action: "post_updates" },
  "initiatives.$initiativeId.updates.$postId.record": { loader: "edit_records", action: "edit_records" },
  // The self-assessment. The round here is closed, so its results are everyone's to see; while a
  // round is open, nobody sees them, the lead included (assessment.test.ts, and every route read
  // before and after one person answers: tests/security/assessment-differencing.test.ts). Closing
  // an already closed round's page sends the lead back to the round (302); a respondent's empty
  // form is incomplete (400).
  "initiatives.$initiativeId.assessment._index": { loader: "view" },
  "initiatives.$initiativeId.assessment.new": { loader: "manage_assessments", action: "manage_assessments" },
  // Turning a concern into an action, and reminding those who have not answered, need
  // manage_assessments, checked by the form's intent (assessment.test.ts).
  "initiatives.$initiativeId.assessment.$roundId._index": { loader: "view", action: "view" },
  "initiatives.$initiativeId.assessment.$roundId.respond": { loader: "respond_to_assessments", action: "respond_to_assessments" },
  "initiatives.$initiativeId.assessment.$roundId.close": { loader: "manage_assessments", action: "manage_assessments" },
  "initiatives.$initiativeId.assessment.$roundId[.]csv": { loader: "view" },
  "initiatives.$initiativeId.assessment.$roundId.summary": { loader: "view" },
  // Its author or a moderator may remove it; a member's post is let through to the module, which
  // refuses it. Last, because the lead's allowed post removes the post.
  "initiatives.$initiativeId.updates.$postId.remove": { loader: "moderate_updates", action: "post_updates" },
};

test("every route is classified", () => {
  const unclassified = routes
    .map((r) => r.file)
    .filter(
      (file) =>
        !PUBLIC.includes(file) && !SIGNED_IN.includes(file) && !isAdminRoute(file) && !ACTIVITY.includes(file) && !(file in INITIATIVE_ROUTES),
    );
  expect(unclassified).toEqual([]);
  const declaredButMissing = Object.keys(INITIATIVE_ROUTES).filter((file) => !routes.some((r) => r.file === file));
  expect(declaredButMissing).toEqual([]);
});

describe("inside an initiative", () => {
  const people = {} as Record<InitiativeRole | "outsider" | "admin", SessionUser>;
  let initiativeId: string;
  let leadMembershipId: string;
  let roleId: string;
  let responsibilityId: string;
  let meetingId: string;
  let streamId: string;
  let expenditureId: string;
  let contributionId: string;
  let postId: string;
  let roundId: string;
  const paramsFor = (id: string) => ({
    initiativeId: id,
    membershipId: leadMembershipId,
    roleId,
    responsibilityId,
    meetingId,
    streamId,
    expenditureId,
    contributionId,
    postId,
    roundId,
  });
  beforeAll(async () => {
    for (const who of [...INITIATIVE_ROLES, "outsider", "admin"] as const) {
      people[who] = await createUser({ isAdmin: who === "admin" });
    }
    initiativeId = (await createInitiative(people.lead)).id;
    for (const role of ["coordinator", "member", "observer"] as const) await addMember(initiativeId, people[role], role);
    leadMembershipId = (await prisma.membership.findFirstOrThrow({ where: { initiativeId, userId: people.lead.id } })).id;
    roleId = (
      await prisma.registerRole.create({
        data: { initiativeId, title: "Chair", agencyId: people.lead.agencyId, timeUnit: "fte", timeAmount: 10, createdById: people.lead.id },
      })
    ).id;
    responsibilityId = (await prisma.sharedResponsibility.create({ data: { initiativeId, title: "Hold the budget" } })).id;
    meetingId = (
      await prisma.meeting.create({
        data: {
          initiativeId,
          title: "Strategic group",
          type: "strategic_planning",
          startsAt: new Date(Date.now() + 7 * 86_400_000),
          endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000),
          createdById: people.lead.id,
        },
      })
    ).id;
    const fundingStream = (name: string) => ({
      initiativeId,
      name,
      type: "pooled",
      agencyId: people.lead.agencyId,
      status: "confirmed",
      startDate: new Date("2026-04-01T00:00:00Z"),
      endDate: new Date("2027-03-31T00:00:00Z"),
      createdById: people.lead.id,
      amounts: { create: [{ financialYear: 2026, amountPence: 100_000_00 }] },
    });
    streamId = (await prisma.fundingStream.create({ data: fundingStream("Pooled budget") })).id;
    // The spending sits on a stream of its own, so removing the first stream does not take it too.
    const spendingStream = await prisma.fundingStream.create({ data: fundingStream("Aligned budget") });
    expenditureId = (
      await prisma.expenditure.create({
        data: {
          streamId: spendingStream.id,
          spentOn: new Date("2026-05-01T00:00:00Z"),
          amountPence: 500_00,
          category: "Training",
          description: "Autism awareness course",
          approvedBy: "The lead",
          createdById: people.lead.id,
        },
      })
    ).id;
    roundId = (
      await prisma.assessmentRound.create({
        data: { initiativeId, title: "Last spring", closesOn: new Date("2026-05-01T00:00:00Z"), createdById: people.lead.id },
      })
    ).id;
    postId = (await prisma.post.create({ data: { initiativeId, authorId: people.lead.id, category: "announcement", body: "Welcome, everyone" } })).id;
    contributionId = (
      await prisma.inKindContribution.create({
        data: {
          initiativeId,
          agencyId: people.lead.agencyId,
          kind: "premises",
          description: "Meeting room",
          startDate: new Date("2026-04-01T00:00:00Z"),
          endDate: new Date("2027-03-31T00:00:00Z"),
          valuePence: 1_000_00,
          valuationMethod: "The room's hire rate",
          status: "confirmed",
          createdById: people.lead.id,
        },
      })
    ).id;
  });

  const cases = Object.entries(INITIATIVE_ROUTES).flatMap(([file, rule]) =>
    (["loader", "action"] as const).filter((kind) => rule[kind]).map((kind) => ({ file, kind, needs: rule[kind]! })),
  );

  test.each(cases)("$file $kind: non-members (administrators too) get the 404 of a missing initiative", async ({ file, kind }) => {
    const mod = routes.find((r) => r.file === file)!.mod;
    for (const viewer of [people.outsider, people.admin]) {
      for (const id of [initiativeId, "no-such-initiative"]) {
        const params = paramsFor(id);
        const init = kind === "action" ? { method: "POST", body: new FormData() } : {};
        const request = await requestAs(viewer, `/initiatives/${id}`, init);
        expect(await statusOf(() => mod[kind]!({ request, params, context }))).toBe(404);
      }
    }
  });

  test.each(cases)("$file $kind: each role gets in exactly when its role allows $needs", async ({ file, kind, needs }) => {
    const mod = routes.find((r) => r.file === file)!.mod;
    for (const role of INITIATIVE_ROLES) {
      // A harmless request: an action gets an empty form, so an allowed role is told it is incomplete.
      const init = kind === "action" ? { method: "POST", body: new FormData() } : {};
      const request = await requestAs(people[role], `/initiatives/${initiativeId}`, init);
      const params = paramsFor(initiativeId);
      const status = await statusOf(() => mod[kind]!({ request, params, context }));
      if (can(role, needs)) expect([200, 302, 400], `${role} on ${file}`).toContain(status);
      else expect(status, `${role} on ${file}`).toBe(403);
    }
  });

  test.each(cases.filter((c) => c.kind === "loader"))("$file: a signed-out visitor is sent to sign in", async ({ file }) => {
    const mod = routes.find((r) => r.file === file)!.mod;
    const request = await requestAs(null, `/initiatives/${initiativeId}`);
    expect(await statusOf(() => mod.loader!({ request, params: paramsFor(initiativeId), context }))).toBe(302);
  });
});

test.each(SIGNED_IN)("%s: a signed-out visitor is sent to sign in", async (file) => {
  const mod = routes.find((r) => r.file === file)?.mod;
  if (!mod?.loader) return;
  const request = await requestAs(null, "/initiatives");
  expect(await statusOf(() => mod.loader!({ request, params: {}, context }))).toBe(302);
});

test("admin routes: a signed-in non-administrator gets the 404", async () => {
  const person = await createUser();
  for (const { file, mod } of routes.filter((r) => isAdminRoute(r.file))) {
    for (const kind of ["loader", "action"] as const) {
      if (!mod[kind]) continue;
      const init = kind === "action" ? { method: "POST", body: new FormData() } : {};
      const request = await requestAs(person, "/admin", init);
      expect(await statusOf(() => mod[kind]!({ request, params: { agencyId: "x" }, context })), `${file} ${kind}`).toBe(404);
    }
  }
});

test.each(ACTIVITY)("%s: only administrators and people granted it get in; others get the 404, signed-out visitors the sign-in", async (file) => {
  const mod = routes.find((r) => r.file === file)!.mod;
  const run = async (user: SessionUser | null) =>
    statusOf(async () => mod.loader!({ request: await requestAs(user, "/activity?table=status"), params: {}, context }));
  const granted = await createUser();
  await prisma.user.update({ where: { id: granted.id }, data: { canViewActivityAudit: true } });
  expect(await run(await createUser())).toBe(404);
  expect(await run(null)).toBe(302);
  expect(await run(await createUser({ isAdmin: true }))).toBe(200);
  expect(await run({ ...granted, canViewActivityAudit: true })).toBe(200);
});
