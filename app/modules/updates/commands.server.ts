import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { addAction, addDecision } from "~/modules/meetings/commands.server";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { can } from "~/utils/policy";
import { writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import { findMentions, type MentionResult } from "./mentions";
import { editRefusal, removeRefusal } from "./permissions";
import { getMentionables, getPost, unreadCounts } from "./queries.server";
import type { PostCategory, PromoteInput } from "./schema";
import { refused, type Refused } from "~/utils/refusal";

/**
 * Changes to an initiative's updates feed: posts and replies with their @mentions, edits kept as
 * revisions, removal that leaves a marker, posts turned into decisions and actions (each written
 * and audited in one transaction), and each member's own read marker (theirs alone, not audited).
 */

async function resolveMentions(initiativeId: string, body: string): Promise<MentionResult | Refused> {
  // Most posts mention no one: no need to read the member list for them.
  if (!body.includes("@")) return { people: [], names: [], unknown: [], ambiguous: [] };
  const { people, agencies } = await getMentionables(initiativeId);
  const result = findMentions(body, people, agencies);
  if (result.ambiguous.length > 0) {
    const [first] = result.ambiguous;
    const more =
      result.ambiguous.length > 1
        ? ` The same goes for ${result.ambiguous
            .slice(1)
            .map((a) => `“${a.written}”`)
            .join(", ")}.`
        : "";
    return refused(`“${first!.written}” could be more than one member: write ${first!.choices.map((c) => `“${c}”`).join(" or ")}.${more}`, "body");
  }
  if (result.unknown.length > 0) {
    const list = result.unknown.map((u) => `“${u}”`).join(", ");
    return refused(
      `${list} ${result.unknown.length === 1 ? "is" : "are"} not a member or agency of this initiative. Check the spelling against the list of people you can mention, or remove the @.`,
      "body",
    );
  }
  return result;
}

const mentionRows = (postId: string, mentions: MentionResult, authorId: string) =>
  mentions.people.filter((p) => p.userId !== authorId).map((p) => ({ postId, userId: p.userId, via: p.via }));

/**
 * Everything up to now has been seen. Written only when an update by someone else arrived after the last mark:
 * most visits find nothing new, and a write waits for the disk (synchronous = FULL).
 */
export async function markFeedRead(access: InitiativeAccess, now = new Date()) {
  // The header's counts (read once per request) say whether anything by others arrived since.
  const { byInitiative } = await unreadCounts(access.user.id);
  if (!byInitiative[access.initiativeId]) return;
  await prisma.membership.update({ where: { id: access.membership.id }, data: { feedReadAt: now } });
}

/** "Mark as unread": this post and everything after it count as new again. */
export async function markUnreadFrom(access: InitiativeAccess, postId: string) {
  const post = await prisma.post.findFirst({ where: { id: postId, initiativeId: access.initiativeId }, select: { createdAt: true } });
  if (!post) return refused("That update is not in this initiative.");
  await prisma.membership.update({ where: { id: access.membership.id }, data: { feedReadAt: new Date(post.createdAt.getTime() - 1) } });
  return { ok: true as const };
}

/** A member's post or reply, written with the mentions it makes (their rows, for the audit's count). */
async function writePost(
  tx: Prisma.TransactionClient,
  access: InitiativeAccess,
  post: { category: string; body: string; parentId: string | null },
  mentions: MentionResult,
  now: Date,
) {
  const created = await tx.post.create({
    data: { initiativeId: access.initiativeId, authorId: access.user.id, ...post, createdAt: now, activityAt: now },
  });
  const rows = mentionRows(created.id, mentions, access.user.id);
  if (rows.length) await tx.postMention.createMany({ data: rows });
  return { created, rows };
}

export async function createPost(access: InitiativeAccess, input: { category: PostCategory; body: string }, now = new Date()) {
  if (!can(access.membership.role, "post_updates")) return refused("Observers can read the updates but not post.");
  const mentions = await resolveMentions(access.initiativeId, input.body);
  if ("ok" in mentions) return mentions;
  const actor = await getAuditActor(access.user);
  const post = await writeAsMember(access, async (tx) => {
    const { created, rows } = await writePost(tx, access, { category: input.category, body: input.body, parentId: null }, mentions, now);
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "post.created",
      entity: "post",
      entityId: created.id,
      after: { category: input.category, length: input.body.length, mentioned: rows.length },
    });
    return created;
  });
  return { ok: true as const, postId: post.id, mentioned: mentions.people.filter((p) => p.userId !== access.user.id).length };
}

