import type { Prisma } from "~/generated/prisma/client";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { recordSystemPost } from "~/utils/system-posts.server";
import { prisma } from "~/utils/db.server";
import { initiativeRoster } from "~/modules/initiatives/roster.server";
import { toCalendarDateString, parseCalendarDate } from "~/utils/dates";
import { can } from "~/utils/policy";
import { writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import { createsAccountabilityLoop, describeTime, RACI_KINDS, type RaciKind } from "./register";
import { mayAddRoleFor, mayEditRole } from "./permissions";
import { getResponsibility, parseResponsibilities, roleSelect } from "./queries.server";
import type { ResponsibilityInput, RoleInput } from "./schema";
import { refused, type Refused } from "~/utils/refusal";

/**
 * Changes to the roles and responsibilities register of one initiative: each checks access, writes
 * and records its audit entry in one transaction, scoped by the initiative of the caller's checked access.
 */

/**
 * Checks a role against the initiative's records: agency, holder, accountable-to (no loops).
 * Reads through the write's transaction, so what it checked still holds when the role is saved.
 */
async function checkRoleInput(
  db: Prisma.TransactionClient,
  access: InitiativeAccess,
  input: RoleInput,
  roleId: string | null,
): Promise<Refused | null> {
  const { initiativeId } = access;
  const agency = await db.initiativeAgency.findUnique({
    where: { initiativeId_agencyId: { initiativeId, agencyId: input.agencyId } },
  });
  if (!agency) return refused("Choose one of this initiative's agencies", "agencyId");
  if (!mayAddRoleFor(access, input.agencyId)) {
    return refused("You can add roles only for the agency you represent", "agencyId");
  }
  if (input.holderId) {
    const holder = await db.membership.findUnique({
      where: { initiativeId_userId: { initiativeId, userId: input.holderId } },
    });
    if (!holder) return refused("The holder must be a member of this initiative: invite them first, or leave the role vacant", "holderId");
  }
  if (input.accountableToId) {
    const roles = await db.registerRole.findMany({ where: { initiativeId }, select: { id: true, accountableToId: true } });
    if (!roles.some((role) => role.id === input.accountableToId)) {
      return refused("Choose a role of this initiative", "accountableToId");
    }
    const current = new Map(roles.map((role) => [role.id, role.accountableToId]));
    if (createsAccountabilityLoop(current, roleId, input.accountableToId)) {
      return refused("That would make a loop: the role it answers to already answers to this one", "accountableToId");
    }
  }
  return null;
}

function roleData(input: RoleInput) {
  return {
    title: input.title,
    agencyId: input.agencyId,
    holderId: input.holderId || null,
    responsibilities: JSON.stringify(input.responsibilities),
    accountableToId: input.accountableToId || null,
    timeUnit: input.timeUnit,
    timeAmount: input.timeAmount,
    startDate: input.startDate ? parseCalendarDate(input.startDate) : null,
    endDate: input.endDate ? parseCalendarDate(input.endDate) : null,
  };
}

/** What an audit entry says of a role: names, not ids. Reads through the caller's transaction. */
async function roleForAudit(db: Prisma.TransactionClient, initiativeId: string, roleId: string) {
  const role = await db.registerRole.findFirst({ where: { id: roleId, initiativeId }, select: roleSelect });
  if (!role) return null;
  return {
    title: role.title,
    agency: role.agency.name,
    holder: role.holder?.name ?? "vacant",
    responsibilities: parseResponsibilities(role.responsibilities),
    accountableTo: role.accountableTo?.title ?? null,
    time: describeTime(role.timeUnit, role.timeAmount),
    startDate: role.startDate ? toCalendarDateString(role.startDate) : null,
    endDate: role.endDate ? toCalendarDateString(role.endDate) : null,
  };
}

export async function createRole(access: InitiativeAccess, input: RoleInput) {
  const actor = await getAuditActor(access.user);
  return writeAsMember(access, async (tx) => {
    const problem = await checkRoleInput(tx, access, input, null);
    if (problem) return problem;
    const created = await tx.registerRole.create({
      data: { ...roleData(input), initiativeId: access.initiativeId, createdById: access.user.id, lastConfirmedAt: new Date() },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "role.created",
      entity: "role",
      entityId: created.id,
      after: { title: input.title, holder: input.holderId ? "filled" : "vacant", time: describeTime(input.timeUnit, input.timeAmount) },
    });
    if (!input.holderId) await announceVacancy(tx, access.initiativeId, created.id, `The new role “${input.title}” is vacant`);
    return { ok: true as const, roleId: created.id };
  });
}

function announceVacancy(tx: Prisma.TransactionClient, initiativeId: string, roleId: string, headline: string) {
  return recordSystemPost(tx, {
    initiativeId,
    event: "role.vacant",
    body: `${headline}. Until someone holds it, no one is accountable for its responsibilities.`,
    linkPath: `/initiatives/${initiativeId}/roles/${roleId}`,
  });
}

/** A role of this initiative as it is now, read through the write's transaction. */
function currentRole(tx: Prisma.TransactionClient, initiativeId: string, roleId: string) {
  return tx.registerRole.findFirst({
    where: { id: roleId, initiativeId },
    select: {
      id: true,
      title: true,
      agencyId: true,
      createdById: true,
      holderId: true,
      holder: { select: { name: true } },
      agency: { select: { name: true } },
    },
  });
}

/** Why a member may not change or remove a role (see mayEditRole). */
function notYourRole(
  access: InitiativeAccess,
  role: { title: string; holderId: string | null; agency: { name: string } },
  doing: "change" | "remove",
) {
  return role.holderId === access.user.id
    ? `“${role.title}” is a role of ${role.agency.name}. As its holder you can confirm it is still right; only a lead, a coordinator, or the member of ${role.agency.name} who added it can ${doing} it.`
    : `You can ${doing} only the roles of the agency you represent that you added or hold.`;
}

const NOT_IN_REGISTER = "That role is not in this initiative's register.";

export async function updateRole(access: InitiativeAccess, roleId: string, input: RoleInput) {
  const actor = await getAuditActor(access.user);
  return writeAsMember(access, async (tx) => {
    const existing = await currentRole(tx, access.initiativeId, roleId);
    if (!existing) return refused(NOT_IN_REGISTER);
    if (!mayEditRole(access, existing)) {
      return refused(notYourRole(access, existing, "change"));
    }
    const problem = await checkRoleInput(tx, access, input, roleId);
    if (problem) return problem;
    const before = await roleForAudit(tx, access.initiativeId, roleId);
    await tx.registerRole.update({ where: { id: roleId }, data: roleData(input) });
    const after = await roleForAudit(tx, access.initiativeId, roleId);
    await recordAudit(tx, { actor, initiativeId: access.initiativeId, action: "role.updated", entity: "role", entityId: roleId, before, after });
    // Only the moment a held role falls vacant is news.
    if (existing.holderId && !input.holderId) {
      await announceVacancy(
        tx,
        access.initiativeId,
        roleId,
        `“${input.title}” is now vacant: ${existing.holder?.name ?? "its holder"} no longer holds it`,
      );
    }
    return { ok: true as const, roleId };
  });
}

export async function deleteRole(access: InitiativeAccess, roleId: string) {
  const actor = await getAuditActor(access.user);
  return writeAsMember(access, async (tx) => {
    const existing = await currentRole(tx, access.initiativeId, roleId);
    if (!existing) return refused(NOT_IN_REGISTER);
    if (!mayEditRole(access, existing)) {
      return refused(notYourRole(access, existing, "remove"));
    }
    const before = await roleForAudit(tx, access.initiativeId, roleId);
    await tx.registerRole.delete({ where: { id: roleId } });
    await recordAudit(tx, { actor, initiativeId: access.initiativeId, action: "role.deleted", entity: "role", entityId: roleId, before });
    return { ok: true as const, title: existing.title };
  });
}

/** The holder says their role is still right as recorded (whatever the role's agency: see mayEditRole). */
export async function confirmRole(access: InitiativeAccess, roleId: string, now = new Date()) {
  const actor = await getAuditActor(access.user);
  return writeAsMember(access, async (tx) => {
    const role = await currentRole(tx, access.initiativeId, roleId);
    if (!role || role.holderId !== access.user.id) return refused("Only the person who holds a role can confirm it.");
    await tx.registerRole.update({ where: { id: role.id }, data: { lastConfirmedAt: now } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "role.confirmed",
      entity: "role",
      entityId: role.id,
      after: { title: role.title },
    });
    return { ok: true as const, title: role.title };
  });
}

/** A lead or coordinator asks holders to confirm their roles (one, or all filled roles). */
export async function requestConfirmation(access: InitiativeAccess, roleId: string | undefined, now = new Date()) {
  if (!can(access.membership.role, "edit_records")) return refused("Only leads and coordinators can ask for confirmation.");
  const where = { initiativeId: access.initiativeId, holderId: { not: null }, ...(roleId ? { id: roleId } : {}) };
  const roles = await prisma.registerRole.findMany({ where, select: { id: true, title: true } });
  if (roles.length === 0) return refused(roleId ? "That role has no holder to ask." : "No role has a holder to ask yet.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.registerRole.updateMany({ where, data: { confirmationRequestedAt: now } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "role.confirmation_requested",
      entity: "role",
      entityId: roleId ?? "all",
      after: { roles: roles.map((r) => r.title) },
    });
  });
  return { ok: true as const, count: roles.length };
}

