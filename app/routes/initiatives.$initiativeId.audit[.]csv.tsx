import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsvResponse } from "~/modules/audit/exports.server";
import { requireInitiativeAccess } from "~/utils/policy.server";

/** The initiative's audit log as CSV, with the same filters as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "view_audit_log");
  return auditCsvResponse(
    { initiativeId: access.initiativeId },
    new URL(request.url).searchParams,
    `initiative-audit-log-${new Date().toISOString().slice(0, 10)}.csv`,
  );
}
