import type http from "node:http";
import { Server } from "socket.io";
import { JoinInitiativeSchema, type ClientToServerEvents, type ServerToClientEvents } from "../app/realtime/events";
import { getUserFromCookieHeader, type SessionUser } from "../app/utils/auth.server";
import { mayAccessInitiative } from "../app/utils/policy.server";

type SocketData = { user: SessionUser };

export const initiativeRoom = (initiativeId: string) => `initiative-${initiativeId}`;

/**
 * socket.io on the portal's own HTTP server. A connection is accepted only with a valid
 * session cookie, and joins its user's own room (`user-<id>`). It may join an initiative's room
 * only when the policy module says its user is a member.
 */
export function attachRealtime(httpServer: http.Server) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
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
    void socket.join(`user-${socket.data.user.id}`);

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
    });

    socket.on("initiative:leave", (payload) => {
      const parsed = JoinInitiativeSchema.safeParse(payload);
      if (parsed.success) void socket.leave(initiativeRoom(parsed.data.initiativeId));
    });
  });

  return {
    io,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}
