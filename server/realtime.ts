import type http from "node:http";
import { Server, type Socket } from "socket.io";
import {
  JoinInitiativeSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "../app/realtime/events";
import { setPublisher } from "../app/realtime/publish.server";
import { getUserFromCookieHeader, type SessionUser } from "../app/utils/auth.server";
import { prisma } from "../app/utils/db.server";
import { mayAccessInitiative } from "../app/utils/policy.server";

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
 */
export function attachRealtime(httpServer: http.Server) {
  const io: PortalServer = new Server(httpServer, {
    serveClient: false,
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
      void announcePresence(io, parsed.data.initiativeId);
    });

    socket.on("initiative:leave", async (payload) => {
      const parsed = JoinInitiativeSchema.safeParse(payload);
      if (!parsed.success || !socket.rooms.has(initiativeRoom(parsed.data.initiativeId))) return;
      await socket.leave(initiativeRoom(parsed.data.initiativeId));
      void announcePresence(io, parsed.data.initiativeId);
    });

    socket.on("disconnecting", () => {
      const initiatives = roomsOf(socket);
      // After the socket has left its rooms.
      setImmediate(() => initiatives.forEach((id) => void announcePresence(io, id)));
    });
  });

  setPublisher({
    feedChanged: ({ initiativeId, postId }) => void announceFeedChange(io, initiativeId, postId),
  });

  return {
    io,
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
  try {
    const members = await prisma.membership.findMany({ where: { initiativeId }, select: { userId: true } });
    io.to([initiativeRoom(initiativeId), ...members.map((m) => userRoom(m.userId))]).emit("invalidate", {
      entity: "post",
      id: postId,
      initiativeId,
      at: new Date().toISOString(),
    });
  } catch (error) {
    console.warn("Could not announce a feed change", error);
  }
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
