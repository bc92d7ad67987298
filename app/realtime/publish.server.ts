/**
 * How app code tells browsers that an initiative's feed changed. The socket.io server registers
 * itself here at start (server/realtime.ts); without one (scripts, unit tests) publishing does
 * nothing. Call it only after the transaction that made the change has committed.
 *
 * Held on globalThis because the server bundle and the Remix build each carry a copy of this module.
 */
export type FeedChange = { initiativeId: string; postId: string };

type Publisher = { feedChanged: (change: FeedChange) => void };

const holder = globalThis as typeof globalThis & { __portalPublisher?: Publisher };

export function setPublisher(publisher: Publisher | undefined) {
  holder.__portalPublisher = publisher;
}

export function publishFeedChange(change: FeedChange) {
  holder.__portalPublisher?.feedChanged(change);
}
