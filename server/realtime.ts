import type http from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { JoinInitiativeSchema, type ClientToServerEvents, type Invalidation, type ServerToClientEvents } from "../app/realtime/events";
import { initiativeIdsOf, memberIdsOf, shownOnline } from "../app/modules/membership/queries.server";
import { getUserFromCookieHeader, type SessionUser } from "../app/utils/auth.server";
import { subscribeToEvents, type PortalEvent } from "../app/utils/events.server";
import { mayAccessInitiative } from "../app/utils/policy.server";
/**
 * NOTE: with several instances (the Redis adapter), `fetchSockets` returns the sockets of the
 * other instances with their data sent through Redis as MessagePack: keep it plain data
 * (strings, numbers, booleans), never a class instance, Map or function.
 */
type SocketData = { user: SessionUser; sessionRoom: string };
type PortalServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const initiativeRoom = (initiativeId: string) => `initiative-${initiativeId}`;
const userRoom = (userId: string) => `user-${userId}`;
/** One browser session's sockets. The session id is already the hash of the cookie's token, no secret. */
const sessionRoom = (sessionId: string) => `session-${sessionId}`;
const INITIATIVE_ROOM = /^initiative-(.+)$/;

/** The most a browser may send in one message: its events are a few short ids. */
const MAX_SOCKET_MESSAGE_BYTES = 4 * 1024;

/**
 * socket.io on the portal's own HTTP server. A connection is accepted only with a valid
 * session cookie, and joins its user's own room (`user-<id>`) and its session's. It may join an
 * initiative's room only when the policy module says its user is a member. Members in a room see
 * who else is online there, unless that person has switched it off.
 *
 * What it tells browsers comes through the one door for events (app/utils/events.server.ts): each
 * committed change is announced to the rooms of the initiative it changed, and a session ended or
 * a member removed takes effect on open connections at once (`deliver`). With several instances,
 * `adapter` (server/redis.ts) makes rooms, emits and `fetchSockets` span them all; each instance
 * announces the changes made through it. `deliverEvents: false` leaves that to another instance
 * in the same process (the tests' second instance).
 */
export function attachRealtime(httpServer: http.Server, options: { adapter?: ServerOptions["adapter"]; deliverEvents?: boolean } = {}) {
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
      // Checked at every connection and reconnection; an open page does not keep its session alive.
      const result = await getUserFromCookieHeader(socket.handshake.headers.cookie, { renew: false });
      if (!result) return next(new Error("Sign in to receive live updates."));
      socket.data.user = result.user;
      socket.data.sessionRoom = sessionRoom(result.sessionId);
      next();
    } catch {
      next(new Error("Live updates are unavailable just now."));
    }
  });

  io.on("connection", (socket) => {
    void socket.join([userRoom(socket.data.user.id), socket.data.sessionRoom]);

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

  const unsubscribe = options.deliverEvents === false ? () => undefined : subscribeToEvents((events) => void deliver(io, events));

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        void io.close(() => resolve());
      }),
  };
}

/**
 * What a committed change means for open connections. Browsers are only told what changed and
 * re-read through their loaders (decision 008); access changes act on the sockets themselves.
 * The events of one change come together: an initiative's members are read once for all its posts.
 */
async function deliver(io: PortalServer, events: ReadonlyArray<PortalEvent>) {
  const membersOf = new Map<string, Promise<string[]>>();
  for (const event of events) {
    try {
      await deliverOne(io, event, (initiativeId) => {
        if (!membersOf.has(initiativeId)) membersOf.set(initiativeId, memberIdsOf(initiativeId));
        return membersOf.get(initiativeId)!;
      });
    } catch (error) {
      console.warn(`Could not announce ${event.action}`, error);
    }
  }
}

async function deliverOne(io: PortalServer, event: PortalEvent, membersOf: (initiativeId: string) => Promise<string[]>) {
  const invalidation: Invalidation = { entity: event.entity, id: event.entityId, initiativeId: event.initiativeId ?? "", at: event.at.toISOString() };
  // A session ended (signed out, revoked, expired): its sockets are closed, on every instance.
  if (event.entity === "session" && event.subject?.sessionId) {
    io.in(sessionRoom(event.subject.sessionId)).disconnectSockets(true);
  }
  if (event.initiativeId) {
    const room = initiativeRoom(event.initiativeId);
    // Those looking at the initiative first, at once.
    io.to(room).emit("invalidate", invalidation);
    if (event.entity === "post") {
      // A feed's change also moves every member's unread counts, wherever they are in the portal:
      // one emit, so a browser in both rooms hears it once.
      const members = await membersOf(event.initiativeId);
      if (members.length) io.to(members.map(userRoom)).except(room).emit("invalidate", invalidation);
    }
    const removed = event.action === "membership.removed" || event.action === "membership.left";
    if (removed && event.subject?.userId) {
      // No longer a member: their sockets leave the room now, on every instance, and presence follows.
      io.in(userRoom(event.subject.userId)).socketsLeave(room);
      schedulePresence(io, event.initiativeId);
    }
    return;
  }
  if (event.entity === "user") {
    // A person's own change (grants, calendar feed, …): their own pages. Their name or agency
    // shows in their initiatives' pages, and whether they are shown online in their rooms.
    const shownToOthers = event.action === "user.profile_updated" || event.action === "user.presence_changed";
    const initiatives = shownToOthers ? await initiativeIdsOf(event.entityId) : [];
    io.to([userRoom(event.entityId), ...initiatives.map(initiativeRoom)]).emit("invalidate", invalidation);
    if (event.action === "user.presence_changed") initiatives.forEach((id) => schedulePresence(io, id));
  }
}

function roomsOf(socket: Socket): string[] {
  return [...socket.rooms].flatMap((room) => INITIATIVE_ROOM.exec(room)?.[1] ?? []);
}

/** How long presence waits to gather joins and leaves into one announcement. */
const PRESENCE_SETTLE_MS = 250;
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
async function announcePresence(io: PortalServer, initiativeId: string) {
  try {
    const sockets = await io.in(initiativeRoom(initiativeId)).fetchSockets();
    const ids = [...new Set(sockets.map((s) => s.data.user?.id).filter((id): id is string => Boolean(id)))];
    io.to(initiativeRoom(initiativeId)).emit("presence", { initiativeId, userIds: await shownOnline(ids) });
  } catch (error) {
    console.warn("Could not announce who is online", error);
  }
}