function parseAssignments(input: ResponsibilityInput) {
  return [...new Set(input.assignments)].map((value) => {
    const [agencyId, kind] = value.split(":") as [string, RaciKind];
    return { agencyId, kind };
  });
}

async function checkAssignments(initiativeId: string, assignments: Array<{ agencyId: string; kind: RaciKind }>) {
  const agencyIds = new Set((await initiativeRoster(initiativeId)).agencies.map((a) => a.id));
  const outside = assignments.some((a) => !agencyIds.has(a.agencyId) || !RACI_KINDS.includes(a.kind));
  return outside ? refused("Choose agencies of this initiative from the grid", "assignments") : null;
}

async function responsibilityForAudit(db: Prisma.TransactionClient, responsibilityId: string) {
  const r = await db.sharedResponsibility.findUnique({
    where: { id: responsibilityId },
    select: { title: true, assignments: { select: { kind: true, agency: { select: { name: true } } } } },
  });
  if (!r) return null;
  return {
    title: r.title,
    ...Object.fromEntries(
      RACI_KINDS.map((kind) => [
        kind,
        r.assignments
          .filter((a) => a.kind === kind)
          .map((a) => a.agency.name)
          .sort(),
      ]),
    ),
  };
}

const KEEP_RESPONSIBILITIES = "Only leads and coordinators keep the shared responsibilities.";

