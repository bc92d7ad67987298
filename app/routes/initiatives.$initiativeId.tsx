import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { RoleTag, StatusTag } from "~/components/ui/badges";
import { getInitiativeDetails } from "~/modules/initiatives/initiatives.server";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.initiative.name} – Partnership Portal` : "Page not found – Partnership Portal" },
];

/** Every page of an initiative sits under this layout: the name, status and the viewer's role. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership } = await requireInitiativeAccess(request, params.initiativeId);
  const initiative = await getInitiativeDetails(params.initiativeId!);
  if (!initiative) notFound();
  return { initiative: { id: initiative.id, name: initiative.name, status: initiative.status }, role: membership.role };
}

export default function InitiativeLayout() {
  const { initiative, role } = useLoaderData<typeof loader>();
  return (
    <div>
      <nav aria-label="Breadcrumb" className="no-print mb-4 text-base">
        <ol className="flex flex-wrap gap-2">
          <li>
            <Link to="/initiatives" className="text-brand-700 underline">
              My initiatives
            </Link>
            <span aria-hidden="true" className="ml-2">
              ›
            </span>
          </li>
          <li aria-current="page">{initiative.name}</li>
        </ol>
      </nav>
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{initiative.name}</h1>
        <StatusTag status={initiative.status} />
        <span className="text-base">
          Your role: <RoleTag role={role} />
        </span>
      </div>
      <Outlet />
    </div>
  );
}
