import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { PageHeading } from "~/components/ui/page-heading";
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
        <table className="w-full border-collapse bg-white text-left">
          <thead>
            <tr className="border-b-2 border-slate-800">
              <th scope="col" className="p-2">Action</th>
              <th scope="col" className="p-2">Initiative</th>
              <th scope="col" className="p-2">Due</th>
              <th scope="col" className="p-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => {
              const late = a.status === "open" && a.dueDate < today;
              return (
                <tr key={a.id} className="border-b border-slate-300 align-top">
                  <th scope="row" className="p-2 text-left font-normal">
                    {a.title}
                    {a.meeting ? <span className="block text-sm text-slate-600">from {a.meeting.title}</span> : null}
                  </th>
                  <td className="p-2">
                    <Link to={`/initiatives/${a.initiative.id}/actions`} className="text-brand-700 underline">{a.initiative.name}</Link>
                  </td>
                  <td className={`p-2 ${late ? "font-bold text-red-700" : ""}`}>{formatCalendarDate(a.dueDate)}{late ? " (overdue)" : ""}</td>
                  <td className="p-2">{ACTION_STATUSES.find((s) => s.key === a.status)?.label}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
