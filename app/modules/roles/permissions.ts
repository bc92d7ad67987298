import { can } from "~/utils/policy";
import type { InitiativeAccess } from "~/utils/policy.server";

/** Who may do what to a role in the register: pure, no I/O (pages ask it too, to show or hide a button). */

/**
 * Who may do what to a role in the register (the policy table's "edits records" row, for roles):
 *
 * | who                                   | add                       | change, move to another agency, remove | confirm "still right" |
 * | lead, coordinator                     | for any agency            | any role, to any of the initiative's agencies | roles they hold |
 * | member                                | for the agency they represent | roles of the agency they represent that they added or hold; never to another agency | roles they hold |
 * | member holding another agency's role  | –                         | no: that agency, a lead or a coordinator keeps it | yes |
 * | observer                              | no                        | no                                     | roles they hold |
 *
 * Holding a role lets a person vouch for it (confirm it), not re-home or remove it: a role belongs
 * to its agency, and a member speaks only for the agency they represent. Confirming changes only
 * the date the holder last said the record is right, so an observer who holds a role may too.
 */
export function mayEditRole(access: InitiativeAccess, role: { createdById: string; holderId: string | null; agencyId: string }) {
  if (can(access.membership.role, "edit_records")) return true;
  return (
    can(access.membership.role, "edit_own_records") &&
    role.agencyId === access.membership.agencyId &&
    (role.createdById === access.user.id || role.holderId === access.user.id)
  );
}

/** Who may add a role for which agency (or move one to it): editors for any, members for the agency they represent. */
export function mayAddRoleFor(access: InitiativeAccess, agencyId: string) {
  if (can(access.membership.role, "edit_records")) return true;
  return can(access.membership.role, "edit_own_records") && access.membership.agencyId === agencyId;
}
