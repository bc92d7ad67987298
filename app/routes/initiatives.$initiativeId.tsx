import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { RoleTag, StatusTag } from "~/components/ui/badges";
import { TabNav, type Tab } from "~/components/ui/tab-nav";
import { getInitiativeSummary } from "~/modules/initiatives/queries.server";
import { initiativePeople } from "~/modules/initiatives/roster.server";
import { askForVersionsTogether, initiativeScopes } from "~/utils/data-version.server";
import { useLiveInitiative } from "~/realtime/use-live-initiative";
import { useUnread } from "~/realtime/use-unread";
import { can } from "~/utils/policy";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.initiative.name} – Partnership Portal` : "Page not found – Partnership Portal" },
];

/** Every page of an initiative sits under this layout: its name, status, the viewer's role, its pages. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership, user } = await requireInitiativeAccess(request, params.initiativeId);
  // This loader and the page's resume together here: their kept readings' versions come in one query.
  askForVersionsTogether(initiativeScopes(params.initiativeId!));
  const initiative = await getInitiativeSummary(params.initiativeId!);
  if (!initiative) notFound();
  const people = await initiativePeople(initiative.id);
  return { initiative, role: membership.role, people, viewerId: user.id };
}

export default function InitiativeLayout() {
  const { initiative, role, people, viewerId } = useLoaderData<typeof loader>();
  const live = useLiveInitiative(initiative.id);
  const unread = useUnread().byInitiative[initiative.id] ?? 0;
  // Others online here; the viewer knows they are.
  const onlineNames = people.filter((p) => p.id !== viewerId && live.online.includes(p.id)).map((p) => p.label);
  const tabs: Tab[] = [
    { to: ".", label: "Overview", end: true },
    { to: "updates", label: unread > 0 ? `Updates (${unread} new)` : "Updates" },
    { to: "meetings", label: "Meetings" },
    { to: "actions", label: "Actions" },
    { to: "roles", label: "Roles" },
    { to: "funding", label: "Funding" },
    { to: "assessment", label: "Self-assessment" },
    { to: "members", label: "Members" },
    ...(can(role, "manage_settings") ? [{ to: "settings", label: "Settings" }] : []),
    ...(can(role, "view_audit_log") ? [{ to: "audit", label: "Audit log" }] : []),
  ];
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
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{initiative.name}</h1>
        <StatusTag status={initiative.status} />
        <span className="text-base">
          Your role: <RoleTag role={role} />
        </span>
      </div>
      {onlineNames.length > 0 ? (
        <p className="no-print mb-3 text-base text-slate-700">
          <span className="mr-1 inline-block h-2.5 w-2.5 rounded-full bg-green-700" aria-hidden="true" />
          Online now: {onlineNames.join(", ")}
        </p>
      ) : null}
      {live.state === "reconnecting" ? (
        <div role="status" className="no-print mb-4 border-l-4 border-amber-600 bg-white p-3">
          Connection lost: reconnecting. Anything changed in the meantime will appear when you are back.
        </div>
      ) : null}
      <TabNav label="Initiative" tabs={tabs} />
      <Outlet />
    </div>
  );
}
