/**
 * The benchmark's clients, in their own process so that their work does not share an event loop
 * with the one that posts and takes t0: N socket.io connections that note when each `invalidate`
 * reaches them. Started by bench/realtime-latency.ts with `fork` (tsx loader, IPC channel);
 * see bench/protocol.ts for the messages.
 */
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, Invalidation, ServerToClientEvents } from "../app/realtime/events";
import { instanceFor, now, type FromClients, type Target, type ToClients } from "./protocol";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Receipts of one post, by client index. */
type Receipts = { receivedAt: (number | null)[]; count: number; duplicates: number };

let sockets: ClientSocket[] = [];
let expected = 0;
const receipts = new Map<string, Receipts>();
const collecting = new Map<string, NodeJS.Timeout>();
/** Who-is-online announcements: not measured, but counted, since every join and leave sends one. */
const presence = { events: 0, userIds: 0 };
let lostConnections = 0;

function send(message: FromClients) {
  process.send?.(message);
}

function receiptsOf(postId: string): Receipts {
  let entry = receipts.get(postId);
  if (!entry) {
    entry = { receivedAt: new Array<number | null>(expected).fill(null), count: 0, duplicates: 0 };
    receipts.set(postId, entry);
  }
  return entry;
}

function onInvalidate(clientIndex: number, event: Invalidation) {
  // NOTE: the clock is read first, before any bookkeeping, so that only delivery is measured.
  const receivedAt = now();
  if (event.entity !== "post") return;
  const entry = receiptsOf(event.id);
  if (entry.receivedAt[clientIndex] != null) {
    entry.duplicates += 1;
    return;
  }
  entry.receivedAt[clientIndex] = receivedAt;
  entry.count += 1;
  // Answered only once complete: a message per receipt would load this event loop while it is timing.
  if (entry.count === expected && collecting.has(event.id)) answer(event.id);
}

function answer(postId: string) {
  clearTimeout(collecting.get(postId));
  collecting.delete(postId);
  const entry = receiptsOf(postId);
  receipts.delete(postId);
  send({ type: "collected", postId, receivedAt: entry.receivedAt, duplicates: entry.duplicates });
}

function collect(postId: string, timeoutMs: number) {
  if (receiptsOf(postId).count === expected) return answer(postId);
  collecting.set(
    postId,
    setTimeout(() => answer(postId), timeoutMs),
  );
}

async function openOne(target: Target, index: number, joinTimeoutMs: number): Promise<ClientSocket> {
  const socket: ClientSocket = io(target.urls[instanceFor(index, target.urls.length)]!, {
    transports: ["websocket"],
    // One connection per client: without forceNew, sockets to the same address share one.
    forceNew: true,
    reconnection: false,
    timeout: joinTimeoutMs,
    ...(target.kind === "portal" ? { extraHeaders: { Cookie: target.cookies[index]! } } : { query: { initiativeId: target.initiativeId } }),
  });
  socket.on("invalidate", (event) => onInvalidate(index, event));
  socket.on("presence", (event) => {
    presence.events += 1;
    presence.userIds += event.userIds.length;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", (error) => reject(new Error(`client ${index + 1} could not connect: ${error.message}`)));
    });
    if (target.kind === "portal") {
      const ack = await socket
        .timeout(joinTimeoutMs)
        .emitWithAck("initiative:join", { initiativeId: target.initiativeId })
        .catch(() => ({ ok: false as const, error: `no answer within ${joinTimeoutMs} ms` }));
      if (!ack.ok) throw new Error(`client ${index + 1} could not join the initiative's room: ${ack.error}`);
    }
  } catch (error) {
    socket.disconnect();
    throw error;
  }
  socket.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return;
    lostConnections += 1;
    if (lostConnections === 1) console.error(`Client ${index + 1} lost its connection (${reason}); further losses are counted, not shown.`);
  });
  return socket;
}

async function connect(target: Target, batchSize: number, joinTimeoutMs: number) {
  const started = now();
  expected = target.kind === "portal" ? target.cookies.length : target.clients;
  receipts.clear();
  presence.events = 0;
  presence.userIds = 0;
  lostConnections = 0;
  // In batches, so that the server is not flooded with handshakes at once.
  for (let first = 0; first < expected; first += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, expected - first) }, (_, i) => openOne(target, first + i, joinTimeoutMs));
    const results = await Promise.allSettled(batch);
    for (const result of results) if (result.status === "fulfilled") sockets.push(result.value);
    const refused = results.find((result) => result.status === "rejected");
    if (refused) throw refused.reason;
  }
  send({ type: "connected", clients: sockets.length, elapsedMs: now() - started });
}

function disconnect() {
  for (const socket of sockets) socket.disconnect();
  sockets = [];
  for (const timer of collecting.values()) clearTimeout(timer);
  collecting.clear();
  receipts.clear();
}

process.on("message", (message: ToClients) => {
  switch (message.type) {
    case "connect":
      connect(message.target, message.batchSize, message.joinTimeoutMs).catch((error: unknown) => {
        disconnect();
        send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
      });
      break;
    case "collect":
      collect(message.postId, message.timeoutMs);
      break;
    case "disconnect":
      disconnect();
      send({ type: "disconnected", presenceEvents: presence.events, presenceUserIds: presence.userIds, lostConnections });
      break;
  }
});

// The benchmark is gone (finished, failed or stopped): go too.
process.on("disconnect", () => {
  disconnect();
  process.exit(0);
});
