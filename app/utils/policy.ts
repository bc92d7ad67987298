/**
 * What each role in an initiative may do. Pure, so the browser can hide controls a person
 * cannot use; the server enforces the same table in policy.server.ts.
 */
export const INITIATIVE_ROLES = ["lead", "coordinator", "member", "observer"] as const;
export type InitiativeRole = (typeof INITIATIVE_ROLES)[number];

export const ROLE_LABELS: Record<InitiativeRole, string> = {
  lead: "Lead",
  coordinator: "Coordinator",
  member: "Member",
  observer: "Observer",
};

export type InitiativeAction =
  /** See the initiative and everything in it. */
  | "view"
  /** Create and change the initiative's records (roles, meetings, funding, …). */
  | "edit_records"
  /** Change the initiative's settings. */
  | "manage_settings"
  /** Invite people, change roles, remove members. */
  | "manage_members";

const ALLOWED: Record<InitiativeRole, ReadonlySet<InitiativeAction>> = {
  lead: new Set(["view", "edit_records", "manage_settings", "manage_members"]),
  coordinator: new Set(["view", "edit_records", "manage_settings"]),
  member: new Set(["view"]),
  observer: new Set(["view"]),
};

export function isInitiativeRole(value: string): value is InitiativeRole {
  return (INITIATIVE_ROLES as readonly string[]).includes(value);
}

export function can(role: string, action: InitiativeAction): boolean {
  return isInitiativeRole(role) && ALLOWED[role].has(action);
}
