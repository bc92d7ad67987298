/**
 * The portal's one door for events: what changed, said once, after the change has committed.
 *
 * Every audited write (recordAudit) and every post the portal writes itself (recordSystemPost)
 * queues an event on its transaction; `writeTransaction` (db.server.ts) publishes the queue once
 * the transaction has committed, and drops it if the transaction rolls back. The few changes made
 * outside a transaction (a session ended by signing out) publish directly. Subscribers, such as
 * the socket server (server/realtime.ts) and, later, mail notifications, hear each event once,
 * with the others of the same change.
 *
 * An event routes by the initiative the write really changed, as the audit entry names it, never
 * by the request's address. It carries ids only, never private content: subscribers read what
 * they need through the modules (docs/decisions/008-live-updates-by-invalidation.md).
 */
export type PortalEvent = {
  /** The initiative the change belongs to; null for portal-level changes (accounts, agencies). */
  initiativeId: string | null;
  /** What happened, as the audit log names it: "meeting.cancelled", "membership.removed", … */
  action: string;
  /** The kind of record changed ("post", "membership", "session", …) and its id. */
  entity: string;
  entityId: string;
  /** Who did it (null: the portal itself). */
  actorId: string | null;
  at: Date;
  /**
   * Whom the change concerns beyond its record, for subscribers that act on people: the member
   * removed or whose role changed, the session ended (never stored, never in the audit log).
   */
  subject?: { userId?: string; sessionId?: string };
};

/** Hears the events of one committed change together (a transaction's, in the order queued). */
type EventListener = (events: ReadonlyArray<PortalEvent>) => void;

// NOTE: on globalThis because the server bundle (server/) and the Remix build each carry a copy of
// this module; the one list of listeners must be shared by both, so that a module in the build
// publishes to the socket server that subscribed from server/.
const holder = globalThis as typeof globalThis & { __portalEventListeners?: Set<EventListener> };
const listeners = (holder.__portalEventListeners ??= new Set<EventListener>());

/** Hears every event published from now on; returns the function that stops it. */
export function subscribeToEvents(listener: EventListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Tells every subscriber, once, the events of one committed change, so that a subscriber can do
 * once what several of them need (the socket server reads an initiative's members once). A failing
 * subscriber is logged and never stops the others.
 */
export function publishEvents(events: ReadonlyArray<PortalEvent>) {
  if (events.length === 0) return;
  for (const listener of listeners) {
    try {
      listener(events);
    } catch (error) {
      console.warn(`A subscriber to ${events.map((event) => event.action).join(", ")} failed`, error);
    }
  }
}

/** Events queued on each open transaction (keyed by its client), until it commits. */
const queues = new WeakMap<object, PortalEvent[]>();

/** Opens a transaction's queue (writeTransaction does, as the transaction starts). */
export function openEventQueue(tx: object) {
  queues.set(tx, []);
}

/** The queue of a transaction that committed, emptied; publishing it is the caller's. */
export function takeEventQueue(tx: object): PortalEvent[] {
  const queued = queues.get(tx) ?? [];
  queues.delete(tx);
  return queued;
}

/**
 * Queues an event on the transaction that makes the change. Outside a transaction opened by
 * writeTransaction there is no commit to wait for, so this is a mistake in the caller.
 */
export function queueEvent(tx: object, event: PortalEvent) {
  const queue = queues.get(tx);
  if (!queue) {
    throw new Error(`${event.action} was written outside writeTransaction, so its event could not wait for the commit.`);
  }
  queue.push(event);
}