export async function saveResponsibility(access: InitiativeAccess, responsibilityId: string | null, input: ResponsibilityInput) {
  if (!can(access.membership.role, "edit_records")) return refused(KEEP_RESPONSIBILITIES);
  const assignments = parseAssignments(input);
  const problem = await checkAssignments(access.initiativeId, assignments);
  if (problem) return problem;
  if (responsibilityId && !(await getResponsibility(access.initiativeId, responsibilityId))) {
    return refused("That responsibility is not in this initiative's register.");
  }
  const actor = await getAuditActor(access.user);
  const id = await writeAsMember(access, async (tx) => {
    const before = responsibilityId ? await responsibilityForAudit(tx, responsibilityId) : undefined;
    const saved = responsibilityId
      ? await tx.sharedResponsibility.update({ where: { id: responsibilityId }, data: { title: input.title } })
      : await tx.sharedResponsibility.create({ data: { initiativeId: access.initiativeId, title: input.title } });
    await tx.responsibilityAssignment.deleteMany({ where: { responsibilityId: saved.id } });
    await tx.responsibilityAssignment.createMany({
      data: assignments.map((a) => ({ responsibilityId: saved.id, agencyId: a.agencyId, kind: a.kind })),
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: responsibilityId ? "responsibility.updated" : "responsibility.created",
      entity: "responsibility",
      entityId: saved.id,
      before: before ?? undefined,
      after: await responsibilityForAudit(tx, saved.id),
    });
    return saved.id;
  });
  return { ok: true as const, responsibilityId: id };
}

export async function deleteResponsibility(access: InitiativeAccess, responsibilityId: string) {
  if (!can(access.membership.role, "edit_records")) return refused(KEEP_RESPONSIBILITIES);
  const existing = await getResponsibility(access.initiativeId, responsibilityId);
  if (!existing) return refused("That responsibility is not in this initiative's register.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    const before = await responsibilityForAudit(tx, responsibilityId);
    await tx.sharedResponsibility.delete({ where: { id: responsibilityId } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "responsibility.deleted",
      entity: "responsibility",
      entityId: responsibilityId,
      before,
    });
  });
  return { ok: true as const, title: existing.title };
}
