/**
 * A fixed-window counter per key (e.g. "sign-in:<address>"), kept in this process.
 * Used by the sign-in and sign-up actions so that the refusal is a normal form error.
 * See docs/decisions/004-rate-limits-in-the-actions.md.
 */
type Window = { startedAt: number; count: number };

const WINDOW_MS = 60_000;
const globalForLimits = globalThis as unknown as { __portalRateLimits?: Map<string, Window> };
const windows = (globalForLimits.__portalRateLimits ??= new Map<string, Window>());

/** Counts one attempt; false when the key has used up its allowance for this minute. */
export function takeAttempt(key: string, limitPerMinute: number, now = Date.now()): boolean {
  const current = windows.get(key);
  if (!current || now - current.startedAt >= WINDOW_MS) {
    if (windows.size > 10_000) pruneExpired(now);
    windows.set(key, { startedAt: now, count: 1 });
    return true;
  }
  current.count += 1;
  return current.count <= limitPerMinute;
}

function pruneExpired(now: number) {
  for (const [key, window] of windows) {
    if (now - window.startedAt >= WINDOW_MS) windows.delete(key);
  }
}

export const TOO_MANY_ATTEMPTS =
  "Too many attempts from your network in the last minute. Wait a minute, then try again.";
