import { useLocation, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/** The feed open on this page, whose updates are being read now and so do not count as new. */
const OPEN_FEED = /^\/initiatives\/([^/]+)\/updates\/?$/;

/** Unread updates in the navigation, leaving out the feed the person is reading. */
export function useUnread() {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  const { pathname } = useLocation();
  const reading = OPEN_FEED.exec(pathname)?.[1];
  const byInitiative = Object.fromEntries(Object.entries(data?.unread?.byInitiative ?? {}).map(([id, n]) => [id, id === reading ? 0 : n]));
  const total = Object.values(byInitiative).reduce((sum, n) => sum + n, 0);
  return { byInitiative, total, mentions: data?.unread?.mentions ?? 0 };
}
