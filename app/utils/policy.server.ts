import { data } from "@remix-run/node";
import { getAuditActor, recordRefusal } from "~/modules/audit/audit.server";
import { requireUser, type SessionUser } from "./auth.server";
import type { Prisma } from "~/generated/prisma/client";
import { prisma, writeTransaction } from "./db.server";
import { can, isInitiativeRole, keepsPowersOf, ROLE_LABELS, type InitiativeAction, type InitiativeRole } from "./policy";
import { onceThisRequest } from "./request-memo.server";

/**
 * The one answer to "may this user do this to this initiative?". Loaders, actions, resource
 * routes and socket room joins all ask here.
 *
 * A non-member (a portal administrator included) gets the same 404 as for an initiative that
 * does not exist, so they learn nothing, not even that it exists. A refused post is recorded
 * in the audit log: in the initiative's own log when a member overstepped their role, in the
 * portal's log when a non-member tried.
 */
export type InitiativeAccess = {
  user: SessionUser;
  membership: { id: string; role: InitiativeRole; agencyId: string };
  initiativeId: string;
};

// NOTE: plain Responses, not `data()`: resource routes (CSV, calendar) answer a thrown
// Response as it is, where a thrown `data()` there becomes a logged "Unexpected Server Error".
export function notFound(): never {
  throw new Response("Not Found", { status: 404, statusText: "Not Found", headers: { "Content-Type": "text/plain" } });
}

/** A 404 that says what was wrong with the address (the page-not-found page shows `message`). */
export function notFoundBecause(message: string): never {
  throw data({ message }, { status: 404 });
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403, statusText: "Forbidden", headers: { "Content-Type": "text/plain" } });
}

/** A 403 that says why (the "You cannot do that" page shows `message`). */
export function forbiddenBecause(message: string): never {
  throw data({ message }, { status: 403 });
}

/**
 * Every initiative the user belongs to, with their role and when they last read each feed: one
 * query per page request, shared by the header's unread counts and every access check the page's
 * loaders make (each initiative page asks too, in parallel with the header).
 */
export function membershipsOf(userId: string) {
  return onceThisRequest(`memberships ${userId}`, () =>
    prisma.membership.findMany({
      where: { userId },
      select: { id: true, initiativeId: true, role: true, agencyId: true, feedReadAt: true, joinedAt: true },
    }),
  );
}

/** The membership of a user in an initiative, or null. */
export async function getMembership(userId: string, initiativeId: string) {
  const membership = (await membershipsOf(userId)).find((m) => m.initiativeId === initiativeId) ?? null;
  return membership as (InitiativeAccess["membership"] & { feedReadAt: Date | null; joinedAt: Date }) | null;
}

/** May this user do this to this initiative? For callers without a request (sockets). */
export async function mayAccessInitiative(userId: string, initiativeId: string, action: InitiativeAction) {
  const membership = await getMembership(userId, initiativeId);
  return membership !== null && can(membership.role, action);
}

const isWrite = (request: Request) => !["GET", "HEAD"].includes(request.method);

/**
 * The signed-in member and their role, or: a redirect to sign in; 404 for a non-member;
 * 403 for a member whose role does not allow the action.
 */
export async function requireInitiativeAccess(
  request: Request,
  initiativeId: string | undefined,
  action: InitiativeAction = "view",
): Promise<InitiativeAccess> {
  const user = await requireUser(request);
  const membership = initiativeId ? await getMembership(user.id, initiativeId) : null;
  if (!initiativeId || !membership) {
    if (isWrite(request)) {
      await recordRefusal({
        actor: await getAuditActor(user),
        initiativeId: null,
        entity: "initiative",
        entityId: initiativeId ?? "",
        reason: `not a member: ${request.method} ${new URL(request.url).pathname}`,
      });
    }
    notFound();
  }
  if (!can(membership.role, action)) {
    if (isWrite(request)) {
      await recordRefusal({
        actor: await getAuditActor(user),
        initiativeId,
        entity: "initiative",
        entityId: initiativeId,
        reason: `a ${membership.role} may not ${action.replaceAll("_", " ")}: ${new URL(request.url).pathname}`,
      });
    }
    forbidden();
  }
  return { user, membership, initiativeId };
}

