import { data } from "@remix-run/node";
import { requireUser, type SessionUser } from "./auth.server";
import { prisma } from "./db.server";
import { can, type InitiativeAction, type InitiativeRole } from "./policy";

/**
 * The one answer to "may this user do this to this initiative?". Loaders, actions, resource
 * routes and socket room joins all ask here.
 *
 * A non-member (a portal administrator included) gets the same 404 as for an initiative that
 * does not exist, so they learn nothing, not even that it exists.
 */
export type InitiativeAccess = {
  user: SessionUser;
  membership: { id: string; role: InitiativeRole; agencyId: string };
};

export function notFound(): never {
  throw data(null, { status: 404, statusText: "Not Found" });
}

export function forbidden(): never {
  throw data(null, { status: 403, statusText: "Forbidden" });
}

/** The membership of a user in an initiative, or null. */
export async function getMembership(userId: string, initiativeId: string) {
  const membership = await prisma.membership.findUnique({
    where: { initiativeId_userId: { initiativeId, userId } },
    select: { id: true, role: true, agencyId: true },
  });
  return membership as InitiativeAccess["membership"] | null;
}

/** May this user do this to this initiative? For non-request callers (sockets). */
export async function mayAccessInitiative(userId: string, initiativeId: string, action: InitiativeAction) {
  const membership = await getMembership(userId, initiativeId);
  return membership !== null && can(membership.role, action);
}

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
  if (!initiativeId) notFound();
  const membership = await getMembership(user.id, initiativeId);
  if (!membership) notFound();
  if (!can(membership.role, action)) forbidden();
  return { user, membership };
}
