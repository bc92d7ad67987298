import { randomBytes } from "node:crypto";
import { getAuditActor, recordAudit, recordRefusal } from "~/modules/audit/audit.server";
import type { SessionUser } from "~/utils/auth.server";
import { recordSystemPost } from "~/utils/system-posts.server";
import { writeTransaction } from "~/utils/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { accessNow, membershipChangedMessage, writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import { can, grantableRoles, type InitiativeRole } from "~/utils/policy";
import { findMember, getInvitationByToken, hashInvitationToken } from "./queries.server";
import { INVITATION_DAYS, type InviteInput } from "./schema";
import { refused, type Refused } from "~/utils/refusal";
import { DAY_MS } from "~/utils/dates";

/**
 * Changes to who is in an initiative: invitations (made, revoked, renewed, accepted), role changes
 * and removals. Each checks the caller's access and writes with its audit entry in one transaction;
 * a refusal is recorded in the audit log too.
 */

function newToken() {
  return randomBytes(32).toString("base64url");
}

/**
 * Invites a person by email. Returns the link's token, shown once to copy: only its hash is kept.
 */
export async function inviteMember(
  access: InitiativeAccess,
  input: InviteInput,
  now = new Date(),
): Promise<{ ok: true; token: string; invitationId: string } | Refused> {
  const { initiativeId } = access;
  const actor = await getAuditActor(access.user);
  if (!grantableRoles(access.membership.role).includes(input.role)) {
    await recordRefusal({
      actor,
      initiativeId,
      entity: "invitation",
      entityId: "",
      reason: `a ${access.membership.role} may not invite a ${input.role}`,
      after: { email: input.email, role: input.role },
    });
    return refused("You cannot invite someone with that role", "role");
  }
  const token = newToken();
  // The agency and the address are checked in the transaction: settings may be taking the agency
  // out, or the person joining, at the same moment.
  return writeAsMember(access, async (tx) => {
    const agency = await tx.initiativeAgency.findUnique({
      where: { initiativeId_agencyId: { initiativeId, agencyId: input.agencyId } },
      select: { agency: { select: { id: true, name: true } } },
    });
    if (!agency) return refused("Choose one of this initiative's agencies", "agencyId");
    const alreadyMember = await tx.membership.findFirst({
      where: { initiativeId, user: { email: input.email } },
      select: { id: true },
    });
    if (alreadyMember) return refused("This person is already a member of the initiative", "email");
    // A new invitation replaces any pending one for the same address.
    const pending = await tx.invitation.findMany({
      where: { initiativeId, email: input.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    for (const old of pending) {
      await tx.invitation.update({ where: { id: old.id }, data: { revokedAt: now } });
      await recordAudit(tx, {
        actor,
        initiativeId,
        action: "invitation.revoked",
        entity: "invitation",
        entityId: old.id,
        after: { email: input.email, reason: "replaced by a new invitation" },
      });
    }
    const created = await tx.invitation.create({
      data: {
        initiativeId,
        email: input.email,
        role: input.role,
        agencyId: input.agencyId,
        tokenHash: hashInvitationToken(token),
        invitedById: access.user.id,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
      },
    });
    await recordAudit(tx, {
      actor,
      initiativeId,
      action: "invitation.created",
      entity: "invitation",
      entityId: created.id,
      after: { email: input.email, role: input.role, agency: agency.agency.name, expiresAt: created.expiresAt },
    });
    return { ok: true as const, token, invitationId: created.id };
  });
}

/** A pending invitation of the initiative that this member may manage, read in the write's transaction. */
async function findPendingInvitation(tx: Prisma.TransactionClient, access: InitiativeAccess, invitationId: string, now: Date) {
  const invitation = await tx.invitation.findFirst({
    where: { id: invitationId, initiativeId: access.initiativeId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
  });
  if (!invitation) return null;
  // Coordinators manage only the invitations they could have made.
  return grantableRoles(access.membership.role).includes(invitation.role as InitiativeRole) ? invitation : null;
}

export async function revokeInvitation(access: InitiativeAccess, invitationId: string, now = new Date()) {
  const actor = await getAuditActor(access.user);
  const outcome = await writeAsMember(access, async (tx, me) => {
    const invitation = await findPendingInvitation(tx, me, invitationId, now);
    if (!invitation) return null;
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: now } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "invitation.revoked",
      entity: "invitation",
      entityId: invitation.id,
      after: { email: invitation.email, role: invitation.role },
    });
    return { ok: true as const, email: invitation.email };
  });
  if (outcome) return outcome;
  await recordRefusal({
    actor,
    initiativeId: access.initiativeId,
    entity: "invitation",
    entityId: invitationId,
    reason: "revoke: no such pending invitation you may manage",
  });
  return refused("That invitation is no longer pending, or is not yours to revoke.");
}

/** A new link for a pending invitation (the old one stops working); 14 more days. */
export async function renewInvitationLink(access: InitiativeAccess, invitationId: string, now = new Date()) {
  const actor = await getAuditActor(access.user);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS);
  const outcome = await writeAsMember(access, async (tx, me) => {
    const invitation = await findPendingInvitation(tx, me, invitationId, now);
    if (!invitation) return null;
    await tx.invitation.update({ where: { id: invitation.id }, data: { tokenHash: hashInvitationToken(token), expiresAt } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "invitation.link_renewed",
      entity: "invitation",
      entityId: invitation.id,
      before: { expiresAt: invitation.expiresAt },
      after: { expiresAt },
    });
    return { ok: true as const, token, email: invitation.email };
  });
  if (outcome) return outcome;
  await recordRefusal({
    actor,
    initiativeId: access.initiativeId,
    entity: "invitation",
    entityId: invitationId,
    reason: "renew link: no such pending invitation you may manage",
  });
  return refused("That invitation is no longer pending, or is not yours to manage.");
}

