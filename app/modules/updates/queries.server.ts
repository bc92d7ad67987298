import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { keptUntilChanged } from "~/utils/data-version.server";
import { onceThisRequest } from "~/utils/request-memo.server";
import { getMembership, membershipsOf } from "~/utils/policy.server";
import { personLabel } from "~/utils/names";
import { findMentions } from "./mentions";
import { initiativePeople, initiativeRoster } from "~/modules/initiatives/roster.server";

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

/** A post for its own pages (edit, turn into a decision or action), or null. */
export async function getPost(initiativeId: string, postId: string) {
  return prisma.post.findFirst({
    where: { id: postId, initiativeId },
    select: postSelect,
  });
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
