/**
 * What each role in an initiative may do. Pure, so the browser can hide controls a person
 * cannot use; the server enforces the same table through policy.server.ts.
 *
 * | role        | sees | edits records              | posts updates | replies to meetings | removes others' posts | settings | invites                | roles, removal, audit log | self-assessment            |
 * | lead        | yes  | yes                        | yes           | yes                 | yes                   | yes      | any role               | yes                       | opens, closes, responds    |
 * | coordinator | yes  | yes                        | yes           | yes                 | yes                   | yes      | members and observers  | no                        | responds                   |
 * | member      | yes  | those they own or are given| yes           | yes                 | no                    | no       | no                     | no                        | responds                   |
 * | observer    | yes  | no                         | no (reads)    | no                  | no                    | no       | no                     | no                        | sees closed rounds' results|
 *
 * A member's "own" records are those of the agency they represent that they added or hold; holding
 * another agency's role lets them confirm it, nothing more (roles/permissions.ts, mayEditRole).
 */
export const INITIATIVE_ROLES = ["lead", "coordinator", "member", "observer"] as const;
export type InitiativeRole = (typeof INITIATIVE_ROLES)[number];

export const ROLE_LABELS: Record<InitiativeRole, string> = {
  lead: "Lead",
  coordinator: "Coordinator",
  member: "Member",
  observer: "Observer",
};

export const ROLE_DESCRIPTIONS: Record<InitiativeRole, string> = {
  lead: "Runs the initiative: manages members, settings and every record.",
  coordinator: "Keeps the records and settings; invites members and observers.",
  member: "Sees everything; changes the records they own or are given.",
  observer: "Sees everything; changes nothing.",
};

export type InitiativeAction =
  /** See the initiative and everything in it. */
  | "view"
  /** Create and change any of the initiative's records (roles, meetings, funding, …). */
  | "edit_records"
  /** Create records of one's own and change those one owns or is assigned. */
  | "edit_own_records"
  /** Post updates and replies in the initiative's feed (and edit or remove one's own). */
  | "post_updates"
  /** Reply to a meeting's invitation: attending, apologies, not sure (observers read only). */
  | "respond_to_meetings"
  /** Remove anyone's post from the feed (it stays in the audit log). */
  | "moderate_updates"
  /** Change the initiative's settings. */
  | "manage_settings"
  /** Invite people (which roles: see grantableRoles). */
  | "invite_members"
  /** Change members' roles, remove members. */
  | "manage_members"
  /** Read and export the initiative's audit log. */
  | "view_audit_log"
  /** Open and close self-assessment rounds, remind those who have not answered, turn concerns into actions (decision 010). */
  | "manage_assessments"
  /** Answer a self-assessment round (observers do not: decision 010). */
  | "respond_to_assessments";

const ALLOWED: Record<InitiativeRole, ReadonlySet<InitiativeAction>> = {
  lead: new Set([
    "view",
    "edit_records",
    "edit_own_records",
    "post_updates",
    "respond_to_meetings",
    "moderate_updates",
    "manage_settings",
    "invite_members",
    "manage_members",
    "view_audit_log",
    "manage_assessments",
    "respond_to_assessments",
  ]),
  coordinator: new Set([
    "view",
    "edit_records",
    "edit_own_records",
    "post_updates",
    "respond_to_meetings",
    "moderate_updates",
    "manage_settings",
    "invite_members",
    "respond_to_assessments",
  ]),
  member: new Set(["view", "edit_own_records", "post_updates", "respond_to_meetings", "respond_to_assessments"]),
  observer: new Set(["view"]),
};

export function isInitiativeRole(value: string): value is InitiativeRole {
  return (INITIATIVE_ROLES as readonly string[]).includes(value);
}

export function can(role: string, action: InitiativeAction): boolean {
  return isInitiativeRole(role) && ALLOWED[role].has(action);
}

/** The roles a person may give others when inviting or changing roles. */
export function grantableRoles(role: string): InitiativeRole[] {
  if (role === "lead") return [...INITIATIVE_ROLES];
  if (role === "coordinator") return ["member", "observer"];
  return [];
}

/**
 * Whether `now` allows everything `then` did: what was checked against the role a person had at
 * the start of a request still holds if their role has since changed to `now`. True for the same
 * role and for a promotion; false for a demotion.
 */
export function keepsPowersOf(now: string, then: string): boolean {
  if (!isInitiativeRole(now) || !isInitiativeRole(then)) return false;
  const actions = [...ALLOWED[then]].every((action) => ALLOWED[now].has(action));
  return actions && grantableRoles(then).every((role) => grantableRoles(now).includes(role));
}