/**
 * Joins the signed-in person to the initiative of a pending invitation addressed to their
 * email. Works once: the invitation is marked accepted in the same transaction.
 */
export async function acceptInvitation(token: string, user: SessionUser, now = new Date()): Promise<{ ok: true; initiativeId: string } | Refused> {
  const view = await getInvitationByToken(token, now);
  if (view.state !== "pending") return refused("This invitation can no longer be used.");
  const actor = await getAuditActor(user);
  if (view.email !== user.email.toLowerCase()) {
    await recordRefusal({
      actor,
      initiativeId: view.initiativeId,
      entity: "invitation",
      entityId: hashInvitationToken(token).slice(0, 12),
      reason: "accept: the invitation is for another email address",
    });
    return refused(`This invitation is for ${view.email}, and you are signed in as ${user.email}.`);
  }
  return writeTransaction(async (tx) => {
    const invitation = await tx.invitation.findUniqueOrThrow({ where: { tokenHash: hashInvitationToken(token) } });
    // The agency may have been taken out of the initiative since the invitation was made: nobody
    // may represent an agency that is not part of it (the settings check the same in theirs).
    const agencyTakesPart = await tx.initiativeAgency.findUnique({
      where: { initiativeId_agencyId: { initiativeId: invitation.initiativeId, agencyId: invitation.agencyId } },
      select: { agencyId: true },
    });
    if (!agencyTakesPart) {
      return refused(
        `${view.agencyName} no longer takes part in ${view.initiativeName}, so this invitation can no longer be used. Ask ${view.invitedBy} for a new one.`,
      );
    }
    // Marking it accepted only if still pending makes a second use (or a race) fail here.
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: user.id },
    });
    if (claimed.count !== 1) return refused("This invitation can no longer be used.");
    const existing = await tx.membership.findUnique({
      where: { initiativeId_userId: { initiativeId: invitation.initiativeId, userId: user.id } },
    });
    if (!existing) {
      const membership = await tx.membership.create({
        data: { initiativeId: invitation.initiativeId, userId: user.id, role: invitation.role, agencyId: invitation.agencyId },
      });
      await recordAudit(tx, {
        actor,
        initiativeId: invitation.initiativeId,
        action: "membership.joined",
        entity: "membership",
        entityId: membership.id,
        after: { name: user.name, email: user.email, role: invitation.role, agency: view.agencyName, invitationId: invitation.id },
      });
    }
    return { ok: true as const, initiativeId: invitation.initiativeId };
  });
}

const LAST_LEAD = "An initiative must keep at least one lead: make someone else a lead first.";
const NOT_A_MEMBER = "That person is not a member of this initiative.";

/** A refusal decided inside a transaction, recorded in the audit log once it has ended. */
type Refusal = { refusal: { reason: string; message: string } };
const refusal = (reason: string, message: string): Refusal => ({ refusal: { reason, message } });

/**
 * Would this change leave the initiative without a lead? Read in the write's transaction: leads
 * demoting or removing each other at the same moment take turns, and the last one is refused.
 */
async function isLastLead(tx: Prisma.TransactionClient, initiativeId: string, member: { role: string }) {
  return member.role === "lead" && (await tx.membership.count({ where: { initiativeId, role: "lead" } })) <= 1;
}

/**
 * Changes a member's role (a lead's power). Everything it depends on is read in its transaction:
 * the lead's own role now (another lead may have demoted them a moment ago), the member's role
 * now, and how many leads there are.
 */
