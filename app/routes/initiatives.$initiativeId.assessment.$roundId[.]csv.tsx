import type { LoaderFunctionArgs } from "@remix-run/node";
import { roundCsv } from "~/modules/assessment/exports.server";
import { CsvQuerySchema } from "~/modules/assessment/schema";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

/**
 * A round's aggregated results as CSV, for a meeting pack: the factors (the default), the
 * agencies side by side, the challenges or the benefits (`?part=`). Never an individual answer.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const part = new URL(request.url).searchParams.get("part");
  const parsed = CsvQuerySchema.safeParse(part ? { part } : {});
  if (!parsed.success) {
    return new Response(`${parsed.error.issues[0]?.message ?? "The request is not valid"}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const csv = await roundCsv(access, params.roundId ?? "", parsed.data.part);
  if (csv === null) notFound();
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="self-assessment-${parsed.data.part}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
