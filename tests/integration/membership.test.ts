import { beforeEach, describe, expect, test } from "vitest";
import {
  acceptInvitation,
  changeMemberRole,
  inviteMember,
  removeMember,
  renewInvitationLink,
  revokeInvitation,
} from "~/modules/membership/commands.server";
import { getInvitationByToken, listMembers, listPendingInvitations } from "~/modules/membership/queries.server";
import { initiativeRoster } from "~/modules/initiatives/roster.server";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import type { InitiativeAccess } from "~/utils/policy.server";
import type { InitiativeRole } from "~/utils/policy";
import { addMember, createAgency, createInitiative, createUser } from "../fixtures";

let lead: SessionUser;
let initiativeId: string;
let agencyId: string;

async function accessOf(user: SessionUser): Promise<InitiativeAccess> {
  const membership = await prisma.membership.findFirstOrThrow({ where: { initiativeId, userId: user.id } });
  return { user, initiativeId, membership: { id: membership.id, role: membership.role as InitiativeRole, agencyId: membership.agencyId } };
}

async function refusalsFor(initiative: string | null) {
  return prisma.auditEvent.count({ where: { initiativeId: initiative, action: "access.refused" } });
}

beforeEach(async () => {
  lead = await createUser();
  agencyId = lead.agencyId;
  initiativeId = (await createInitiative(lead)).id;
});

describe("invitations", () => {
  test("a lead invites by email; the link works once, for that email, and makes them a member", async () => {
    const invitee = await createUser({ email: `invitee-${Date.now()}@example.gov.uk` });
    const invited = await inviteMember(await accessOf(lead), { email: invitee.email, role: "coordinator", agencyId });
    if (!invited.ok) throw new Error(invited.message);
    expect(await getInvitationByToken(invited.token)).toMatchObject({ state: "pending", email: invitee.email, role: "coordinator" });
    const stored = await prisma.invitation.findUniqueOrThrow({ where: { id: invited.invitationId } });
    expect(stored.tokenHash).not.toContain(invited.token);
    expect((stored.expiresAt.getTime() - stored.createdAt.getTime()) / 86_400_000).toBeCloseTo(14, 1);

    const joined = await acceptInvitation(invited.token, invitee);
    expect(joined).toEqual({ ok: true, initiativeId });
    expect((await listMembers(initiativeId)).map((m) => [m.user.id, m.role])).toContainEqual([invitee.id, "coordinator"]);
    expect(await getInvitationByToken(invited.token)).toMatchObject({ state: "accepted" });
    expect(await acceptInvitation(invited.token, invitee)).toMatchObject({ ok: false });
    const audit = await prisma.auditEvent.findMany({ where: { initiativeId }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["invitation.created", "membership.joined"]));
  });

  test("the link refuses another account, and says so in the initiative's log", async () => {
    const invited = await inviteMember(await accessOf(lead), { email: "right@example.gov.uk", role: "member", agencyId });
    if (!invited.ok) throw new Error(invited.message);
    const wrong = await createUser({ email: `wrong-${Date.now()}@example.gov.uk` });
    const result = await acceptInvitation(invited.token, wrong);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("This invitation is for right@example.gov.uk") });
    expect(await prisma.membership.count({ where: { initiativeId, userId: wrong.id } })).toBe(0);
    expect(await refusalsFor(initiativeId)).toBe(1);
  });

  test("expired, revoked and unknown links say which, and do nothing", async () => {
    const past = new Date(Date.now() - 15 * 86_400_000);
    const old = await inviteMember(await accessOf(lead), { email: "late@example.gov.uk", role: "member", agencyId }, past);
    if (!old.ok) throw new Error(old.message);
    expect(await getInvitationByToken(old.token)).toMatchObject({ state: "expired" });
    const late = await createUser({ email: "late@example.gov.uk" });
    expect(await acceptInvitation(old.token, late)).toMatchObject({ ok: false });

    const fresh = await inviteMember(await accessOf(lead), { email: "withdrawn@example.gov.uk", role: "member", agencyId });
    if (!fresh.ok) throw new Error(fresh.message);
    expect(await revokeInvitation(await accessOf(lead), fresh.invitationId)).toMatchObject({ ok: true });
    expect(await getInvitationByToken(fresh.token)).toMatchObject({ state: "revoked" });
    expect(await listPendingInvitations(initiativeId)).toEqual([]);

    expect(await getInvitationByToken("not-a-token-at-all-but-long-enough")).toEqual({ state: "unknown" });
    expect(await getInvitationByToken("../../etc")).toEqual({ state: "unknown" });
  });

  test("a new link replaces the old one", async () => {
    const invited = await inviteMember(await accessOf(lead), { email: "renew@example.gov.uk", role: "observer", agencyId });
    if (!invited.ok) throw new Error(invited.message);
    const renewed = await renewInvitationLink(await accessOf(lead), invited.invitationId);
    if (!renewed.ok) throw new Error(renewed.message);
    expect(await getInvitationByToken(invited.token)).toEqual({ state: "unknown" });
    expect(await getInvitationByToken(renewed.token)).toMatchObject({ state: "pending" });
  });

  test("coordinators invite members and observers only; the attempt at more is refused and logged", async () => {
    const coordinator = await createUser({ agencyId });
    await addMember(initiativeId, coordinator, "coordinator");
    const access = await accessOf(coordinator);
    expect(await inviteMember(access, { email: "m@example.gov.uk", role: "member", agencyId })).toMatchObject({ ok: true });
    const before = await prisma.invitation.count({ where: { initiativeId } });
    expect(await inviteMember(access, { email: "l@example.gov.uk", role: "lead", agencyId })).toMatchObject({ ok: false, field: "role" });
    expect(await prisma.invitation.count({ where: { initiativeId } })).toBe(before);
    expect(await refusalsFor(initiativeId)).toBe(1);
  });

  test("an agency not taking part, or an existing member, is refused", async () => {
    const elsewhere = await createAgency("education");
    expect(await inviteMember(await accessOf(lead), { email: "x@example.gov.uk", role: "member", agencyId: elsewhere.id })).toMatchObject({
      ok: false,
      field: "agencyId",
    });
    expect(await inviteMember(await accessOf(lead), { email: lead.email, role: "member", agencyId })).toMatchObject({
      ok: false,
      field: "email",
    });
  });

  test("an invitation id of another initiative changes nothing", async () => {
    const otherLead = await createUser();
    const other = await createInitiative(otherLead);
    const otherAccess: InitiativeAccess = {
      user: otherLead,
      initiativeId: other.id,
      membership: { ...(await prisma.membership.findFirstOrThrow({ where: { initiativeId: other.id } })), role: "lead" },
    };
    const theirs = await inviteMember(otherAccess, { email: "theirs@example.gov.uk", role: "member", agencyId: otherLead.agencyId });
    if (!theirs.ok) throw new Error(theirs.message);
    expect(await revokeInvitation(await accessOf(lead), theirs.invitationId)).toMatchObject({ ok: false });
    expect(await getInvitationByToken(theirs.token)).toMatchObject({ state: "pending" });
  });
});

