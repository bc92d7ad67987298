import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { PageHeading } from "~/components/ui/page-heading";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { labelOf, SECTORS } from "~/modules/study/study";
import { formatHours, hoursPerWeek } from "~/modules/roles/register";
import { agencyRolesForViewer } from "~/modules/roles/queries.server";
import { requireUser } from "~/utils/auth.server";
import { notFound } from "~/utils/policy.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agency.name} – Partnership Portal` : "Page not found – Partnership Portal" },
];

/** One agency's roles across the initiatives the viewer belongs to, and the time it commits. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await agencyRolesForViewer(user.id, params.agencyId ?? "");
  if (!result) notFound();
  const byInitiative = new Map<string, { id: string; name: string; roles: typeof result.roles; hours: number }>();
  for (const role of result.roles) {
    const group = byInitiative.get(role.initiative.id) ?? { ...role.initiative, roles: [], hours: 0 };
    group.roles.push(role);
    group.hours += hoursPerWeek(role.timeUnit, role.timeAmount);
    byInitiative.set(role.initiative.id, group);
  }
  const initiatives = [...byInitiative.values()];
  return { agency: result.agency, initiatives, totalHours: initiatives.reduce((sum, i) => sum + i.hours, 0) };
}

export default function AgencyRoles() {
  const { agency, initiatives, totalHours } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <PageHeading caption={labelOf(SECTORS, agency.sector)}>{agency.name}</PageHeading>
      <p className="max-w-3xl text-lg">This agency’s roles in the initiatives you belong to. Initiatives you are not part of are not shown.</p>
      {initiatives.length === 0 ? (
        <div className="border-l-4 border-brand-600 bg-white p-5 text-lg">
          <p className="font-bold">No roles of {agency.name} in your initiatives.</p>
          <p>
            <Link to="/initiatives" className="text-brand-700 underline">
              Go to My initiatives
            </Link>
          </p>
        </div>
      ) : (
        <>
          <p className="text-xl">
            In all: <strong>{formatHours(totalHours)} a week</strong> across {initiatives.length} initiative
            {initiatives.length === 1 ? "" : "s"} (FTE counted at 37.5 hours a week).
          </p>
          {initiatives.map((initiative) => (
            <section key={initiative.id} aria-labelledby={`initiative-${initiative.id}`}>
              <h2 id={`initiative-${initiative.id}`} className="mb-2 text-2xl font-bold">
                <Link to={`/initiatives/${initiative.id}/roles`} className="text-brand-700 underline">
                  {initiative.name}
                </Link>{" "}
                <span className="text-lg font-normal text-slate-600">({formatHours(initiative.hours)} a week)</span>
              </h2>
              <Table>
                <TableHead>
                  <ColumnHeader>Role</ColumnHeader>
                  <ColumnHeader>Holder</ColumnHeader>
                  <ColumnHeader>Responsibilities</ColumnHeader>
                  <ColumnHeader>Time</ColumnHeader>
                </TableHead>
                <tbody>
                  {initiative.roles.map((role) => (
                    <TableRow key={role.id}>
                      <RowHeader bold>{role.title}</RowHeader>
                      <Cell>{role.holder?.name ?? <strong className="text-amber-900">Vacant</strong>}</Cell>
                      <Cell>{role.responsibilities.join("; ") || "None listed"}</Cell>
                      <Cell>{role.time}</Cell>
                    </TableRow>
                  ))}
                </tbody>
              </Table>
            </section>
          ))}
        </>
      )}
    </div>
  );
}
