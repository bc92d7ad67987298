import type http from "node:http";
import { Server } from "socket.io";
import { getUserFromCookieHeader, type SessionUser } from "../app/utils/auth.server";

type SocketData = { user: SessionUser };

/**
 * socket.io on the portal's own HTTP server. A connection is accepted only with a valid
 * session cookie, and joins its user's own room (`user-<id>`).
 */
export function attachRealtime(httpServer: http.Server) {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(
    httpServer,
    {
      serveClient: false,
      // NOTE: leave upgrade requests socket.io does not own (Vite's HMR websocket) alone.
      destroyUpgrade: false,
    },
  );

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
  });

  return {
    io,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}
