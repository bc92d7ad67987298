import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { EmptyState, Figure, primaryLinkClass, secondaryLinkClass } from "~/components/funding/budget-parts";
import { SpentBar } from "~/components/funding/charts";
import { SuccessNotice } from "~/components/ui/notice";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { Tag } from "~/components/ui/tag";
import { mayChangeSpending, mayManageStreams, mayRecordSpendingOn } from "~/modules/funding/permissions";
import { getStream } from "~/modules/funding/queries.server";
import { formatPence } from "~/modules/funding/money";
import { financialYearLabel, formatCalendarDate } from "~/utils/dates";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.stream.name} – Joint funding – Partnership Portal` : "Page not found – Partnership Portal" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const stream = await getStream(access.initiativeId, params.streamId ?? "");
  if (!stream) notFound();
  return {
    initiativeId: access.initiativeId,
    stream: { ...stream, spending: stream.spending.map((s) => ({ ...s, mayChange: mayChangeSpending(access, s) })) },
    canManage: mayManageStreams(access),
    canRecordSpending: mayRecordSpendingOn(access, stream),
  };
}

const NOTICES: Record<string, string> = {
  "spending-recorded": "Spending recorded",
  "spending-saved": "Spending saved",
  "spending-removed": "Spending removed",
  "stream-saved": "Funding stream saved",
};

export default function StreamPage() {
  const { initiativeId, stream, canManage, canRecordSpending } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const notice = NOTICES[searchParams.get("done") ?? ""];
  const base = `/initiatives/${initiativeId}/funding`;
  return (
    <div className="space-y-8">
      {notice ? (
        <SuccessNotice title={notice}>
          <p>
            {formatPence(stream.balancePence)} is left of {formatPence(stream.totalPence)}.
          </p>
        </SuccessNotice>
      ) : null}
      <p className="no-print">
        <Link to={base} className="text-brand-700 underline">
          ‹ Back to the budget
        </Link>
      </p>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-lg text-slate-700">Funding stream</p>
          <h2 className="text-2xl font-bold">{stream.name}</h2>
          <p className="mt-2 flex flex-wrap gap-2">
            <Tag tone="plain">{stream.typeLabel}</Tag>
            <Tag tone="info">{stream.statusLabel}</Tag>
            {stream.overspent ? <Tag tone="danger">Overspent</Tag> : null}
            {stream.endsSoonWithoutSuccessor ? <Tag tone="warn">Ends soon, no successor</Tag> : null}
          </p>
        </div>
        <div className="no-print flex flex-wrap items-center gap-3">
          {canRecordSpending ? (
            <Link to={`${base}/spending/new?stream=${stream.id}`} className={primaryLinkClass}>
              Record spending
            </Link>
          ) : null}
          {canManage ? (
            <Link to={`${base}/streams/${stream.id}/edit`} className={secondaryLinkClass}>
              Change this stream
            </Link>
          ) : null}
        </div>
      </div>

      {stream.endsSoonWithoutSuccessor ? (
        <p className="border-l-4 border-amber-600 bg-amber-50 p-4 text-lg">
          <span aria-hidden="true">⚠ </span>
          This stream ends on {formatCalendarDate(stream.endDate)} and nothing is recorded to continue it. Agree what replaces it, then{" "}
          {canManage ? "change this stream to record" : "ask the lead or a coordinator to record"} that stream as its successor.
        </p>
      ) : null}
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="This stream at a glance">
        <Figure label="Total" value={formatPence(stream.totalPence)} />
        <Figure
          label="Spent"
          value={formatPence(stream.spentPence)}
          detail={
            <>
              {Math.round(stream.spentPermille / 10)}% of the total
              <SpentBar spentPermille={stream.spentPermille} />
            </>
          }
        />
        <Figure label="Balance" value={formatPence(stream.balancePence)} warn={stream.balancePence < 0} />
        <Figure
          label="The money runs out"
          value={stream.runOut.value}
          detail={stream.runOut.detail}
          warn={stream.runOut.kind === "spent" || stream.runOut.kind === "runs_out"}
        />
      </ul>

      <section aria-labelledby="details-heading" className="border border-slate-300 bg-white p-5">
        <h3 id="details-heading" className="mb-3 text-xl font-bold">
          Details
        </h3>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
          <dt className="font-bold">From</dt>
          <dd>
            {stream.contributor}
            {stream.outsideFunder ? " (outside funder)" : ""}
          </dd>
          <dt className="font-bold">Period</dt>
          <dd>
            {formatCalendarDate(stream.startDate)} to {formatCalendarDate(stream.endDate)}
          </dd>
          <dt className="font-bold">Conditions</dt>
          <dd>{stream.conditions ?? "None: not ring-fenced"}</dd>
          {stream.predecessor ? (
            <>
              <dt className="font-bold">Continues</dt>
              <dd>
                <Link to={`${base}/streams/${stream.predecessor.id}`} className="text-brand-700 underline">
                  {stream.predecessor.name}
                </Link>
              </dd>
            </>
          ) : null}
          <dt className="font-bold">Continued by</dt>
          <dd>
            {stream.successor ? (
              <Link to={`${base}/streams/${stream.successor.id}`} className="text-brand-700 underline">
                {stream.successor.name}
              </Link>
            ) : (
              "Nothing recorded yet"
            )}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="years-heading" className="space-y-2">
        <h3 id="years-heading" className="text-xl font-bold">
          By financial year
        </h3>
        <Table caption="The stream's amount in each financial year" width="fit">
          <TableHead>
            <ColumnHeader>Financial year</ColumnHeader>
            <ColumnHeader numeric>Amount</ColumnHeader>
          </TableHead>
          <tbody>
            {stream.amounts.map((a) => (
              <TableRow key={a.financialYear}>
                <RowHeader>{financialYearLabel(a.financialYear)}</RowHeader>
                <Cell numeric>{formatPence(a.amountPence)}</Cell>
              </TableRow>
            ))}
          </tbody>
        </Table>
        <p className="text-sm text-slate-700">
          The total is split across the financial years (April to March) in proportion to the days of the period in each.
        </p>
      </section>

      <section aria-labelledby="spending-heading" className="space-y-3">
        <h3 id="spending-heading" className="text-xl font-bold">
          Spending
        </h3>
        {stream.spending.length === 0 ? (
          <EmptyState title="No spending recorded against this stream yet.">
            <p>
              {canRecordSpending ? (
                <>
                  <Link to={`${base}/spending/new?stream=${stream.id}`} className="text-brand-700 underline">
                    Record spending
                  </Link>{" "}
                  as it is made; the balance and the date the money runs out follow from it.
                </>
              ) : (
                "The lead, a coordinator or a member of the contributing agency records spending here."
              )}
            </p>
          </EmptyState>
        ) : (
          <Table caption="Spending against this stream, newest first">
            <TableHead>
              <ColumnHeader>Date</ColumnHeader>
              <ColumnHeader>What it was for</ColumnHeader>
              <ColumnHeader numeric>Amount</ColumnHeader>
              <ColumnHeader>Approved by</ColumnHeader>
              <ColumnHeader className="whitespace-nowrap">Recorded by</ColumnHeader>
              <ColumnHeader>
                <span className="sr-only">Actions</span>
              </ColumnHeader>
            </TableHead>
            <tbody>
              {stream.spending.map((s) => (
                <TableRow key={s.id}>
                  <Cell className="whitespace-nowrap">{formatCalendarDate(s.spentOn)}</Cell>
                  <RowHeader>
                    {s.description}
                    <span className="block text-sm text-slate-700">{s.category}</span>
                  </RowHeader>
                  <Cell numeric>{formatPence(s.amountPence)}</Cell>
                  <Cell>{s.approvedBy}</Cell>
                  <Cell>{s.recordedBy}</Cell>
                  <Cell className="no-print whitespace-nowrap">
                    {s.mayChange ? (
                      <>
                        <Link to={`${base}/spending/${s.id}`} className="text-brand-700 underline">
                          Change
                          <span className="sr-only">
                            {" "}
                            the spending of {formatCalendarDate(s.spentOn)}: {s.description}
                          </span>
                        </Link>
                        {" · "}
                        <Link to={`${base}/spending/${s.id}/delete`} className="text-red-700 underline">
                          Remove
                          <span className="sr-only">
                            {" "}
                            the spending of {formatCalendarDate(s.spentOn)}: {s.description}
                          </span>
                        </Link>
                      </>
                    ) : null}
                  </Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      {canManage ? (
        <p className="no-print border-t border-slate-300 pt-6">
          <Link to={`${base}/streams/${stream.id}/delete`} className="text-lg text-red-700 underline">
            Remove this funding stream
          </Link>
        </p>
      ) : null}
    </div>
  );
}
