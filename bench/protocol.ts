/**
 * The messages between the benchmark (bench/realtime-latency.ts) and its clients process
 * (bench/clients.ts), over the IPC channel of `child_process.fork`.
 */

/** Portal: each client signs in with its member's cookie and asks to join the initiative's room. */
export type PortalTarget = { kind: "portal"; url: string; initiativeId: string; cookies: string[] };
/** Floor: the bare server puts every connection in the room of the `initiativeId` query; no cookie, no join. */
export type FloorTarget = { kind: "floor"; url: string; initiativeId: string; clients: number };
export type Target = PortalTarget | FloorTarget;

export type ToClients =
  | { type: "connect"; target: Target; batchSize: number; joinTimeoutMs: number }
  /** Answer with every receipt of this post once all clients have it, or when timeoutMs has passed. */
  | { type: "collect"; postId: string; timeoutMs: number }
  | { type: "disconnect" };

export type FromClients =
  | { type: "connected"; clients: number; elapsedMs: number }
  /**
   * Receipt times (performance.timeOrigin + performance.now(), in ms) by client index;
   * null where a client never received the event. `duplicates` counts second receipts.
   */
  | { type: "collected"; postId: string; receivedAt: (number | null)[]; duplicates: number }
  /**
   * Presence events the clients received since they connected, the user ids they carried, and
   * connections the server dropped meanwhile.
   */
  | { type: "disconnected"; presenceEvents: number; presenceUserIds: number; lostConnections: number }
  | { type: "failed"; message: string };

/** A wall-clock reading comparable between processes on one machine, in milliseconds. */
export const now = () => performance.timeOrigin + performance.now();
