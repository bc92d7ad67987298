/**
 * The messages between the benchmark (bench/realtime-latency.ts) and its clients process
 * (bench/clients.ts), over the IPC channel of `child_process.fork`.
 */

/**
 * Where the clients connect: client i to `urls[instanceFor(i, urls.length)]`, so that with two
 * instances (or two floor servers) the even-numbered clients are on the first and the odd on the second.
 */
type Instances = { urls: string[] };

/** The instance of client i, and the one post i is made through: A, B, A, B… */
export const instanceFor = (index: number, instances: number) => index % instances;
/** Portal: each client signs in with its member's cookie and asks to join the initiative's room. */
export type PortalTarget = Instances & { kind: "portal"; initiativeId: string; cookies: string[] };
/** Floor: the bare server puts every connection in the room of the `initiativeId` query; no cookie, no join. */
export type FloorTarget = Instances & { kind: "floor"; initiativeId: string; clients: number };
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
