import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { PageHeading } from "~/components/ui/page-heading";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { myActions } from "~/modules/meetings/queries.server";
import { ACTION_STATUSES } from "~/modules/meetings/schema";
import { requireUser } from "~/utils/auth.server";
import { formatCalendarDate } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "My actions – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { actions: await myActions(user.id), today: new Date() };
}

export default function MyActions() {
  const { actions, today } = useLoaderData<typeof loader>();
  const open = actions.filter((a) => a.status === "open");
  const overdue = open.filter((a) => a.dueDate < today);
  return (
    <div className="space-y-8">
      <PageHeading>My actions</PageHeading>
      <p className="text-lg">
        {open.length === 0
          ? "You have no open actions."
          : `${open.length} open action${open.length === 1 ? "" : "s"}${overdue.length ? `, ${overdue.length} overdue` : ""}, across all your initiatives. Overdue ones come first.`}
      </p>
      {actions.length === 0 ? (
        <div className="border-l-4 border-brand-600 bg-white p-5 text-lg">
          <p>Actions given to you at meetings appear here. Update them from the initiative’s “Actions and decisions” page.</p>
        </div>
      ) : (
        <Table>
          <TableHead>
            <ColumnHeader>Action</ColumnHeader>
            <ColumnHeader>Initiative</ColumnHeader>
            <ColumnHeader>Due</ColumnHeader>
            <ColumnHeader>Status</ColumnHeader>
          </TableHead>
          <tbody>
            {actions.map((a) => {
              const late = a.status === "open" && a.dueDate < today;
              return (
                <TableRow key={a.id}>
                  <RowHeader>
                    {a.title}
                    {a.meeting ? <span className="block text-sm text-slate-600">from {a.meeting.title}</span> : null}
                  </RowHeader>
                  <Cell>
                    <Link to={`/initiatives/${a.initiative.id}/actions`} className="text-brand-700 underline">
                      {a.initiative.name}
                    </Link>
                  </Cell>
                  <Cell className={late ? "font-bold text-red-700" : ""}>
                    {formatCalendarDate(a.dueDate)}
                    {late ? " (overdue)" : ""}
                  </Cell>
                  <Cell>{ACTION_STATUSES.find((s) => s.key === a.status)?.label}</Cell>
                </TableRow>
              );
            })}
          </tbody>
        </Table>
      )}
    </div>
  );
}
