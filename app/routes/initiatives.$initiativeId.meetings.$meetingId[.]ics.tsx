import type { LoaderFunctionArgs } from "@remix-run/node";
import { meetingIcs } from "~/modules/meetings/exports.server";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

/** One meeting as an iCalendar file, to add to any calendar. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const ics = await meetingIcs(access.initiativeId, params.meetingId ?? "", new URL(request.url).origin);
  if (!ics) notFound();
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="meeting.ics"`,
      "Cache-Control": "no-store",
    },
  });
}
