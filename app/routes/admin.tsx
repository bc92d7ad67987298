import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { PageHeading } from "~/components/ui/page-heading";
import { TabNav } from "~/components/ui/tab-nav";
import { requireAdmin } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Administration – Partnership Portal" }];

/**
 * Every page of the administration sits under this layout. Each child checks `requireAdmin`
 * itself too: Remix runs the loaders of a page side by side, and a resource route alone.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

const TABS = [
  { to: "/admin/agencies", label: "Agencies" },
  { to: "/admin/people", label: "People" },
  { to: "/admin/audit", label: "Audit log" },
];

export default function AdminLayout() {
  return (
    <div>
      <PageHeading caption="Portal administrator">Administration</PageHeading>
      <p className="mb-6 max-w-3xl text-lg">
        The agencies people choose from, who may administer the portal, and a record of changes made across the portal. Initiatives are run by their
        own members: administrators do not see inside them.
      </p>
      <TabNav label="Administration" tabs={TABS} />
      <Outlet />
    </div>
  );
}
