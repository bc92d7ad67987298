import type { LoaderFunctionArgs } from "@remix-run/node";
import { registerCsv } from "~/modules/roles/exports.server";
import { requireInitiativeAccess } from "~/utils/policy.server";

/** The roles register as CSV, for meeting packs and spreadsheets. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  return new Response(await registerCsv(access.initiativeId), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="roles-register-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
