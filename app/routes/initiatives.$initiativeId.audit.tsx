import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AuditLog } from "~/components/audit-log";
import { loadAuditLog } from "~/modules/audit/queries.server";
import { requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Audit log – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "view_audit_log");
  const log = await loadAuditLog({ initiativeId: access.initiativeId }, new URL(request.url).searchParams);
  return { log, initiativeId: access.initiativeId };
}

export default function InitiativeAuditLog() {
  const { log, initiativeId } = useLoaderData<typeof loader>();
  return (
    <div>
      <h2 className="mb-2 text-2xl font-bold">Audit log</h2>
      <p className="mb-6 text-lg">
        Every change to this initiative: who made it, from which agency, when, and what it was before and after. Nothing here can be edited or
        deleted.
      </p>
      <AuditLog data={log} csvHref={`/initiatives/${initiativeId}/audit.csv`} />
    </div>
  );
}
