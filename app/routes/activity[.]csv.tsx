import type { LoaderFunctionArgs } from "@remix-run/node";
import { activityCsv } from "~/modules/activity/exports.server";
import { parseActivityFilters } from "~/modules/activity/queries.server";
import { requireActivityAuditor } from "~/utils/policy.server";

/** One table of the audit of activity as CSV, with the page's filters: every row, whatever page the link was on. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireActivityAuditor(request);
  const searchParams = new URL(request.url).searchParams;
  // The page of the list is not a filter: a download has every initiative.
  const filterParams = new URLSearchParams(searchParams);
  filterParams.delete("page");
  const { filters, errors } = await parseActivityFilters(filterParams);
  const text = (message: string) => new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (!filters) return text(`The filters are not right, so nothing was exported: ${Object.values(errors).join("; ")}.`);
  const table = searchParams.get("table") ?? "";
  const csv = await activityCsv(filters, table);
  if (csv === null) return text("There is no such table to export. Use the CSV links on the audit of activity page.");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-of-activity-${table}.csv"`,
    },
  });
}
