import { beforeEach, describe, expect, test } from "vitest";
import { removeMember } from "~/modules/membership/commands.server";
import { agencyRolesForViewer, getRegister, getRegisterSummary } from "~/modules/roles/queries.server";
import { confirmRole, createRole, deleteRole, requestConfirmation, saveResponsibility, updateRole } from "~/modules/roles/commands.server";
import { mayEditRole } from "~/modules/roles/permissions";
import { registerCsv } from "~/modules/roles/exports.server";
import { RoleSchema } from "~/modules/roles/schema";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import type { InitiativeAccess } from "~/utils/policy.server";
import type { InitiativeRole } from "~/utils/policy";
import { addMember, createAgency, createInitiative, createUser } from "../fixtures";

let lead: SessionUser;
let initiativeId: string;
let health: string;
let education: string;

async function accessOf(user: SessionUser): Promise<InitiativeAccess> {
  const m = await prisma.membership.findFirstOrThrow({ where: { initiativeId, userId: user.id } });
  return { user, initiativeId, membership: { id: m.id, role: m.role as InitiativeRole, agencyId: m.agencyId } };
}

const role = (overrides: Record<string, string> = {}) => {
  const parsed = RoleSchema.safeParse({ title: "Chair of the panel", agencyId: health, timeUnit: "hours_per_week", timeAmount: "7.5", ...overrides });
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
  return parsed.data;
};

beforeEach(async () => {
  health = (await createAgency("health")).id;
  education = (await createAgency("education")).id;
  lead = await createUser({ agencyId: health });
  initiativeId = (await createInitiative(lead, [education])).id;
});