export async function changeMemberRole(access: InitiativeAccess, membershipId: string, role: InitiativeRole) {
  const actor = await getAuditActor(access.user);
  const outcome = await writeTransaction(async (tx): Promise<Refusal | { ok: true; name: string }> => {
    const me = await accessNow(tx, access);
    if (!me || !can(me.membership.role, "manage_members")) {
      return refusal(
        `change role: no longer allowed (${me ? `now a ${me.membership.role}` : "no longer a member"})`,
        membershipChangedMessage(access.membership.role, me),
      );
    }
    if (!grantableRoles(me.membership.role).includes(role)) {
      return refusal(`a ${me.membership.role} may not give the role ${role}`, "You cannot give that role.");
    }
    const member = await findMember(tx, access.initiativeId, membershipId);
    if (!member) return refusal("change role: no such member", NOT_A_MEMBER);
    if (member.role === role) return { ok: true, name: member.user.name };
    if (await isLastLead(tx, access.initiativeId, member)) return refusal("change role: would leave no lead", LAST_LEAD);
    await tx.membership.update({ where: { id: member.id }, data: { role } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "membership.role_changed",
      entity: "membership",
      entityId: member.id,
      subject: { userId: member.userId },
      before: { name: member.user.name, role: member.role },
      after: { name: member.user.name, role },
    });
    return { ok: true, name: member.user.name };
  });
  if ("ok" in outcome) return outcome;
  await recordRefusal({
    actor,
    initiativeId: access.initiativeId,
    entity: "membership",
    entityId: membershipId,
    reason: outcome.refusal.reason,
    after: { role },
  });
  return refused(outcome.refusal.message);
}

/**
 * Removes a member (a lead's power), or lets a person leave (their own membership). As for role
 * changes, the checks read the lead's role, the member and the count of leads in the transaction.
 */
export async function removeMember(access: InitiativeAccess, membershipId: string) {
  const actor = await getAuditActor(access.user);
  const outcome = await writeTransaction(async (tx): Promise<Refusal | { ok: true; name: string; leaving: boolean }> => {
    const member = await findMember(tx, access.initiativeId, membershipId);
    const leaving = member?.userId === access.user.id;
    if (!member) {
      return refusal(
        "remove: no such member",
        membershipId === access.membership.id ? "You are no longer a member of this initiative." : NOT_A_MEMBER,
      );
    }
    if (!leaving) {
      const me = await accessNow(tx, access);
      if (!me || !can(me.membership.role, "manage_members")) {
        return me && access.membership.role !== "lead"
          ? refusal("remove: only leads remove members", "Only a lead can remove members.")
          : refusal(
              `remove: no longer allowed (${me ? `now a ${me.membership.role}` : "no longer a member"})`,
              membershipChangedMessage(access.membership.role, me),
            );
      }
    }
    if (await isLastLead(tx, access.initiativeId, member)) return refusal("remove: would leave no lead", LAST_LEAD);
    await tx.membership.delete({ where: { id: member.id } });
    // Roles they held in this initiative's register fall vacant, visibly, rather than
    // naming someone who can no longer see the initiative.
    const held = await tx.registerRole.findMany({
      where: { initiativeId: access.initiativeId, holderId: member.userId },
      select: { id: true, title: true },
    });
    for (const role of held) {
      await tx.registerRole.update({ where: { id: role.id }, data: { holderId: null } });
      await recordAudit(tx, {
        actor,
        initiativeId: access.initiativeId,
        action: "role.vacated",
        entity: "role",
        entityId: role.id,
        before: { title: role.title, holder: member.user.name },
        after: { title: role.title, holder: "vacant" },
      });
      await recordSystemPost(tx, {
        initiativeId: access.initiativeId,
        event: "role.vacant",
        body: `“${role.title}” is now vacant: ${member.user.name} ${leaving ? "left" : "is no longer a member of"} the initiative. Until someone holds it, no one is accountable for its responsibilities.`,
        linkPath: `/initiatives/${access.initiativeId}/roles/${role.id}`,
      });
    }
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: leaving ? "membership.left" : "membership.removed",
      entity: "membership",
      entityId: member.id,
      before: { name: member.user.name, role: member.role, agency: member.agency.name },
      subject: { userId: member.userId },
    });
    return { ok: true, name: member.user.name, leaving };
  });
  if ("ok" in outcome) return outcome;
  await recordRefusal({ actor, initiativeId: access.initiativeId, entity: "membership", entityId: membershipId, reason: outcome.refusal.reason });
  return refused(outcome.refusal.message);
}
