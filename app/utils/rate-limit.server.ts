import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";

/**
 * A fixed-window counter per key (e.g. "sign-in:<address>"): the window opens at a key's first
 * attempt and lasts a minute. Used by the sign-in and sign-up actions so that the refusal is a
 * normal form error. See docs/decisions/004-rate-limits-in-the-actions.md.
 *
 * The counters live in this process unless the server installs a shared store at start
 * (`setAttemptStore`, with REDIS_URL: server/redis.ts), so that several instances count the
 * same attempts (docs/decisions/013-redis-for-several-instances.md).
 */
export type AttemptStore = {
  /** Counts one attempt; false when the key has used up its allowance for this minute. */
  take(key: string, limitPerMinute: number): Promise<boolean>;
};

export const RATE_LIMIT_WINDOW_MS = 60_000;

type Window = { startedAt: number; count: number };

// NOTE: on globalThis because the server bundle and the Remix build each carry a copy of this module.
const holder = globalThis as unknown as { __portalRateLimits?: Map<string, Window>; __portalAttemptStore?: AttemptStore };
const windows = (holder.__portalRateLimits ??= new Map<string, Window>());

/** The in-process counter: one attempt for `key` at `now`; false when over the limit. */
export function takeAttemptInMemory(key: string, limitPerMinute: number, now = Date.now()): boolean {
  const current = windows.get(key);
  if (!current || now - current.startedAt >= RATE_LIMIT_WINDOW_MS) {
    if (windows.size > 10_000) pruneExpired(now);
    windows.set(key, { startedAt: now, count: 1 });
    return true;
  }
  current.count += 1;
  return current.count <= limitPerMinute;
}

function pruneExpired(now: number) {
  for (const [key, window] of windows) {
    if (now - window.startedAt >= RATE_LIMIT_WINDOW_MS) windows.delete(key);
  }
}

export const memoryAttemptStore: AttemptStore = {
  take: (key, limitPerMinute) => Promise.resolve(takeAttemptInMemory(key, limitPerMinute)),
};

/** Installs the store the actions count in (the server, at start); undefined: this process's memory. */
export function setAttemptStore(store: AttemptStore | undefined) {
  holder.__portalAttemptStore = store;
}

/** Counts one attempt; false when the key has used up its allowance for this minute. */
export function takeAttempt(key: string, limitPerMinute: number): Promise<boolean> {
  return (holder.__portalAttemptStore ?? memoryAttemptStore).take(key, limitPerMinute);
}

export const TOO_MANY_ATTEMPTS = "Too many attempts from your network in the last minute. Wait a minute, then try again.";

/**
 * The answer to an attempt over the limit: the form's error and status 429. NOTE: the actions
 * count the attempt and give this answer before reading the form, so a flood of requests (or
 * one huge body) costs no parsing; the form keeps what was typed, as the answer carries no values.
 */
export function tooManyAttempts() {
  const reply: SubmissionResult<string[]> = { status: "error", error: { "": [TOO_MANY_ATTEMPTS] } };
  return data(reply, { status: 429 });
}