describe("roles", () => {
  test("a lead records a role; the register shows it with its time, and the audit log has it", async () => {
    const result = await createRole(await accessOf(lead), role({ holderId: lead.id, responsibilities: "Chairs the panel\n- Signs off plans\n\n" }));
    if (!result.ok) throw new Error(result.message);
    const { roles } = await getRegister(initiativeId);
    expect(roles).toEqual([
      expect.objectContaining({
        title: "Chair of the panel",
        responsibilities: ["Chairs the panel", "Signs off plans"],
        time: "7.5 hours a week",
        timeAmount: 750,
      }),
    ]);
    expect(await prisma.auditEvent.count({ where: { initiativeId, action: "role.created" } })).toBe(1);
  });

  test("a holder who is not a member, an agency not taking part, and a loop are refused; nothing stored", async () => {
    const outsider = await createUser();
    const access = await accessOf(lead);
    expect(await createRole(access, role({ holderId: outsider.id }))).toMatchObject({ ok: false, field: "holderId" });
    const elsewhere = await createAgency("other");
    expect(await createRole(access, role({ agencyId: elsewhere.id }))).toMatchObject({ ok: false, field: "agencyId" });

    const chair = await createRole(access, role({ title: "Chair" }));
    const deputy = await createRole(access, role({ title: "Deputy" }));
    if (!chair.ok || !deputy.ok) throw new Error("setup");
    expect(await updateRole(access, deputy.roleId, role({ title: "Deputy", accountableToId: chair.roleId }))).toMatchObject({ ok: true });
    expect(await updateRole(access, chair.roleId, role({ title: "Chair", accountableToId: deputy.roleId }))).toMatchObject({
      ok: false,
      field: "accountableToId",
      message: expect.stringContaining("loop"),
    });
    expect((await prisma.registerRole.findUniqueOrThrow({ where: { id: chair.roleId } })).accountableToId).toBeNull();
    expect(await prisma.registerRole.count({ where: { initiativeId } })).toBe(2);
  });

  test("the form's rules: empty title, negative time, end before start, too many hours", () => {
    const problems = (values: Record<string, string>) =>
      RoleSchema.safeParse({ title: "Chair", agencyId: "a", timeUnit: "hours_per_week", timeAmount: "1", ...values }).error?.issues.map(
        (i) => i.message,
      );
    expect(problems({ title: " " })).toEqual(["The title must be at least 2 characters"]);
    expect(problems({ timeAmount: "-2" })).toEqual(["The time committed cannot be negative"]);
    expect(problems({ timeAmount: "2.555" })).toEqual(["Enter the time as a number, like 7.5, with at most two decimal places"]);
    expect(problems({ timeAmount: "200" })).toEqual(["There are only 168 hours in a week"]);
    expect(problems({ timeUnit: "fte", timeAmount: "1.5" })).toEqual(["One role can be at most 1.0 FTE"]);
    expect(problems({ startDate: "2026-09-01", endDate: "2026-08-31" })).toEqual(["The end date must be on or after the start date"]);
  });

  test("members add roles only for the agency they represent, and change only roles they added or hold", async () => {
    const teacher = await createUser({ agencyId: education });
    await addMember(initiativeId, teacher, "member");
    const access = await accessOf(teacher);
    expect(await createRole(access, role({ agencyId: health }))).toMatchObject({ ok: false, field: "agencyId" });
    const own = await createRole(access, role({ agencyId: education, title: "Designated teacher" }));
    expect(own.ok).toBe(true);
    const leads = await createRole(await accessOf(lead), role({ title: "Chair" }));
    if (!leads.ok || !own.ok) throw new Error("setup");
    expect(await updateRole(access, leads.roleId, role({ title: "Renamed" }))).toMatchObject({ ok: false });
    expect(await deleteRole(access, leads.roleId)).toMatchObject({ ok: false });
    expect(await deleteRole(access, own.roleId)).toMatchObject({ ok: true });
  });

  test("a member holding another agency's role confirms it, but cannot change it, move it to their agency or remove it", async () => {
    const teacher = await createUser({ agencyId: education });
    await addMember(initiativeId, teacher, "member");
    const healths = await createRole(await accessOf(lead), role({ title: "Named nurse", agencyId: health, holderId: teacher.id }));
    if (!healths.ok) throw new Error(healths.message);
    const access = await accessOf(teacher);

    expect(await confirmRole(access, healths.roleId)).toMatchObject({ ok: true });
    const moved = await updateRole(access, healths.roleId, role({ title: "Named nurse", agencyId: education, holderId: teacher.id }));
    expect(moved).toEqual({
      ok: false,
      field: undefined,
      message: expect.stringContaining("As its holder you can confirm it is still right"),
    });
    expect(await updateRole(access, healths.roleId, role({ title: "Renamed", agencyId: health, holderId: teacher.id }))).toMatchObject({ ok: false });
    expect(await deleteRole(access, healths.roleId)).toMatchObject({ ok: false, message: expect.stringContaining("can remove it") });
    expect(await prisma.registerRole.findUniqueOrThrow({ where: { id: healths.roleId } })).toMatchObject({ title: "Named nurse", agencyId: health });
    // The register offers them the confirmation only.
    expect((await getRegister(initiativeId)).roles.find((r) => r.id === healths.roleId)).toMatchObject({ holderId: teacher.id });
    expect(mayEditRole(access, { createdById: lead.id, holderId: teacher.id, agencyId: health })).toBe(false);
    // A role of their own agency that they hold, they keep.
    const educations = await createRole(await accessOf(lead), role({ title: "Designated teacher", agencyId: education, holderId: teacher.id }));
    if (!educations.ok) throw new Error(educations.message);
    expect(
      await updateRole(access, educations.roleId, role({ title: "Designated teacher (SEND)", agencyId: education, holderId: teacher.id })),
    ).toMatchObject({ ok: true });
    expect(
      await updateRole(access, educations.roleId, role({ title: "Designated teacher (SEND)", agencyId: health, holderId: teacher.id })),
    ).toMatchObject({
      ok: false,
      field: "agencyId",
    });
  });

  test("a lead asks holders to confirm; only the holder confirms", async () => {
    const nurse = await createUser({ agencyId: health });
    await addMember(initiativeId, nurse, "member");
    const created = await createRole(await accessOf(lead), role({ holderId: nurse.id }));
    if (!created.ok) throw new Error(created.message);
    expect(await requestConfirmation(await accessOf(nurse), undefined)).toMatchObject({ ok: false });
    expect(await requestConfirmation(await accessOf(lead), undefined, new Date(Date.now() + 1000))).toEqual({ ok: true, count: 1 });
    expect((await getRegister(initiativeId)).roles[0]?.attention.awaitingConfirmation).toBe(true);
    expect(await confirmRole(await accessOf(lead), created.roleId)).toMatchObject({ ok: false });
    expect(await confirmRole(await accessOf(nurse), created.roleId, new Date(Date.now() + 2000))).toMatchObject({ ok: true });
    expect((await getRegister(initiativeId)).roles[0]?.attention.awaitingConfirmation).toBe(false);
  });

  test("a removed member's roles fall vacant", async () => {
    const nurse = await createUser({ agencyId: health });
    const membership = await addMember(initiativeId, nurse, "member");
    await createRole(await accessOf(lead), role({ holderId: nurse.id }));
    await removeMember(await accessOf(lead), membership.id);
    expect((await getRegister(initiativeId)).roles[0]).toMatchObject({ holderId: null, attention: expect.objectContaining({ vacant: true }) });
    expect(await prisma.auditEvent.count({ where: { initiativeId, action: "role.vacated" } })).toBe(1);
  });
});

