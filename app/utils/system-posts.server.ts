import type { Prisma } from "~/generated/prisma/client";
import { queueEvent } from "~/utils/events.server";

/**
 * The portal's own posts in an initiative's feed, about things that happened elsewhere in it.
 * Kept below the capabilities, apart from the feed's own module (updates), so the modules that
 * write them (meetings, roles, membership, funding, assessments) need not import another capability.
 */
type SystemEvent = "meeting.scheduled" | "meeting.cancelled" | "role.vacant" | "funding.confirmed" | "assessment.opened";

/**
 * The portal's own post about something that happened, written inside the caller's transaction
 * so that it exists exactly when the change does; its event is published with the change's own,
 * once the transaction has committed (events.server.ts).
 */
export async function recordSystemPost(
  tx: Prisma.TransactionClient,
  entry: { initiativeId: string; event: SystemEvent; body: string; linkPath: string | null; at?: Date },
) {
  const at = entry.at ?? new Date();
  const post = await tx.post.create({
    data: {
      initiativeId: entry.initiativeId,
      category: "system",
      systemEvent: entry.event,
      body: entry.body,
      linkPath: entry.linkPath,
      createdAt: at,
      activityAt: at,
    },
    select: { id: true },
  });
  queueEvent(tx, { initiativeId: entry.initiativeId, action: "post.system", entity: "post", entityId: post.id, actorId: null, at });
  return post.id;
}
