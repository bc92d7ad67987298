import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsvResponse } from "~/modules/audit/exports.server";
import { requireAdmin } from "~/utils/policy.server";

/** The portal's own audit log (accounts, agencies, permissions) as CSV, with the page's filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return auditCsvResponse({ initiativeId: null }, new URL(request.url).searchParams, "portal-audit-log.csv");
}
