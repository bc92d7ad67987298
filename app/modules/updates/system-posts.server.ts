import type { Prisma } from "~/generated/prisma/client";
import { publishFeedChange } from "~/realtime/publish.server";

/**
 * The portal's own posts in an initiative's feed, about things that happened elsewhere in it.
 * Kept apart from updates.server.ts so the modules that write them (meetings, roles, funding,
 * assessments) need not import the feed.
 */
export type SystemEvent = "meeting.scheduled" | "meeting.cancelled" | "role.vacant" | "funding.confirmed" | "assessment.opened";

/**
 * The portal's own post about something that happened, written inside the caller's transaction
 * so that it exists exactly when the change does. Call `publishFeedChange` after the commit.
 */
export async function recordSystemPost(
  tx: Prisma.TransactionClient,
  entry: { initiativeId: string; event: SystemEvent; body: string; linkPath: string | null; at?: Date },
) {
  const at = entry.at ?? new Date();
  const post = await tx.post.create({
    data: { initiativeId: entry.initiativeId, category: "system", systemEvent: entry.event, body: entry.body, linkPath: entry.linkPath, createdAt: at, activityAt: at },
    select: { id: true },
  });
  return post.id;
}


/** Tells browsers about system posts once the transaction that wrote them has committed. */
export function publishSystemPosts(initiativeId: string, postIds: ReadonlyArray<string | null | undefined>) {
  for (const postId of postIds) if (postId) publishFeedChange({ initiativeId, postId });
}
