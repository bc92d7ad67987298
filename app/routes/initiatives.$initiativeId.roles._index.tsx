import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { RoleHolder } from "~/components/roles/role-holder";
import { z } from "zod";
import { ProblemNotice, SuccessNotice } from "~/components/ui/notice";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { Tag } from "~/components/ui/tag";
import { formatHours, PROBLEM_LABELS, RACI_LABELS, registerCounts, responsibilityMatrix, timeByAgency } from "~/modules/roles/register";
import { confirmRole, requestConfirmation } from "~/modules/roles/commands.server";
import { getRegister } from "~/modules/roles/queries.server";
import { mayEditRole } from "~/modules/roles/permissions";
import { RegisterActionSchema } from "~/modules/roles/schema";
import { formatCalendarDate, formatDate } from "~/utils/dates";
import { can } from "~/utils/policy";
import { requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Roles and responsibilities – Partnership Portal" }];

const FilterSchema = z.object({
  agency: z.string().max(40).optional(),
  status: z.enum(["all", "vacant", "ended", "awaiting"], { error: "Choose a status from the list" }).default("all"),
  sort: z.enum(["title", "agency", "confirmed"], { error: "Choose a sort order from the list" }).default("title"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const register = await getRegister(access.initiativeId);
  const searchParams = new URL(request.url).searchParams;
  const parsed = FilterSchema.safeParse(
    Object.fromEntries([...searchParams].filter(([key, value]) => ["agency", "status", "sort"].includes(key) && value !== "")),
  );
  let filterError: string | null = null;
  let roles = register.roles;
  if (!parsed.success) {
    filterError = parsed.error.issues[0]?.message ?? "The filters are not valid";
    roles = [];
  } else {
    const { agency, status, sort } = parsed.data;
    if (agency && !register.agencies.some((a) => a.id === agency)) {
      filterError = "Choose an agency of this initiative";
      roles = [];
    } else {
      roles = roles
        .filter((role) => !agency || role.agencyId === agency)
        .filter((role) =>
          status === "vacant"
            ? role.attention.vacant
            : status === "ended"
              ? role.attention.ended
              : status === "awaiting"
                ? role.attention.awaitingConfirmation
                : true,
        )
        .sort((a, b) =>
          sort === "agency"
            ? a.agency.name.localeCompare(b.agency.name) || a.title.localeCompare(b.title)
            : sort === "confirmed"
              ? (a.lastConfirmedAt?.getTime() ?? 0) - (b.lastConfirmedAt?.getTime() ?? 0)
              : a.title.localeCompare(b.title),
        );
    }
  }
  const matrix = responsibilityMatrix(
    register.responsibilities,
    register.agencies.map((a) => a.id),
  );
  const hours = timeByAgency(register.roles);
  return {
    initiativeId: access.initiativeId,
    me: { id: access.user.id, role: access.membership.role },
    roles: roles.map((role) => ({ ...role, mayEdit: mayEditRole(access, role) })),
    counts: registerCounts(register.roles, matrix),
    agencies: register.agencies.map((agency) => ({ ...agency, hours: hours.get(agency.id) ?? 0 })),
    matrix: matrix.map((row) => ({ id: row.responsibility.id, title: row.responsibility.title, cells: row.cells, problems: row.problems })),
    filterError,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const submission = parseWithZod(await request.formData(), { schema: RegisterActionSchema });
  if (submission.status !== "success") {
    return data({ ok: false as const, message: "That request was not understood. Reload the page and try again." }, { status: 400 });
  }
  if (submission.value.intent === "confirm-role") {
    const result = await confirmRole(access, submission.value.roleId);
    return result.ok ? { ok: true as const, message: `Thank you: “${result.title}” is confirmed as recorded.` } : data(result, { status: 400 });
  }
  const result = await requestConfirmation(access, submission.value.roleId);
  return result.ok
    ? { ok: true as const, message: `Asked the holders of ${result.count} role${result.count === 1 ? "" : "s"} to confirm them.` }
    : data(result, { status: 400 });
}

export default function RolesRegister() {
  const { initiativeId, me, roles, counts, agencies, matrix, filterError } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const canEdit = can(me.role, "edit_records");
  const canAdd = can(me.role, "edit_own_records");
  const notice = searchParams.get("added")
    ? "Role added"
    : searchParams.get("saved")
      ? "Role saved"
      : searchParams.get("removed")
        ? "Role removed"
        : searchParams.get("responsibility") === "saved"
          ? "Responsibility saved"
          : searchParams.get("responsibility") === "removed"
            ? "Responsibility removed"
            : null;

  return (
    <div className="space-y-10">
      {result?.ok ? (
        <SuccessNotice title={result.message} />
      ) : result ? (
        <ProblemNotice title="That was not done">
          <p>{result.message}</p>
        </ProblemNotice>
      ) : notice ? (
        <SuccessNotice title={notice} />
      ) : null}

      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-2xl font-bold">Roles and responsibilities</h2>
          <p className="mt-1 max-w-2xl text-lg">
            Who does what for the partnership, from which agency, and who answers for each shared responsibility. Clarifying roles was one of the main
            challenges the research found.
          </p>
        </div>
        <div className="no-print flex flex-wrap items-center gap-4">
          {canAdd ? (
            <Link to="new" className="bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800">
              Add a role
            </Link>
          ) : null}
          <a href={`/initiatives/${initiativeId}/roles.csv`} download className="text-brand-700 underline">
            Download as CSV
          </a>
          <button type="button" onClick={() => window.print()} className="text-brand-700 underline">
            Print
          </button>
        </div>
      </div>

      <ul className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Summary">
        <Count label="Roles" value={counts.roles} />
        <Count label="Vacant" value={counts.vacant} warn />
        <Count label="Past their end date" value={counts.ended} warn />
        <Count label="Awaiting confirmation" value={counts.awaiting} warn />
        <Count label="Responsibilities with a gap" value={counts.gaps} warn />
        <Count label="Responsibilities with an overlap" value={counts.overlaps} warn />
      </ul>

      <section aria-labelledby="roles-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <h3 id="roles-heading" className="text-xl font-bold">
            Roles
          </h3>
          {canEdit && counts.roles > 0 ? (
            <Form method="post" className="no-print">
              <input type="hidden" name="intent" value="request-confirmation" />
              <button type="submit" className="border-2 border-slate-700 px-3 py-1.5 font-bold hover:bg-slate-100">
                Ask all holders to confirm their roles
              </button>
            </Form>
          ) : null}
        </div>
        {counts.roles > 0 ? (
          <Form method="get" className="no-print flex flex-wrap items-end gap-4 border border-slate-300 bg-white p-4">
            <div>
              <label htmlFor="filter-agency" className="block font-bold">
                Agency
              </label>
              <select
                id="filter-agency"
                name="agency"
                defaultValue={searchParams.get("agency") ?? ""}
                className="mt-1 border-2 border-slate-800 bg-white px-2 py-1.5"
              >
                <option value="">All agencies</option>
                {agencies.map((agency) => (
                  <option key={agency.id} value={agency.id}>
                    {agency.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="filter-status" className="block font-bold">
                Show
              </label>
              <select
                id="filter-status"
                name="status"
                defaultValue={searchParams.get("status") ?? "all"}
                className="mt-1 border-2 border-slate-800 bg-white px-2 py-1.5"
              >
                <option value="all">All roles</option>
                <option value="vacant">Vacant</option>
                <option value="ended">Past their end date</option>
                <option value="awaiting">Awaiting confirmation</option>
              </select>
            </div>
            <div>
              <label htmlFor="filter-sort" className="block font-bold">
                Sort by
              </label>
              <select
                id="filter-sort"
                name="sort"
                defaultValue={searchParams.get("sort") ?? "title"}
                className="mt-1 border-2 border-slate-800 bg-white px-2 py-1.5"
              >
                <option value="title">Role title</option>
                <option value="agency">Agency</option>
                <option value="confirmed">Least recently confirmed</option>
              </select>
            </div>
            <button type="submit" className="bg-slate-700 px-4 py-2 font-bold text-white hover:bg-slate-800">
              Apply
            </button>
          </Form>
        ) : null}
        {filterError ? (
          <ProblemNotice title="There is a problem with the filters">
            <p>{filterError}</p>
          </ProblemNotice>
        ) : counts.roles === 0 ? (
          <div className="border-l-4 border-brand-600 bg-white p-5 text-lg">
            <p className="font-bold">No roles recorded yet.</p>
            <p>Add each job someone does for the partnership: who holds it, for which agency, and how much time it takes.</p>
          </div>
        ) : roles.length === 0 ? (
          <p className="text-lg">No roles match these filters.</p>
        ) : (
          <Table caption="Roles in the register">
            <TableHead>
              <ColumnHeader>Role</ColumnHeader>
              <ColumnHeader>Agency and holder</ColumnHeader>
              <ColumnHeader>Responsibilities</ColumnHeader>
              <ColumnHeader>Accountable to</ColumnHeader>
              <ColumnHeader>Time</ColumnHeader>
              <ColumnHeader>Last confirmed</ColumnHeader>
            </TableHead>
            <tbody>
              {roles.map((role) => (
                <TableRow key={role.id}>
                  <RowHeader bold>
                    {role.mayEdit ? (
                      <Link to={role.id} className="text-brand-700 underline">
                        {role.title}
                      </Link>
                    ) : (
                      role.title
                    )}
                    <div className="mt-1 flex flex-wrap gap-1 font-normal">
                      {role.attention.vacant ? <Tag tone="warn">Vacant</Tag> : null}
                      {role.attention.ended ? <Tag tone="warn">Ended {formatCalendarDate(role.endDate!)}</Tag> : null}
                      {role.attention.awaitingConfirmation ? <Tag tone="info">Awaiting confirmation</Tag> : null}
                    </div>
                  </RowHeader>
                  <Cell>
                    <Link to={`/agencies/${role.agency.id}`} className="text-brand-700 underline">
                      {role.agency.name}
                    </Link>
                    <span className="block">{role.holder ? <RoleHolder holder={role.holder} roleAgency={role.agency.name} /> : "Nobody yet"}</span>
                  </Cell>
                  <Cell>
                    {role.responsibilities.length ? (
                      <ul className="list-disc pl-5">
                        {role.responsibilities.map((line, i) => (
                          <li key={i}>{line}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-slate-600">None listed</span>
                    )}
                  </Cell>
                  <Cell>{role.accountableTo?.title ?? <span className="text-slate-600">Nobody recorded</span>}</Cell>
                  <Cell>
                    {role.time}
                    {role.startDate || role.endDate ? (
                      <span className="block text-sm text-slate-600">
                        {role.startDate ? `from ${formatCalendarDate(role.startDate)}` : ""}{" "}
                        {role.endDate ? `to ${formatCalendarDate(role.endDate)}` : ""}
                      </span>
                    ) : null}
                  </Cell>
                  <Cell>
                    {role.lastConfirmedAt ? formatDate(role.lastConfirmedAt) : "Never"}
                    {role.holder?.id === me.id ? (
                      <Form method="post" className="no-print mt-2">
                        <input type="hidden" name="intent" value="confirm-role" />
                        <input type="hidden" name="roleId" value={role.id} />
                        <button
                          type="submit"
                          aria-label={`Confirm my role is right: ${role.title}`}
                          className="border-2 border-green-700 px-2 py-1 text-sm font-bold text-green-800 hover:bg-green-50"
                        >
                          Confirm my role is right
                        </button>
                      </Form>
                    ) : null}
                  </Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <section id="matrix" aria-labelledby="matrix-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h3 id="matrix-heading" className="text-xl font-bold">
              Shared responsibilities by agency
            </h3>
            <p className="max-w-2xl text-slate-700">
              {Object.values(RACI_LABELS)
                .map((l) => `${l.letter}: ${l.label.toLowerCase()} (${l.hint})`)
                .join("; ")}
              .
            </p>
          </div>
          {canEdit ? (
            <Link to="responsibilities/new" className="no-print border-2 border-slate-700 px-3 py-1.5 font-bold hover:bg-slate-100">
              Add a shared responsibility
            </Link>
          ) : null}
        </div>
        {matrix.length === 0 ? (
          <div className="border-l-4 border-brand-600 bg-white p-5 text-lg">
            <p className="font-bold">No shared responsibilities yet.</p>
            <p>
              List what the partnership must do together, such as chairing the strategic group or holding the pooled budget, and which agency answers
              for each.
            </p>
          </div>
        ) : (
          <Table caption="Shared responsibilities by agency, with gaps and overlaps">
            <TableHead>
              <ColumnHeader>Responsibility</ColumnHeader>
              {agencies.map((agency) => (
                <ColumnHeader key={agency.id} className="text-center">
                  {agency.name}
                </ColumnHeader>
              ))}
              <ColumnHeader>Check</ColumnHeader>
            </TableHead>
            <tbody>
              {matrix.map((row) => (
                <TableRow key={row.id} className={row.problems.length ? "bg-amber-50" : ""}>
                  <RowHeader>
                    {canEdit ? (
                      <Link to={`responsibilities/${row.id}`} className="text-brand-700 underline">
                        {row.title}
                      </Link>
                    ) : (
                      row.title
                    )}
                  </RowHeader>
                  {row.cells.map((kinds, i) => (
                    <Cell key={agencies[i]!.id} className="text-center font-bold">
                      {kinds.length ? (
                        <abbr title={kinds.map((k) => RACI_LABELS[k].label).join(", ")} className="no-underline">
                          {kinds.map((k) => RACI_LABELS[k].letter).join(" ")}
                        </abbr>
                      ) : (
                        <span className="sr-only">none</span>
                      )}
                    </Cell>
                  ))}
                  <Cell>
                    {row.problems.length === 0 ? (
                      <span className="text-green-800">Clear</span>
                    ) : (
                      <ul className="space-y-1">
                        {row.problems.map((p) => (
                          <li key={p.kind} className="font-bold text-amber-900">
                            <span aria-hidden="true">⚠ </span>
                            {PROBLEM_LABELS[p.kind]}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="time-heading" className="space-y-3">
        <h3 id="time-heading" className="text-xl font-bold">
          Time each agency commits
        </h3>
        <Table caption="Hours a week committed, by agency" width="fit">
          <TableHead>
            <ColumnHeader>Agency</ColumnHeader>
            <ColumnHeader numeric>Hours a week</ColumnHeader>
          </TableHead>
          <tbody>
            {agencies.map((agency) => (
              <TableRow key={agency.id}>
                <RowHeader>
                  <Link to={`/agencies/${agency.id}`} className="text-brand-700 underline">
                    {agency.name}
                  </Link>
                </RowHeader>
                <Cell numeric>{formatHours(agency.hours)}</Cell>
              </TableRow>
            ))}
          </tbody>
        </Table>
        <p className="text-sm text-slate-600">FTE is counted at 37.5 hours a week.</p>
      </section>
    </div>
  );
}

function Count({ label, value, warn }: { label: string; value: number; warn?: boolean }) {
  return (
    <li className={`border-l-4 bg-white p-3 ${warn && value > 0 ? "border-amber-600" : "border-slate-300"}`}>
      <span className="block text-3xl font-bold">{value}</span>
      <span className="text-slate-700">{label}</span>
    </li>
  );
}
