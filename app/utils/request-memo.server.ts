import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one page request has already read, so that the root, the layout and the page loaders,
 * which Remix runs side by side, read it once: the member list of an initiative, say, that the
 * header, the feed and its mention list all need.
 *
 * Only reads made while answering a GET are remembered (server/app.ts opens the memo for GETs
 * only), and only for that request: nothing written can be hidden by it, because a GET writes
 * nothing that these reads show, and the next request starts empty. Outside a request (tests
 * calling a loader, socket handlers, scripts) every call reads afresh.
 *
 * The store lives on globalThis because the server (server/app.ts) and the Remix build are
 * bundled apart: each would otherwise have its own.
 */
type Memo = Map<string, Promise<unknown>>;
const globalForMemo = globalThis as typeof globalThis & { __portalRequestMemo?: AsyncLocalStorage<Memo> };
const storage = (globalForMemo.__portalRequestMemo ??= new AsyncLocalStorage<Memo>());

/** Runs `handle` (one GET request) with an empty memo. */
export function withRequestMemo<T>(handle: () => T): T {
  return storage.run(new Map(), handle);
}

/** `read()` once per request and key; every caller in the same request shares its answer. */
export function onceThisRequest<T>(key: string, read: () => Promise<T>): Promise<T> {
  const memo = storage.getStore();
  if (!memo) return read();
  let answer = memo.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = read();
    memo.set(key, answer);
  }
  return answer;
}
