import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarFeed } from "~/modules/meetings/exports.server";

/**
 * A person's private calendar feed: every meeting of their initiatives. Calendar apps fetch it
 * without a session, so the unguessable address is the key; it can be renewed or revoked.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = await calendarFeed(params.token ?? "", new URL(request.url).origin);
  if (!feed) {
    return new Response("This calendar address is not valid or was revoked. Get a new one from Partnership Portal.\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(feed, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "no-store" } });
}