/**
 * The member's access as it is now, read inside a write's transaction (so it holds until the write
 * commits: transactions take turns, decisions 009 and 012); null if they are no longer a member.
 * NOTE: `access` was read at the start of the request; by the time its write runs, another lead
 * may have changed this person's role or removed them. Checks a write relies on use this.
 */
export async function accessNow(tx: Prisma.TransactionClient, access: InitiativeAccess): Promise<InitiativeAccess | null> {
  const membership = await tx.membership.findFirst({
    where: { id: access.membership.id, initiativeId: access.initiativeId, userId: access.user.id },
    select: { id: true, role: true, agencyId: true },
  });
  if (!membership || !isInitiativeRole(membership.role)) return null;
  return { ...access, membership: { id: membership.id, role: membership.role, agencyId: membership.agencyId } };
}

/** "a lead", "an observer": for refusals that name a role. */
const aRole = (role: InitiativeRole) => `${role === "observer" ? "an" : "a"} ${ROLE_LABELS[role].toLowerCase()}`;

/** Why a member's write was refused because their membership changed while it was on its way. */
export function membershipChangedMessage(then: InitiativeRole, now: InitiativeAccess | null) {
  if (!now) return "You are no longer a member of this initiative: nothing was changed.";
  if (now.membership.role === then)
    return "The agency you represent in this initiative has just changed: nothing was changed. Check the page and try again.";
  return `You are no longer ${aRole(then)} of this initiative (you are now ${aRole(now.membership.role)}): nothing was changed.`;
}

class MembershipChanged extends Error {
  constructor(readonly now: InitiativeAccess | null) {
    super("membership changed during the request");
  }
}

/**
 * A member's write, in one transaction that first re-reads their membership: if they have left,
 * been removed, been given a role with fewer powers or moved to another agency since the request
 * checked their access, nothing is written and the request is refused as `requireInitiativeAccess`
 * would refuse it now (404 if no longer a member, 403 otherwise, saying what changed), recorded in
 * the audit log.
 * Checks made before the transaction with `access` therefore still hold when it writes.
 * `work` gets the membership as it is now.
 */
export async function writeAsMember<T>(
  access: InitiativeAccess,
  work: (tx: Prisma.TransactionClient, now: InitiativeAccess) => Promise<T>,
): Promise<T> {
  try {
    return await writeTransaction(async (tx) => {
      const now = await accessNow(tx, access);
      const unchanged =
        now !== null && now.membership.agencyId === access.membership.agencyId && keepsPowersOf(now.membership.role, access.membership.role);
      if (!unchanged) throw new MembershipChanged(now);
      return work(tx, now);
    });
  } catch (error) {
    if (!(error instanceof MembershipChanged)) throw error;
    await recordRefusal({
      actor: await getAuditActor(access.user),
      initiativeId: error.now ? access.initiativeId : null,
      entity: "initiative",
      entityId: access.initiativeId,
      reason: error.now
        ? `a ${access.membership.role} became a ${error.now.membership.role} during the request`
        : `no longer a member when the write ran (was a ${access.membership.role})`,
    });
    return error.now ? forbiddenBecause(membershipChangedMessage(access.membership.role, error.now)) : notFound();
  }
}

/**
 * For routes whose forms need different powers: the member's access was checked for "view";
 * this refuses (403, recorded) when their role does not allow `action`.
 */
export async function requireAllowed(request: Request, access: InitiativeAccess, action: InitiativeAction) {
  if (can(access.membership.role, action)) return;
  if (isWrite(request)) {
    await recordRefusal({
      actor: await getAuditActor(access.user),
      initiativeId: access.initiativeId,
      entity: "initiative",
      entityId: access.initiativeId,
      reason: `a ${access.membership.role} may not ${action.replaceAll("_", " ")}: ${new URL(request.url).pathname}`,
    });
  }
  forbidden();
}

/**
 * Someone who may see the authority-wide audit of activity: an administrator, or a person an
 * administrator granted it; anyone else gets the same 404 as for any unknown page.
 */
export async function requireActivityAuditor(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!mayViewActivityAudit(user)) notFound();
  return user;
}

export const mayViewActivityAudit = (user: { isAdmin: boolean; canViewActivityAudit: boolean }) => user.isAdmin || user.canViewActivityAudit;

/** A portal administrator, or the same 404 as for any unknown page. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.isAdmin) notFound();
  return user;
}
