import type { Request, Response, NextFunction } from "express";
import { mayAccessInitiative } from "../app/utils/policy.server";
import { announcePresence, initiativeRoom, type PortalServer } from "./realtime";

const INITIATIVE_WRITE = /^\/initiatives\/([A-Za-z0-9_-]{1,40})\/([a-z-]+)?/;

/**
 * Publishes an invalidation to an initiative's room after every successful write to one of its
 * pages. The event goes out when the response is finished, so after the action's transaction
 * has committed; it says only which part changed, and browsers re-read through their loaders.
 * See docs/decisions/008-live-updates-by-invalidation.md.
 */
export function liveUpdates(io: PortalServer) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "POST") return next();
    const match = INITIATIVE_WRITE.exec(req.path.replace(/\.data$/, ""));
    if (!match) return next();
    const [, initiativeId, section] = match as unknown as [string, string, string | undefined];
    // The feed announces its own changes, with the post's id, to members elsewhere too.
    if (section === "updates") return next();
    res.on("finish", () => {
      // 2xx and redirects are successes; a refused or invalid post changed nothing.
      if (res.statusCode >= 400) return;
      io.to(initiativeRoom(initiativeId)).emit("invalidate", {
        entity: section ?? "initiative",
        id: initiativeId,
        initiativeId,
        at: new Date().toISOString(),
      });
      // Membership changed: anyone no longer a member stops receiving at once.
      if (section === "members" || section === "settings") {
        // NOTE: with several instances, asking the others for their sockets can time out.
        evictNonMembers(io, initiativeId).catch((error: unknown) => console.warn("Could not check who may still receive live updates", error));
      }
    });
    next();
  };
}

export async function evictNonMembers(io: PortalServer, initiativeId: string) {
  const sockets = await io.in(initiativeRoom(initiativeId)).fetchSockets();
  let evicted = false;
  for (const socket of sockets) {
    const user = socket.data.user;
    if (!user || !(await mayAccessInitiative(user.id, initiativeId, "view"))) {
      socket.leave(initiativeRoom(initiativeId));
      evicted = true;
    }
  }
  if (evicted) await announcePresence(io, initiativeId);
}
