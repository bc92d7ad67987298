import { can } from "~/utils/policy";
import type { InitiativeAccess } from "~/utils/policy.server";

/** Who may do what with an initiative's funding records: pure, no I/O (pages ask it too, to show or hide a button). */

/** Funding streams are the partnership's shared money: leads and coordinators keep them. */
export function mayManageStreams(access: InitiativeAccess) {
  return can(access.membership.role, "edit_records");
}

/** Spending against a stream: editors on any; members on the streams of the agency they represent. */
export function mayRecordSpendingOn(access: InitiativeAccess, stream: { agencyId: string | null }) {
  if (can(access.membership.role, "edit_records")) return true;
  return can(access.membership.role, "edit_own_records") && stream.agencyId !== null && stream.agencyId === access.membership.agencyId;
}

/** Changing or removing spending: editors any; members what they recorded on their agency's streams. */
export function mayChangeSpending(access: InitiativeAccess, spending: { createdById: string; stream: { agencyId: string | null } }) {
  if (can(access.membership.role, "edit_records")) return true;
  return mayRecordSpendingOn(access, spending.stream) && spending.createdById === access.user.id;
}

/** In-kind contributions: editors for any agency; members for the agency they represent. */
export function mayAddInKindFor(access: InitiativeAccess, agencyId: string) {
  if (can(access.membership.role, "edit_records")) return true;
  return can(access.membership.role, "edit_own_records") && access.membership.agencyId === agencyId;
}

export function mayChangeInKind(access: InitiativeAccess, contribution: { createdById: string; agencyId: string }) {
  if (can(access.membership.role, "edit_records")) return true;
  return mayAddInKindFor(access, contribution.agencyId) && contribution.createdById === access.user.id;
}
