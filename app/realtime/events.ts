import { z } from "zod";

/**
 * The socket.io events between the browser and the server, typed once for both sides.
 * Payloads from the browser are validated with these schemas before anything is done.
 */
export const JoinInitiativeSchema = z.object({ initiativeId: z.string().min(1).max(40) }).strict();

export type JoinAck = { ok: true } | { ok: false; error: string };

export interface ClientToServerEvents {
  /** Ask to receive an initiative's live events; granted only to its members (policy module). */
  "initiative:join": (payload: unknown, ack: (result: JoinAck) => void) => void;
  "initiative:leave": (payload: unknown) => void;
}

/**
 * What changed, never the private data itself: the browser re-reads through its loaders.
 * `entity` is the part of the initiative (a page such as "meetings", or "post" for the feed).
 */
export type Invalidation = { entity: string; id: string; initiativeId: string; at: string };

/** Who is online in an initiative now: member ids only, of those who have not switched it off. */
export type Presence = { initiativeId: string; userIds: string[] };

export interface ServerToClientEvents {
  invalidate: (event: Invalidation) => void;
  presence: (event: Presence) => void;
}
