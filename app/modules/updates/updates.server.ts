import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { addAction, addDecision } from "~/modules/meetings/commands.server";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { can } from "~/utils/policy";
import { keptUntilChanged } from "~/utils/data-version.server";
import { onceThisRequest } from "~/utils/request-memo.server";
import { getMembership, membershipsOf, writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import { personLabel } from "~/utils/names";
import { findMentions, type MentionResult } from "./mentions";
import type { PostCategory, PromoteInput } from "./schema";
import { initiativePeople, initiativeRoster } from "~/modules/initiatives/roster.server";
import { refused, type Refused } from "~/utils/refusal";

/**
 * An initiative's updates feed: posts, one level of replies, @mentions, edits kept as revisions,
 * removal that leaves a marker, posts turned into decisions and actions, the portal's own event
 * posts, and each member's read marker. Every query is scoped by the caller's checked access.
 */

/** Threads on one page of the feed; older ones are a link away. */
const THREADS_PER_PAGE = 10;

const personSelect = { id: true, name: true, agency: { select: { name: true } } } as const;

/** A post as the feed reads it: people by id, found for a whole page at once by `peopleById`. */
const feedSelect = {
  id: true,
  parentId: true,
  category: true,
  body: true,
  systemEvent: true,
  linkPath: true,
  createdAt: true,
  activityAt: true,
  editedAt: true,
  removedAt: true,
  decisionId: true,
  actionItemId: true,
  authorId: true,
  removedById: true,
} as const satisfies Prisma.PostSelect;

/** A post with its author and who removed it, for the post's own pages. */
const postSelect = { ...feedSelect, author: { select: personSelect }, removedBy: { select: { name: true } } } as const satisfies Prisma.PostSelect;

type FeedRow = Prisma.PostGetPayload<{ select: typeof feedSelect }>;
/** A person as a post names them: a member with the agency they represent here (and more when needed: names.ts). */
type Person = { id: string; name: string; agencyName: string; detail: string | null };

/** The people these ids name, each with their agency's name: one read for a page of posts, however many. */
async function peopleById(ids: Iterable<string | null>) {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map<string, Person>();
  const users = await prisma.user.findMany({ where: { id: { in: wanted } }, select: personSelect });
  return new Map(users.map((u): [string, Person] => [u.id, { id: u.id, name: u.name, agencyName: u.agency.name, detail: null }]));
}

/**
 * The people of a page of posts, the initiative's members among them named as every page names
 * them: with the agency they represent here, and what tells them apart from a member whose name
 * and agency read the same. Worked out per request, beside the kept page.
 */
async function namedAsMembers(initiativeId: string, people: ReadonlyMap<string, Person>) {
  const members = await initiativePeople(initiativeId);
  const named = new Map(people);
  for (const member of members) {
    if (named.has(member.id)) named.set(member.id, { id: member.id, name: member.name, agencyName: member.agencyName, detail: member.detail });
  }
  return named;
}

/** The agencies that can be @mentioned in an initiative: those taking part, and any its members represent. */
async function mentionableAgencies(initiativeId: string) {
  const { members, agencies } = await initiativeRoster(initiativeId);
  const agencyById = new Map<string, { id: string; name: string }>();
  for (const a of agencies) agencyById.set(a.id, { id: a.id, name: a.name });
  for (const m of members) agencyById.set(m.agencyId, { id: m.agencyId, name: m.agencyName });
  return [...agencyById.values()].sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
}

/**
 * Who and what can be @mentioned in an initiative: its members (each as every page names them,
 * with what to write to mention them) and the agencies they represent.
 */
export async function getMentionables(initiativeId: string) {
  const [people, agencies] = await Promise.all([initiativePeople(initiativeId), mentionableAgencies(initiativeId)]);
  return { people, agencies };
}

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

function view(row: FeedRow, people: Map<string, Person>, mentionNames: string[], unreadAfter: Date | null, viewerId: string) {
  const removed = row.removedAt !== null;
  const author = row.authorId ? (people.get(row.authorId) ?? null) : null;
  const removedBy = row.removedById ? people.get(row.removedById) : undefined;
  return {
    id: row.id,
    category: row.category,
    // NOTE: a removed post's text stays in the database for the audit log, never on the page.
    body: removed ? null : row.body,
    systemEvent: row.systemEvent,
    linkPath: row.linkPath,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    removed: removed ? { at: row.removedAt!, byName: removedBy ? personLabel(removedBy) : "someone" } : null,
    decisionId: row.decisionId,
    actionItemId: row.actionItemId,
    author,
    mentionNames: removed ? [] : mentionNames,
    unread: !removed && unreadAfter !== null && row.createdAt > unreadAfter && author?.id !== viewerId,
  };
}
export type PostView = ReturnType<typeof view>;
export type ThreadView = PostView & { replies: PostView[] };

/**
 * Everything a page of posts shows beside the posts themselves: the people who wrote, removed or are
 * mentioned in them, and the names to highlight in each (as written: people, and agencies found again
 * in the text, since an agency mention is not a row).
 */
async function postDetails(initiativeId: string, rows: FeedRow[]) {
  const mentions = rows.length
    ? await prisma.postMention.findMany({ where: { postId: { in: rows.map((r) => r.id) } }, select: { postId: true, userId: true } })
    : [];
  const [people, agencies, members] = await Promise.all([
    peopleById([...rows.flatMap((r) => [r.authorId, r.removedById]), ...mentions.map((m) => m.userId)]),
    mentionableAgencies(initiativeId),
    initiativePeople(initiativeId),
  ]);
  // A person mentioned by name, or by name and agency (their label, when names read the same).
  const mentioned = new Map<string, Set<string>>();
  const labelOf = new Map(members.map((member) => [member.id, member.label]));
  for (const m of mentions) {
    const name = people.get(m.userId)?.name;
    const label = labelOf.get(m.userId);
    for (const written of [name, label]) if (written) mentioned.set(m.postId, (mentioned.get(m.postId) ?? new Set<string>()).add(written));
  }
  const names = new Map<string, string[]>();
  for (const row of rows) names.set(row.id, [...(mentioned.get(row.id) ?? []), ...findMentions(row.body, [], agencies).names]);
  return { people, names };
}

/** The moment after which this member's updates count as unread. */
async function readMarker(initiativeId: string, userId: string) {
  const membership = await getMembership(userId, initiativeId);
  return membership ? (membership.feedReadAt ?? membership.joinedAt) : null;
}

type Cursor = { at: Date; id: string };

export function parseCursor(value: string | null): Cursor | null | "invalid" {
  if (value === null || value === "") return null;
  const [at, id] = value.split("_");
  const date = at ? new Date(Number(at)) : null;
  if (!date || Number.isNaN(date.getTime()) || !id || !/^[A-Za-z0-9]{1,40}$/.test(id)) return "invalid";
  return { at: date, id };
}
const cursorOf = (post: { activityAt: Date; id: string }) => `${post.activityAt.getTime()}_${post.id}`;

/**
 * One page of the feed, newest activity first, with every reply (oldest first) and which posts
 * are new to the viewer.
 */
export async function listFeed(initiativeId: string, viewerId: string, cursor: Cursor | null) {
  const [unreadAfter, { page, replies, people: kept, names, olderCursor }] = await Promise.all([
    readMarker(initiativeId, viewerId),
    feedPage(initiativeId, cursor),
  ]);
  const people = await namedAsMembers(initiativeId, kept);
  const repliesByThread = new Map<string, PostView[]>();
  for (const reply of replies) {
    const list = repliesByThread.get(reply.parentId!) ?? [];
    list.push(view(reply, people, names.get(reply.id) ?? [], unreadAfter, viewerId));
    repliesByThread.set(reply.parentId!, list);
  }
  return {
    threads: page.map((t): ThreadView => ({
      ...view(t, people, names.get(t.id) ?? [], unreadAfter, viewerId),
      replies: repliesByThread.get(t.id) ?? [],
    })),
    olderCursor,
  };
}

/**
 * A page of threads as stored, the same for every reader: kept between requests while the
 * initiative's posts and mentions, and the names of people and agencies, are unchanged
 * (decision 016). What is new to whom is worked out per request. NOTE: shared: never change it in place.
 */
function feedPage(initiativeId: string, cursor: Cursor | null) {
  const key = ["feed", initiativeId, cursor && cursorOf({ activityAt: cursor.at, id: cursor.id })];
  return keptUntilChanged([`posts:${initiativeId}`, "people"], key, () => readFeedPage(initiativeId, cursor));
}

async function readFeedPage(initiativeId: string, cursor: Cursor | null) {
  const threads = await prisma.post.findMany({
    where: {
      initiativeId,
      parentId: null,
      ...(cursor ? { OR: [{ activityAt: { lt: cursor.at } }, { activityAt: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    select: feedSelect,
    orderBy: [{ activityAt: "desc" }, { id: "desc" }],
    take: THREADS_PER_PAGE + 1,
  });
  const page = threads.slice(0, THREADS_PER_PAGE);
  const replies = page.length
    ? await prisma.post.findMany({
        where: { parentId: { in: page.map((t) => t.id) } },
        select: feedSelect,
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      })
    : [];
  const { people, names } = await postDetails(initiativeId, [...page, ...replies]);
  return { page, replies, people, names, olderCursor: threads.length > THREADS_PER_PAGE ? cursorOf(page[page.length - 1]!) : null };
}

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

export async function createPost(access: InitiativeAccess, input: { category: PostCategory; body: string }, now = new Date()) {
  if (!can(access.membership.role, "post_updates")) return refused("Observers can read the updates but not post.");
  const mentions = await resolveMentions(access.initiativeId, input.body);
  if ("ok" in mentions) return mentions;
  const actor = await getAuditActor(access.user);
  const post = await writeAsMember(access, async (tx) => {
    const created = await tx.post.create({
      data: {
        initiativeId: access.initiativeId,
        authorId: access.user.id,
        category: input.category,
        body: input.body,
        createdAt: now,
        activityAt: now,
      },
    });
    const rows = mentionRows(created.id, mentions, access.user.id);
    if (rows.length) await tx.postMention.createMany({ data: rows });
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
    const created = await tx.post.create({
      data: {
        initiativeId: access.initiativeId,
        authorId: access.user.id,
        parentId: threadId,
        category: "reply",
        body,
        createdAt: now,
        activityAt: now,
      },
    });
    await tx.post.update({ where: { id: threadId }, data: { activityAt: now } });
    const rows = mentionRows(created.id, mentions, access.user.id);
    if (rows.length) await tx.postMention.createMany({ data: rows });
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

/** A post for its own pages (edit, turn into a decision or action), or null. */
export async function getPost(initiativeId: string, postId: string) {
  return prisma.post.findFirst({
    where: { id: postId, initiativeId },
    select: postSelect,
  });
}

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

/**
 * Unread updates per initiative for the navigation, and unread mentions: three queries however
 * many initiatives the person belongs to (the first, their memberships, shared with the page's
 * access checks).
 */
export function unreadCounts(userId: string) {
  // The header, the overview and the feed (to mark it read) all ask: read once per page request.
  return onceThisRequest(`unread counts ${userId}`, () => readUnreadCounts(userId));
}

async function readUnreadCounts(userId: string) {
  const memberships = await membershipsOf(userId);
  if (memberships.length === 0) return { byInitiative: {} as Record<string, number>, mentions: 0 };
  const since = memberships.map((m) => ({ initiativeId: m.initiativeId, createdAt: { gt: m.feedReadAt ?? m.joinedAt } }));
  const notMine = { OR: [{ authorId: null }, { authorId: { not: userId } }] };
  const [groups, mentions] = await Promise.all([
    prisma.post.groupBy({ by: ["initiativeId"], where: { AND: [{ OR: since }, notMine], removedAt: null }, _count: { _all: true } }),
    prisma.postMention.count({ where: { userId, post: { removedAt: null, OR: since } } }),
  ]);
  return { byInitiative: Object.fromEntries(groups.map((g) => [g.initiativeId, g._count._all])), mentions };
}

/** The updates that mention this person, across every initiative they are still a member of, newest first. */
export async function listMentions(userId: string, limit = 50) {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    select: { initiativeId: true, feedReadAt: true, joinedAt: true, initiative: { select: { name: true } } },
  });
  const markers = new Map(memberships.map((m) => [m.initiativeId, m]));
  const rows = await prisma.postMention.findMany({
    where: { userId, post: { removedAt: null, initiativeId: { in: [...markers.keys()] } } },
    select: {
      via: true,
      post: {
        select: { id: true, initiativeId: true, parentId: true, body: true, category: true, createdAt: true, author: { select: personSelect } },
      },
    },
    orderBy: { post: { createdAt: "desc" } },
    take: limit,
  });
  return rows.map(({ via, post }) => {
    const marker = markers.get(post.initiativeId)!;
    return {
      id: post.id,
      threadId: post.parentId ?? post.id,
      via,
      body: post.body,
      category: post.category,
      createdAt: post.createdAt,
      author: post.author ? { name: post.author.name, agencyName: post.author.agency.name } : null,
      initiative: { id: post.initiativeId, name: marker.initiative.name },
      unread: post.createdAt > (marker.feedReadAt ?? marker.joinedAt),
    };
  });
}

/** For the initiative's overview: the three latest threads and how many updates are new to the viewer. */
export async function getUpdatesSummary(initiativeId: string, viewerId: string) {
  const [unreadAfter, { latest, people }, { byInitiative }] = await Promise.all([
    readMarker(initiativeId, viewerId),
    // The three latest threads are the same for everyone: kept like a page of the feed.
    keptUntilChanged([`posts:${initiativeId}`, "people"], ["latest", initiativeId], async () => {
      const latest = await prisma.post.findMany({
        where: { initiativeId, parentId: null, removedAt: null },
        select: feedSelect,
        orderBy: [{ activityAt: "desc" }, { id: "desc" }],
        take: 3,
      });
      return { latest, people: await peopleById(latest.map((p) => p.authorId)) };
    }),
    // How many are new: the header's count for this initiative (read once per request).
    unreadCounts(viewerId),
  ]);
  const named = await namedAsMembers(initiativeId, people);
  return { latest: latest.map((p) => view(p, named, [], unreadAfter, viewerId)), unread: byInitiative[initiativeId] ?? 0 };
}
