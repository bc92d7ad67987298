import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AuditLog } from "~/components/audit-log";
import { loadAuditLog } from "~/modules/audit/queries.server";
import { requireAdmin } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Audit log – Administration – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return loadAuditLog({ initiativeId: null }, new URL(request.url).searchParams);
}

export default function PortalAuditLog() {
  const auditLog = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <h2 id="audit-heading" className="text-2xl font-bold">
        Audit log
      </h2>
      <p className="max-w-3xl text-lg">
        Changes to the portal itself: accounts created, profiles and permissions changed, agencies added or renamed, sessions signed out, and refused
        attempts. Each initiative keeps its own log, which its lead sees.
      </p>
      <AuditLog data={auditLog} csvHref="/admin/audit.csv" />
    </section>
  );
}
