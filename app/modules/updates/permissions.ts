import { can } from "~/utils/policy";
import type { InitiativeAccess } from "~/utils/policy.server";

/** Who may edit or remove an update: pure, no I/O (pages ask it too, to show or hide a button). */

/** Why this person may not edit this post, or null when they may. */
export function editRefusal(access: InitiativeAccess, post: { authorId: string | null; removedAt: Date | null; systemEvent: string | null }) {
  if (post.removedAt) return "This update was removed, so it cannot be edited.";
  if (post.systemEvent || post.authorId !== access.user.id) return "Only the person who wrote an update can edit it.";
  if (!can(access.membership.role, "post_updates")) return "Observers cannot edit updates.";
  return null;
}

/** Why this person may not remove this post, or null when they may. */
export function removeRefusal(access: InitiativeAccess, post: { authorId: string | null; removedAt: Date | null }) {
  if (post.removedAt) return "This update has already been removed.";
  const own = post.authorId === access.user.id && can(access.membership.role, "post_updates");
  if (!own && !can(access.membership.role, "moderate_updates")) return "Only its author, a lead or a coordinator can remove an update.";
  return null;
}
