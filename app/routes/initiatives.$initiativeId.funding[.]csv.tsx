import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { fundingCsv, spendingCsv } from "~/modules/funding/exports.server";
import { requireInitiativeAccess } from "~/utils/policy.server";

const QuerySchema = z.object({
  records: z.enum(["funding", "spending"], { error: "Ask for records=funding or records=spending" }).default("funding"),
});

/**
 * The budget as CSV, for finance teams and meeting packs: the funding streams and in-kind
 * contributions (the default), or every spending record (`?records=spending`).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const records = new URL(request.url).searchParams.get("records");
  const parsed = QuerySchema.safeParse(records ? { records } : {});
  if (!parsed.success) {
    return new Response(`${parsed.error.issues[0]?.message ?? "The request is not valid"}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const kind = parsed.data.records;
  const csv = kind === "spending" ? await spendingCsv(access.initiativeId) : await fundingCsv(access.initiativeId);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${kind}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
