import { Form, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { Cell, ColumnHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { formatDateTime } from "~/utils/dates";

type AuditEventRow = {
  id: string;
  at: string | Date;
  actorName: string | null;
  actorAgency: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
};

type AuditLogData = {
  events: AuditEventRow[];
  total: number;
  pageCount: number;
  page: number;
  actions: string[];
  /** Set when the filters in the address were not valid: nothing is listed then. */
  filterError: string | null;
};

/** Plain-English names for the kinds of change; unknown ones are shown as they are stored. */
const ACTION_LABELS: Record<string, string> = {
  "access.refused": "Refused attempt",
  "agency.created": "Agency added",
  "agency.updated": "Agency changed",
  "initiative.created": "Initiative created",
  "initiative.settings_changed": "Settings changed",
  "invitation.created": "Invitation sent",
  "invitation.revoked": "Invitation withdrawn",
  "invitation.link_renewed": "Invitation link renewed",
  "membership.joined": "Member joined",
  "membership.role_changed": "Role changed",
  "membership.removed": "Member removed",
  "membership.left": "Member left",
  "user.signed_up": "Account created",
  "user.profile_updated": "Profile changed",
  "user.grants_changed": "Permissions changed",
  "user.made_admin": "Made administrator",
  "session.revoked": "Signed out a session",
};

function actionLabel(action: string) {
  return ACTION_LABELS[action] ?? action;
}

function describeChange(json: string | null) {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.entries(value as Record<string, unknown>)
        .map(([key, v]) => `${key}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
        .join("; ");
    }
    return String(value);
  } catch {
    return json;
  }
}

/** An audit log with its filters, pages and CSV download; shared by initiatives and the admin area. */
export function AuditLog({ data, csvHref }: { data: AuditLogData; csvHref: string }) {
  const [searchParams] = useSearchParams();
  const query = new URLSearchParams(searchParams);
  query.delete("page");
  const pageHref = (page: number) => {
    const next = new URLSearchParams(query);
    next.set("page", String(page));
    return `?${next}`;
  };
  const csvQuery = query.toString();
  return (
    <div className="space-y-6">
      <Form method="get" className="no-print grid gap-4 border border-slate-300 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
        <div>
          <label htmlFor="audit-action" className="block font-bold">
            Kind of change
          </label>
          <select
            id="audit-action"
            name="action"
            defaultValue={searchParams.get("action") ?? ""}
            className="mt-1 block w-full border-2 border-slate-800 bg-white px-2 py-1.5"
          >
            <option value="">All</option>
            {data.actions.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-person" className="block font-bold">
            Person
          </label>
          <input
            id="audit-person"
            name="person"
            defaultValue={searchParams.get("person") ?? ""}
            className="mt-1 block w-full border-2 border-slate-800 px-2 py-1.5"
          />
        </div>
        <div>
          <label htmlFor="audit-from" className="block font-bold">
            From
          </label>
          <input
            id="audit-from"
            name="from"
            type="date"
            defaultValue={searchParams.get("from") ?? ""}
            className="mt-1 block w-full border-2 border-slate-800 px-2 py-1.5"
          />
        </div>
        <div>
          <label htmlFor="audit-to" className="block font-bold">
            To
          </label>
          <input
            id="audit-to"
            name="to"
            type="date"
            defaultValue={searchParams.get("to") ?? ""}
            className="mt-1 block w-full border-2 border-slate-800 px-2 py-1.5"
          />
        </div>
        <div className="flex gap-3">
          <button type="submit" className="bg-slate-700 px-4 py-2 font-bold text-white hover:bg-slate-800">
            Filter
          </button>
          <Link to="?" className="px-2 py-2 text-brand-700 underline">
            Clear
          </Link>
        </div>
      </Form>

      {data.filterError ? (
        <div role="alert" className="border-4 border-red-700 bg-white p-4">
          <h2 className="text-xl font-bold">There is a problem with the filters</h2>
          <p className="font-bold text-red-700">{data.filterError}</p>
          <p>Nothing is listed until the filters are right.</p>
        </div>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-4">
            <p aria-live="polite">
              {data.total === 0
                ? "No changes match these filters."
                : `${data.total.toLocaleString("en-GB")} change${data.total === 1 ? "" : "s"}, newest first.`}
            </p>
            <a href={`${csvHref}${csvQuery ? `?${csvQuery}` : ""}`} className="no-print text-brand-700 underline" download>
              Download as CSV
            </a>
          </div>
          {data.events.length > 0 ? (
            <Table caption="Audit log" size="sm">
              <TableHead>
                <ColumnHeader>When</ColumnHeader>
                <ColumnHeader>Who</ColumnHeader>
                <ColumnHeader>What</ColumnHeader>
                <ColumnHeader>Before</ColumnHeader>
                <ColumnHeader>After</ColumnHeader>
              </TableHead>
              <tbody>
                {data.events.map((event) => (
                  <TableRow key={event.id}>
                    <Cell className="whitespace-nowrap">{formatDateTime(event.at)}</Cell>
                    <Cell>
                      {event.actorName ?? "The portal"}
                      {event.actorAgency ? <span className="block text-slate-600">{event.actorAgency}</span> : null}
                    </Cell>
                    <Cell>
                      <span className="font-bold">{actionLabel(event.action)}</span>
                      <span className="block text-slate-600">{event.entity}</span>
                    </Cell>
                    <Cell className="max-w-xs break-words">{describeChange(event.before)}</Cell>
                    <Cell className="max-w-xs break-words">{describeChange(event.after)}</Cell>
                  </TableRow>
                ))}
              </tbody>
            </Table>
          ) : null}
          {data.pageCount > 1 ? (
            <nav aria-label="Pages of the audit log" className="no-print flex gap-4">
              {data.page > 1 ? (
                <Link to={pageHref(data.page - 1)} className="text-brand-700 underline">
                  Previous page
                </Link>
              ) : null}
              <span>
                Page {data.page} of {data.pageCount}
              </span>
              {data.page < data.pageCount ? (
                <Link to={pageHref(data.page + 1)} className="text-brand-700 underline">
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