describe("shared responsibilities", () => {
  test("saving the grid replaces the assignments; agencies of other initiatives are refused", async () => {
    const access = await accessOf(lead);
    const saved = await saveResponsibility(access, null, { title: "Hold the pooled budget", assignments: [`${health}:responsible`] });
    if (!saved.ok) throw new Error(saved.message);
    let { responsibilities } = await getRegister(initiativeId);
    expect(responsibilities[0]?.assignments).toEqual([{ agencyId: health, kind: "responsible" }]);
    await saveResponsibility(access, saved.responsibilityId, {
      title: "Hold the pooled budget",
      assignments: [`${health}:responsible`, `${education}:accountable`],
    });
    ({ responsibilities } = await getRegister(initiativeId));
    expect(responsibilities[0]?.assignments).toHaveLength(2);
    const stranger = await createAgency("other");
    expect(await saveResponsibility(access, saved.responsibilityId, { title: "x y z", assignments: [`${stranger.id}:accountable`] })).toMatchObject({
      ok: false,
      field: "assignments",
    });
    ({ responsibilities } = await getRegister(initiativeId));
    expect(responsibilities[0]?.assignments).toHaveLength(2);
  });

  test("the overview's counts: vacant, ended and unconfirmed roles, responsibilities with gaps and with overlaps", async () => {
    const access = await accessOf(lead);
    const nurse = await createUser({ agencyId: health });
    await addMember(initiativeId, nurse, "member");
    await createRole(access, role({ title: "Vacant post" }));
    // Read once before the changes below: a kept reading (decision 016) must follow each of them.
    expect(await getRegisterSummary(initiativeId)).toMatchObject({ roles: 1, vacant: 1 });
    await createRole(access, role({ title: "Ended post", holderId: lead.id, startDate: "2020-01-01", endDate: "2020-12-31" }));
    await createRole(access, role({ title: "Unconfirmed post", holderId: nurse.id }));
    await requestConfirmation(access, undefined, new Date(Date.now() + 1000));
    await saveResponsibility(access, null, { title: "Nobody accountable", assignments: [`${health}:responsible`] });
    await saveResponsibility(access, null, {
      title: "Two accountable",
      assignments: [`${health}:responsible`, `${health}:accountable`, `${education}:accountable`],
    });
    await saveResponsibility(access, null, { title: "Covered", assignments: [`${health}:responsible`, `${education}:accountable`] });
    expect(await getRegisterSummary(initiativeId)).toEqual({ roles: 3, vacant: 1, ended: 1, awaiting: 2, responsibilities: 3, gaps: 1, overlaps: 1 });
  });
});

describe("across initiatives and export", () => {
  test("an agency's page shows only the initiatives the viewer belongs to", async () => {
    await createRole(await accessOf(lead), role());
    const otherLead = await createUser({ agencyId: health });
    const other = await createInitiative(otherLead);
    const m = await prisma.membership.findFirstOrThrow({ where: { initiativeId: other.id } });
    await createRole(
      { user: otherLead, initiativeId: other.id, membership: { id: m.id, role: "lead", agencyId: health } },
      { ...role(), title: "Secret role" },
    );
    const view = await agencyRolesForViewer(lead.id, health);
    expect(view?.roles.map((r) => r.title)).toEqual(["Chair of the panel"]);
    expect(await agencyRolesForViewer(lead.id, "no-such-agency")).toBeNull();
  });

  test("the CSV has one row per role with its status", async () => {
    await createRole(await accessOf(lead), role({ title: "Panel clerk" }));
    const csv = await registerCsv(initiativeId);
    expect(csv.split("\r\n")[0]).toBe("role,agency,holder,responsibilities,accountable to,time committed,start date,end date,status,last confirmed");
    expect(csv).toContain("Panel clerk");
    expect(csv).toContain("vacant");
  });
});
