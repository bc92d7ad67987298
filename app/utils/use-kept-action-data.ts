import { useActionData, useLocation } from "@remix-run/react";
import { useRef } from "react";

/**
 * `useActionData`, kept while the page stays where the action left it. A live update re-reads the
 * page through its loaders (decision 008), and React Router forgets the action's answer when it
 * does: without this, a result shown once (an invitation link, a calendar address) would vanish
 * a moment after it appeared, when the change it made came back as a live update. Any navigation,
 * including a redirect to the same address, has a new location key and drops it.
 */
export function useKeptActionData<T>() {
  const actionData = useActionData<T>();
  const { key } = useLocation();
  const kept = useRef<{ key: string; data: typeof actionData } | null>(null);
  if (actionData !== undefined) kept.current = { key, data: actionData };
  return actionData ?? (kept.current?.key === key ? kept.current.data : undefined);
}