describe("roles and removal", () => {
  test("the last lead can be neither demoted nor removed, nor leave", async () => {
    const access = await accessOf(lead);
    expect(await changeMemberRole(access, access.membership.id, "member")).toMatchObject({
      ok: false,
      message: expect.stringContaining("at least one lead"),
    });
    expect(await removeMember(access, access.membership.id)).toMatchObject({ ok: false });
    expect((await accessOf(lead)).membership.role).toBe("lead");
    expect(await refusalsFor(initiativeId)).toBe(2);
  });

  test("with a second lead, the first may step down and leave", async () => {
    const second = await createUser({ agencyId });
    const secondMembership = await addMember(initiativeId, second, "member");
    expect(await changeMemberRole(await accessOf(lead), secondMembership.id, "lead")).toMatchObject({ ok: true });
    expect(await removeMember(await accessOf(lead), (await accessOf(lead)).membership.id)).toMatchObject({ ok: true, leaving: true });
    expect(await prisma.membership.count({ where: { initiativeId, userId: lead.id } })).toBe(0);
    expect(await prisma.auditEvent.findFirst({ where: { initiativeId, action: "membership.left" } })).not.toBeNull();
  });

  test("a lead removes a member; a member can only remove themselves", async () => {
    const member = await createUser({ agencyId });
    const other = await createUser({ agencyId });
    const memberMembership = await addMember(initiativeId, member, "member");
    const otherMembership = await addMember(initiativeId, other, "member");
    expect(await removeMember(await accessOf(member), otherMembership.id)).toMatchObject({ ok: false });
    expect(await removeMember(await accessOf(lead), otherMembership.id)).toMatchObject({ ok: true, leaving: false });
    expect(await removeMember(await accessOf(member), memberMembership.id)).toMatchObject({ ok: true, leaving: true });
    expect(await prisma.membership.count({ where: { initiativeId } })).toBe(1);
  });

  test("a coordinator cannot make anyone a lead", async () => {
    const coordinator = await createUser({ agencyId });
    const member = await createUser({ agencyId });
    await addMember(initiativeId, coordinator, "coordinator");
    const memberMembership = await addMember(initiativeId, member, "member");
    expect(await changeMemberRole(await accessOf(coordinator), memberMembership.id, "lead")).toMatchObject({ ok: false });
    expect((await prisma.membership.findUniqueOrThrow({ where: { id: memberMembership.id } })).role).toBe("member");
  });
});

describe("the roster", () => {
  test("an initiative's agencies and members, by name, each member with the agency they represent here", async () => {
    const school = await createAgency("education", `Zeta Academy ${Date.now()}`);
    const other = await createAgency("other", `Elsewhere ${Date.now()}`);
    const teacher = await createUser({ name: "Aaron Able", agencyId: school.id });
    await prisma.initiativeAgency.create({ data: { initiativeId, agencyId: school.id } });
    // Represents the school here, though employed elsewhere; and a member of another initiative is not listed.
    const joined = await prisma.membership.create({
      data: { initiativeId, userId: (await createUser({ name: "Zoe Zed", agencyId: other.id })).id, role: "member", agencyId: school.id },
    });
    await addMember((await createInitiative(teacher)).id, await createUser({ name: "Not Here" }), "member");
    await addMember(initiativeId, teacher, "observer");

    const { agencies, members } = await initiativeRoster(initiativeId);
    expect(agencies.map((a) => a.id)).toEqual([agencyId, school.id]); // "Agency …" before "Zeta …"; not "Elsewhere"
    expect(agencies.find((a) => a.id === school.id)).toEqual({ id: school.id, name: school.name, sector: "education" });
    expect(members.map((m) => m.name)).toEqual(["Aaron Able", lead.name, "Zoe Zed"].sort((a, b) => a.localeCompare(b, "en-GB")));
    expect(members.find((m) => m.name === "Zoe Zed")).toEqual({
      membershipId: joined.id,
      userId: joined.userId,
      name: "Zoe Zed",
      role: "member",
      agencyId: school.id,
      agencyName: school.name,
      joinedAt: joined.joinedAt,
    });
    expect(members.find((m) => m.name === "Aaron Able")).toMatchObject({ role: "observer", agencyName: school.name });
  });
});
