import type http from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import {
  JoinInitiativeSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "../app/realtime/events";
import { setPublisher, type FeedChange } from "../app/realtime/publish.server";
import { getUserFromCookieHeader, type SessionUser } from "../app/utils/auth.server";
import { prisma } from "../app/utils/db.server";
import { mayAccessInitiative } from "../app/utils/policy.server";

/**
 * NOTE: with several instances (the Redis adapter), `fetchSockets` returns the sockets of the
 * other instances with their data sent through Redis as MessagePack: keep it plain data
 * (strings, numbers, booleans), never a class instance, Map or function.
 */
type SocketData = { user: SessionUser };
export type PortalServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const initiativeRoom = (initiativeId: string) => `initiative-${initiativeId}`;
export const userRoom = (userId: string) => `user-${userId}`;
const INITIATIVE_ROOM = /^initiative-(.+)$/;

/** The most a browser may send in one message: its events are a few short ids. */
export const MAX_SOCKET_MESSAGE_BYTES = 4 * 1024;

/**
 * socket.io on the portal's own HTTP server. A connection is accepted only with a valid
 * session cookie, and joins its user's own room (`user-<id>`). It may join an initiative's room
 * only when the policy module says its user is a member. Members in a room see who else is
 * online there, unless that person has switched it off.
 *
 * With several instances, `adapter` (server/redis.ts) makes rooms, emits and `fetchSockets` span
 * them all. The last server attached publishes the feed's changes (`setPublisher`).
 */
export function attachRealtime(httpServer: http.Server, options: { adapter?: ServerOptions["adapter"] } = {}) {
  const io: PortalServer = new Server(httpServer, {
    ...(options.adapter ? { adapter: options.adapter } : {}),
    serveClient: false,
    // Websocket only, as the browser connects: one connection stays on one instance, so several
    // instances need no sticky sessions (long-polling would: each poll must find its instance).
    transports: ["websocket"],
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    // NOTE: leave upgrade requests socket.io does not own (Vite's HMR websocket) alone.
    destroyUpgrade: false,
  });

  io.use(async (socket, next) => {
    try {
      const result = await getUserFromCookieHeader(socket.handshake.headers.cookie);
      if (!result) return next(new Error("Sign in to receive live updates."));
      socket.data.user = result.user;
      next();
    } catch {
      next(new Error("Live updates are unavailable just now."));
    }
  });

  io.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.user.id));

    socket.on("initiative:join", async (payload, ack) => {
      const reply = typeof ack === "function" ? ack : () => undefined;
      const parsed = JoinInitiativeSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: "That request was not understood." });
      // The same answer for a missing initiative and one the user is not in: nothing is learned.
      if (!(await mayAccessInitiative(socket.data.user.id, parsed.data.initiativeId, "view"))) {
        return reply({ ok: false, error: "Not found." });
      }
      await socket.join(initiativeRoom(parsed.data.initiativeId));
      reply({ ok: true });
      schedulePresence(io, parsed.data.initiativeId);
    });

    socket.on("initiative:leave", async (payload) => {
      const parsed = JoinInitiativeSchema.safeParse(payload);
      if (!parsed.success || !socket.rooms.has(initiativeRoom(parsed.data.initiativeId))) return;
      await socket.leave(initiativeRoom(parsed.data.initiativeId));
      schedulePresence(io, parsed.data.initiativeId);
    });

    socket.on("disconnecting", () => {
      // Announced after the socket has left its rooms (the announcement waits a moment).
      roomsOf(socket).forEach((id) => schedulePresence(io, id));
    });
  });

  const publisher = {
    feedChanged: ({ initiativeId, postId }: FeedChange) => void announceFeedChange(io, initiativeId, postId),
  };
  setPublisher(publisher);

  return {
    io,
    publisher,
    close: () =>
      new Promise<void>((resolve) => {
        setPublisher(undefined);
        void io.close(() => resolve());
      }),
  };
}

function roomsOf(socket: Socket): string[] {
  return [...socket.rooms].flatMap((room) => INITIATIVE_ROOM.exec(room)?.[1] ?? []);
}

/**
 * A post, reply or change in a feed: everyone looking at the initiative re-reads it, and every
 * member elsewhere in the portal re-reads their unread counts. One emit, so a browser in both
 * rooms hears it once.
 */
async function announceFeedChange(io: PortalServer, initiativeId: string, postId: string) {
  const event = { entity: "post", id: postId, initiativeId, at: new Date().toISOString() };
  // Those looking at the initiative first, at once; then members elsewhere, once the list is read.
  io.to(initiativeRoom(initiativeId)).emit("invalidate", event);
  try {
    const members = await prisma.membership.findMany({ where: { initiativeId }, select: { userId: true } });
    if (members.length) io.to(members.map((m) => userRoom(m.userId))).except(initiativeRoom(initiativeId)).emit("invalidate", event);
  } catch (error) {
    console.warn("Could not announce a feed change", error);
  }
}

/** How long presence waits to gather joins and leaves into one announcement. */
export const PRESENCE_SETTLE_MS = 250;
const presencePending = new Set<string>();

/**
 * Presence changes come in bursts (a meeting starting, everyone reconnecting after a restart):
 * one announcement per initiative per moment, not one per join, whose cost would grow with the
 * square of the people in the room.
 */
function schedulePresence(io: PortalServer, initiativeId: string) {
  if (presencePending.has(initiativeId)) return;
  presencePending.add(initiativeId);
  setTimeout(() => {
    presencePending.delete(initiativeId);
    void announcePresence(io, initiativeId);
  }, PRESENCE_SETTLE_MS).unref();
}

/** Tells an initiative's room who is online in it: user ids only, of those who allow it. */
export async function announcePresence(io: PortalServer, initiativeId: string) {
  try {
    const sockets = await io.in(initiativeRoom(initiativeId)).fetchSockets();
    const ids = [...new Set(sockets.map((s) => s.data.user?.id).filter((id): id is string => Boolean(id)))];
    const visible = ids.length
      ? await prisma.user.findMany({ where: { id: { in: ids }, showPresence: true }, select: { id: true } })
      : [];
    io.to(initiativeRoom(initiativeId)).emit("presence", { initiativeId, userIds: visible.map((u) => u.id).sort() });
  } catch (error) {
    console.warn("Could not announce who is online", error);
  }
}
