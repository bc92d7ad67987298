import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { Tag } from "~/components/ui/tag";
import { cadenceSummary } from "~/modules/meetings/cadence";
import { listMeetings } from "~/modules/meetings/queries.server";
import { MEETING_TYPES } from "~/modules/meetings/schema";
import { formatDateTime } from "~/utils/dates";
import { can } from "~/utils/policy";
import { requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Meetings – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const meetings = await listMeetings(access.initiativeId);
  return { ...meetings, summary: cadenceSummary(meetings.cadence), canEdit: can(access.membership.role, "edit_records") };
}

const typeLabel = (type: string) => MEETING_TYPES.find((t) => t.key === type)?.label ?? type;

export default function Meetings() {
  const { upcoming, past, cadence, summary, canEdit } = useLoaderData<typeof loader>();
  const most = Math.max(1, ...cadence.map((m) => m.held));
  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-2xl font-bold">Meetings</h2>
          <p className="mt-1 max-w-2xl text-lg">
            Regular professional meetings for strategic planning were one of the factors behind successful partnerships that the research found.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          {canEdit ? (
            <Link to="new" className="bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800">
              Schedule a meeting
            </Link>
          ) : null}
          <Link to="../actions" relative="path" className="text-brand-700 underline">
            Actions and decisions
          </Link>
          <Link to="/calendar" className="text-brand-700 underline">
            Add meetings to your calendar
          </Link>
        </div>
      </div>

      <section aria-labelledby="upcoming-heading">
        <h3 id="upcoming-heading" className="mb-3 text-xl font-bold">
          Coming up
        </h3>
        {upcoming.length === 0 ? (
          <p className="border-l-4 border-brand-600 bg-white p-5 text-lg">
            No meetings scheduled.{" "}
            {canEdit ? "Schedule the next strategic meeting, or a repeating series." : "The lead or coordinator schedules them."}
          </p>
        ) : (
          <MeetingTable meetings={upcoming} />
        )}
      </section>

      <section aria-labelledby="cadence-heading" className="space-y-3">
        <h3 id="cadence-heading" className="text-xl font-bold">
          The last 12 months
        </h3>
        <p>
          {summary.held} meeting{summary.held === 1 ? "" : "s"} held ({summary.perQuarter} a quarter on average); {summary.withEveryAgency} with every
          agency present.
        </p>
        <div aria-hidden="true" className="flex h-40 items-end gap-1 border-b-2 border-slate-800 bg-white p-2">
          {cadence.map((month) => (
            <div key={month.month} className="flex h-full flex-1 flex-col items-center justify-end gap-1">
              <div className="flex w-full max-w-10 flex-col justify-end" style={{ height: `calc((100% - 1.25rem) * ${month.held / most})` }}>
                <div className="bg-brand-700" style={{ height: `${month.held ? ((month.held - month.withEveryAgency) / month.held) * 100 : 0}%` }} />
                <div className="bg-green-600" style={{ height: `${month.held ? (month.withEveryAgency / month.held) * 100 : 0}%` }} />
              </div>
              <span className="text-xs">{month.label.split(" ")[0]}</span>
            </div>
          ))}
        </div>
        <p className="text-sm text-slate-700">
          <span className="mr-1 inline-block size-3 bg-green-600" aria-hidden="true" /> every agency present
          <span className="ml-4 mr-1 inline-block size-3 bg-brand-700" aria-hidden="true" /> some agencies missing or attendance not recorded
        </p>
        <details>
          <summary className="cursor-pointer text-brand-700 underline">The figures as a table</summary>
          <Table width="fit" className="mt-2">
            <TableHead>
              <ColumnHeader>Month</ColumnHeader>
              <ColumnHeader numeric>Meetings held</ColumnHeader>
              <ColumnHeader numeric>With every agency present</ColumnHeader>
            </TableHead>
            <tbody>
              {cadence.map((month) => (
                <TableRow key={month.month}>
                  <RowHeader>{month.label}</RowHeader>
                  <Cell numeric>{month.held}</Cell>
                  <Cell numeric>{month.withEveryAgency}</Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
        </details>
      </section>

      <section aria-labelledby="past-heading">
        <h3 id="past-heading" className="mb-3 text-xl font-bold">
          Past meetings
        </h3>
        {past.length === 0 ? <p className="text-lg">No past meetings yet.</p> : <MeetingTable meetings={past} past />}
      </section>
    </div>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];

function MeetingTable({ meetings, past }: { meetings: Row[]; past?: boolean }) {
  return (
    <Table>
      <TableHead>
        <ColumnHeader>Meeting</ColumnHeader>
        <ColumnHeader>When (UK time)</ColumnHeader>
        <ColumnHeader>Where</ColumnHeader>
        <ColumnHeader>{past ? "Attendance and minutes" : "Agenda"}</ColumnHeader>
      </TableHead>
      <tbody>
        {meetings.map((m) => (
          <TableRow key={m.id}>
            <RowHeader bold>
              <Link to={m.id} className="text-brand-700 underline">
                {m.title}
              </Link>
              <span className="block text-sm font-normal text-slate-600">
                {typeLabel(m.type)}
                {m.recurrence ? ` · ${m.recurrence}` : ""}
              </span>
              {m.status === "cancelled" ? <Tag className="mt-1">Cancelled</Tag> : null}
            </RowHeader>
            <Cell>{formatDateTime(m.startsAt)}</Cell>
            <Cell>{m.location ?? (m.onlineLink ? "Online" : "Not set")}</Cell>
            <Cell>
              {past
                ? `${m.attendanceRecorded ? `${m.agenciesPresent} of ${m.agenciesTotal} agencies present` : "Attendance not recorded"}; minutes ${m.minutesStatus === "none" ? "not written" : m.minutesStatus === "draft" ? "in draft" : "approved"}`
                : `${m.agendaItems} item${m.agendaItems === 1 ? "" : "s"}`}
            </Cell>
          </TableRow>
        ))}
      </tbody>
    </Table>
  );
}