export async function replyToPost(access: InitiativeAccess, postId: string, body: string, now = new Date()) {
  if (!can(access.membership.role, "post_updates")) return refused("Observers can read the updates but not reply.");
  const parent = await prisma.post.findFirst({
    where: { id: postId, initiativeId: access.initiativeId },
    select: { id: true, parentId: true, removedAt: true },
  });
  if (!parent) return refused("That update is not in this initiative.");
  const threadId = parent.parentId ?? parent.id;
  const mentions = await resolveMentions(access.initiativeId, body);
  if ("ok" in mentions) return mentions;
  const actor = await getAuditActor(access.user);
  const reply = await writeAsMember(access, async (tx) => {
    const { created, rows } = await writePost(tx, access, { category: "reply", body, parentId: threadId }, mentions, now);
    await tx.post.update({ where: { id: threadId }, data: { activityAt: now } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "post.replied",
      entity: "post",
      entityId: created.id,
      after: { thread: threadId, length: body.length, mentioned: rows.length },
    });
    return created;
  });
  return { ok: true as const, postId: reply.id, threadId };
}

export async function editPost(access: InitiativeAccess, postId: string, input: { category?: PostCategory; body: string }, now = new Date()) {
  const post = await getPost(access.initiativeId, postId);
  if (!post) return refused("That update is not in this initiative.");
  const refusal = editRefusal(access, post);
  if (refusal) return refused(refusal);
  const category = post.parentId ? post.category : (input.category ?? post.category);
  if (category === post.category && input.body === post.body) return { ok: true as const, changed: false };
  const mentions = await resolveMentions(access.initiativeId, input.body);
  if ("ok" in mentions) return mentions;
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.postRevision.create({ data: { postId, category: post.category, body: post.body, replacedAt: now } });
    await tx.post.update({ where: { id: postId }, data: { category, body: input.body, editedAt: now } });
    await tx.postMention.deleteMany({ where: { postId } });
    const rows = mentionRows(postId, mentions, access.user.id);
    if (rows.length) await tx.postMention.createMany({ data: rows });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "post.edited",
      entity: "post",
      entityId: postId,
      before: { category: post.category, body: post.body },
      after: { category, body: input.body },
    });
  });
  return { ok: true as const, changed: true };
}

/** Removes a post from view: the feed shows that it was removed, and by whom; the audit log keeps the text. */
export async function removePost(access: InitiativeAccess, postId: string, now = new Date()) {
  const post = await getPost(access.initiativeId, postId);
  if (!post) return refused("That update is not in this initiative.");
  const refusal = removeRefusal(access, post);
  if (refusal) return refused(refusal);
  const actor = await getAuditActor(access.user);
  const changed = await writeAsMember(access, async (tx) => {
    // Only if nobody removed it a moment ago.
    const { count } = await tx.post.updateMany({ where: { id: postId, removedAt: null }, data: { removedAt: now, removedById: access.user.id } });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "post.removed",
      entity: "post",
      entityId: postId,
      before: { category: post.category, body: post.body, author: post.author?.name ?? "the portal" },
    });
    return true;
  });
  if (!changed) return refused("This update has already been removed.");
  return { ok: true as const };
}

class AlreadyPromoted extends Error {}

/** Records a post as a formal decision, or turns it into an action, linked both ways, in one transaction. */
export async function promotePost(access: InitiativeAccess, postId: string, input: PromoteInput) {
  if (!can(access.membership.role, "edit_records")) return refused("Only a lead or a coordinator can record decisions and actions from updates.");
  const post = await getPost(access.initiativeId, postId);
  if (!post || post.removedAt) return refused("That update is not in this initiative, or was removed.");
  if (post.decisionId || post.actionItemId) return refused("This update has already been recorded as a decision or an action.");
  const link = (field: "decisionId" | "actionItemId") => async (tx: Prisma.TransactionClient, createdId: string) => {
    const { count } = await tx.post.updateMany({ where: { id: postId, decisionId: null, actionItemId: null }, data: { [field]: createdId } });
    if (count === 0) throw new AlreadyPromoted();
  };
  try {
    const result =
      input.as === "decision"
        ? await addDecision(access, null, input.text, new Date(), link("decisionId"))
        : await addAction(access, null, { title: input.title, ownerId: input.ownerId, dueDate: input.dueDate }, link("actionItemId"));
    if (!result.ok) return result;
  } catch (error) {
    if (error instanceof AlreadyPromoted) return refused("This update has already been recorded as a decision or an action.");
    throw error;
  }
  return { ok: true as const, as: input.as };
}
