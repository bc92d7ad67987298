import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { StreamWarnings } from "~/components/funding/stream-warnings";
import { Link } from "~/components/ui/link";
import { EmptyState, Figure, primaryLinkClass, secondaryLinkClass } from "~/components/funding/budget-parts";
import { ShareChart, SpentBar } from "~/components/funding/charts";
import { SuccessNotice } from "~/components/ui/notice";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { Tag } from "~/components/ui/tag";
import { ENDING_SOON_MONTHS, formatShare, RUN_OUT_WINDOW_DAYS } from "~/modules/funding/funding";
import { mayChangeInKind, mayChangeSpending, mayManageStreams, mayRecordSpendingOn } from "~/modules/funding/permissions";
import { getBudget } from "~/modules/funding/queries.server";
import { formatPence } from "~/modules/funding/money";
import { formatCalendarDate } from "~/utils/dates";
import { can } from "~/utils/policy";
import { requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Joint funding – Partnership Portal" }];

/** How many of the latest spending records the budget page lists; each stream's page has them all. */
const RECENT_SPENDING = 10;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const budget = await getBudget(access.initiativeId);
  const streams = budget.streams.map((stream) => ({ ...stream, mayRecordSpending: mayRecordSpendingOn(access, stream) }));
  return {
    initiativeId: access.initiativeId,
    role: access.membership.role,
    canManage: mayManageStreams(access),
    canRecordSpending: streams.some((s) => s.mayRecordSpending),
    streams,
    inKind: budget.inKind.map((item) => ({ ...item, mayChange: mayChangeInKind(access, item) })),
    spending: budget.spending.slice(0, RECENT_SPENDING).map((s) => ({ ...s, mayChange: mayChangeSpending(access, s) })),
    spendingCount: budget.spending.length,
    shares: budget.shares,
    committed: budget.committed,
    totals: budget.totals,
    runOut: budget.runOut,
    endingSoon: budget.endingSoon.map((s) => ({ id: s.id, name: s.name, endDate: s.endDate })),
    overspent: budget.overspent.map((s) => ({ id: s.id, name: s.name, balancePence: s.balancePence })),
  };
}

const NOTICES: Record<string, string> = {
  "stream-added": "Funding stream added",
  "stream-saved": "Funding stream saved",
  "stream-removed": "Funding stream removed",
  "in-kind-added": "In-kind contribution recorded",
  "in-kind-saved": "In-kind contribution saved",
  "in-kind-removed": "In-kind contribution removed",
};

export default function Budget() {
  const data = useLoaderData<typeof loader>();
  const { initiativeId, role, canManage, canRecordSpending, streams, inKind, spending, shares, committed, totals, runOut } = data;
  const [searchParams] = useSearchParams();
  const notice = NOTICES[searchParams.get("done") ?? ""];
  const base = `/initiatives/${initiativeId}/funding`;
  const canAddInKind = can(role, "edit_own_records");
  const empty = streams.length === 0 && inKind.length === 0;

  return (
    <div className="space-y-10">
      {notice ? <SuccessNotice title={notice} /> : null}

      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-2xl font-bold">Joint funding</h2>
          <p className="mt-1 max-w-2xl text-lg">
            The partnership&apos;s money and what each agency gives, in cash and in kind: what is spent, what is left, and when it runs out. Funding
            and resources were the main challenge the research found.
          </p>
        </div>
        <div className="no-print flex flex-wrap items-center gap-3">
          {canManage ? (
            <Link to={`${base}/streams/new`} className={primaryLinkClass}>
              Add a funding stream
            </Link>
          ) : null}
          {canRecordSpending ? (
            <Link to={`${base}/spending/new`} className={canManage ? secondaryLinkClass : primaryLinkClass}>
              Record spending
            </Link>
          ) : null}
          {canAddInKind ? (
            <Link to={`${base}/in-kind/new`} className={secondaryLinkClass}>
              Record an in-kind contribution
            </Link>
          ) : null}
        </div>
      </div>

      {empty ? (
        <EmptyState title="No funding recorded yet.">
          {canManage ? (
            <p>
              Start with the money:{" "}
              <Link to={`${base}/streams/new`} className="text-brand-700 underline">
                add a funding stream
              </Link>{" "}
              for each pot, such as each agency&apos;s part of a pooled budget, or a grant. Then record what agencies give in kind, such as staff time
              or rooms. Spending can be recorded once a stream exists.
            </p>
          ) : canAddInKind ? (
            <p>
              A lead or coordinator adds the funding streams. You can already{" "}
              <Link to={`${base}/in-kind/new`} className="text-brand-700 underline">
                record an in-kind contribution
              </Link>{" "}
              from the agency you represent, such as staff time or a room.
            </p>
          ) : (
            <p>The initiative&apos;s lead and coordinators record the budget here. There is nothing for you to do yet.</p>
          )}
        </EmptyState>
      ) : (
        <>
          <StreamWarnings endingSoon={data.endingSoon} overspent={data.overspent} base={base} canManage={canManage} />

          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Budget at a glance">
            <Figure label="Committed in all" value={formatPence(committed.totalPence)} detail="Cash and in-kind, at any status" />
            <Figure
              label="Cash budget"
              value={formatPence(totals.cashPence)}
              detail={`${streams.length} funding stream${streams.length === 1 ? "" : "s"}`}
            />
            <Figure
              label="Spent"
              value={formatPence(totals.spentPence)}
              detail={
                totals.cashPence > 0 ? (
                  <>
                    {Math.round((totals.spentPence * 100) / totals.cashPence)}% of the cash budget
                    <SpentBar spentPermille={Math.round((totals.spentPence * 1000) / totals.cashPence)} />
                  </>
                ) : undefined
              }
            />
            <Figure label="Balance" value={formatPence(totals.balancePence)} detail="Cash left to spend" warn={totals.balancePence < 0} />
          </ul>
          <div
            className={`border-l-4 bg-white p-4 ${runOut?.kind === "spent" || runOut?.kind === "runs_out" ? "border-amber-600" : "border-brand-600"}`}
          >
            <h3 className="text-slate-700">When the money runs out, at the current rate of spending</h3>
            <p className="text-2xl font-bold">{runOut ? runOut.value : "No cash yet"}</p>
            <p className="text-slate-700">{runOut ? runOut.detail : "Add a funding stream to see a date."}</p>
          </div>

          <section aria-labelledby="status-heading" className="space-y-3">
            <h3 id="status-heading" className="text-xl font-bold">
              Committed, by status
            </h3>
            <Table caption="Cash and in-kind committed, by status">
              <TableHead>
                <ColumnHeader>Status</ColumnHeader>
                <ColumnHeader numeric>Cash</ColumnHeader>
                <ColumnHeader numeric>In-kind</ColumnHeader>
                <ColumnHeader numeric>Total</ColumnHeader>
              </TableHead>
              <tbody>
                {committed.rows.map((row) => (
                  <TableRow key={row.status}>
                    <RowHeader>{row.label}</RowHeader>
                    <Cell numeric>{formatPence(row.cashPence)}</Cell>
                    <Cell numeric>{formatPence(row.inKindPence)}</Cell>
                    <Cell numeric>{formatPence(row.totalPence)}</Cell>
                  </TableRow>
                ))}
              </tbody>
              <tfoot>
                <TableRow total>
                  <RowHeader bold>All committed</RowHeader>
                  <Cell numeric>{formatPence(committed.cashPence)}</Cell>
                  <Cell numeric>{formatPence(committed.inKindPence)}</Cell>
                  <Cell numeric>{formatPence(committed.totalPence)}</Cell>
                </TableRow>
              </tfoot>
            </Table>
          </section>

          <section aria-labelledby="shares-heading" className="space-y-3">
            <h3 id="shares-heading" className="text-xl font-bold">
              Each agency&apos;s share
            </h3>
            <p className="max-w-2xl text-slate-700">
              Of everything committed, pledged money included. Outside funders are shown beside the agencies so the shares add up to 100%.
            </p>
            <div className="grid gap-6 lg:grid-cols-2">
              <ShareChart contributors={shares.contributors} totalPence={shares.totalPence} labelledBy="shares-heading" />
              <Table caption="Each contributor's cash, in-kind, total and share">
                <TableHead>
                  <ColumnHeader>Agency or funder</ColumnHeader>
                  <ColumnHeader numeric>Cash</ColumnHeader>
                  <ColumnHeader numeric>In-kind</ColumnHeader>
                  <ColumnHeader numeric>Share</ColumnHeader>
                </TableHead>
                <tbody>
                  {shares.contributors.map((c) => (
                    <TableRow key={c.key}>
                      <RowHeader>
                        {c.name}
                        {c.outsideFunder ? <span className="block text-sm text-slate-700">Outside funder</span> : null}
                      </RowHeader>
                      <Cell numeric>{formatPence(c.cashPence)}</Cell>
                      <Cell numeric>{formatPence(c.inKindPence)}</Cell>
                      <Cell numeric className="font-bold">
                        {formatShare(c.sharePermille)}
                      </Cell>
                    </TableRow>
                  ))}
                </tbody>
                <tfoot>
                  <TableRow total>
                    <RowHeader bold>All contributors</RowHeader>
                    <Cell numeric>{formatPence(shares.cashPence)}</Cell>
                    <Cell numeric>{formatPence(shares.inKindPence)}</Cell>
                    <Cell numeric>{shares.totalPence > 0 ? "100.0%" : "–"}</Cell>
                  </TableRow>
                </tfoot>
              </Table>
            </div>
          </section>

          <section aria-labelledby="streams-heading" className="space-y-3">
            <h3 id="streams-heading" className="text-xl font-bold">
              Spending against budget, by stream
            </h3>
            {streams.length === 0 ? (
              <EmptyState title="No funding streams yet.">
                <p>
                  {canManage ? (
                    <>
                      <Link to={`${base}/streams/new`} className="text-brand-700 underline">
                        Add a funding stream
                      </Link>{" "}
                      for each pot of money; spending is recorded against a stream.
                    </>
                  ) : (
                    "A lead or coordinator adds the funding streams; spending is recorded against them."
                  )}
                </p>
              </EmptyState>
            ) : (
              <Table caption="Each funding stream's total, spending, balance and projected run-out date">
                <TableHead>
                  <ColumnHeader>Stream</ColumnHeader>
                  <ColumnHeader>Period</ColumnHeader>
                  <ColumnHeader numeric>Total</ColumnHeader>
                  <ColumnHeader numeric>Spent</ColumnHeader>
                  <ColumnHeader numeric>Balance</ColumnHeader>
                  <ColumnHeader>Money runs out</ColumnHeader>
                </TableHead>
                <tbody>
                  {streams.map((s) => (
                    <TableRow key={s.id} className={s.overspent ? "bg-red-50" : s.endsSoonWithoutSuccessor ? "bg-amber-50" : ""}>
                      <RowHeader bold>
                        <Link to={`${base}/streams/${s.id}`} className="text-brand-700 underline">
                          {s.name}
                        </Link>
                        <span className="block font-normal">
                          {s.contributor}
                          {s.outsideFunder ? " (outside funder)" : ""}
                        </span>
                        <span className="block text-sm font-normal text-slate-700">
                          {s.typeLabel} · {s.statusLabel}
                          {s.conditions ? ` · ${s.conditions}` : ""}
                        </span>
                        <span className="mt-1 flex flex-wrap gap-1 font-normal">
                          {s.overspent ? <Tag tone="danger">Overspent</Tag> : null}
                          {s.endsSoonWithoutSuccessor ? <Tag tone="warn">Ends soon, no successor</Tag> : null}
                        </span>
                      </RowHeader>
                      <Cell className="text-sm">
                        {formatCalendarDate(s.startDate)} to {formatCalendarDate(s.endDate)}
                      </Cell>
                      <Cell numeric>{formatPence(s.totalPence)}</Cell>
                      <Cell numeric>
                        {formatPence(s.spentPence)}
                        <span className="block text-sm text-slate-700">{Math.round(s.spentPermille / 10)}% spent</span>
                        <span className="flex justify-end">
                          <SpentBar spentPermille={s.spentPermille} />
                        </span>
                      </Cell>
                      <Cell numeric className={s.balancePence < 0 ? "font-bold text-red-800" : ""}>
                        {formatPence(s.balancePence)}
                      </Cell>
                      <Cell>
                        <span className="font-bold">{s.runOut.value}</span>
                        <span className="block text-sm text-slate-700">{s.runOut.detail}</span>
                      </Cell>
                    </TableRow>
                  ))}
                </tbody>
                <tfoot>
                  <TableRow total>
                    <RowHeader colSpan={2} bold>
                      All streams
                    </RowHeader>
                    <Cell numeric>{formatPence(totals.cashPence)}</Cell>
                    <Cell numeric>{formatPence(totals.spentPence)}</Cell>
                    <Cell numeric>{formatPence(totals.balancePence)}</Cell>
                    <Cell>{runOut?.value}</Cell>
                  </TableRow>
                </tfoot>
              </Table>
            )}
          </section>

          <section id="in-kind" aria-labelledby="in-kind-heading" className="space-y-3">
            <h3 id="in-kind-heading" className="text-xl font-bold">
              In-kind contributions
            </h3>
            {inKind.length === 0 ? (
              <EmptyState title="No in-kind contributions recorded yet.">
                <p>
                  Staff time, rooms and equipment count towards each agency&apos;s share.{" "}
                  {canAddInKind ? (
                    <Link to={`${base}/in-kind/new`} className="text-brand-700 underline">
                      Record an in-kind contribution
                    </Link>
                  ) : (
                    "Members record their agency's contributions here."
                  )}
                </p>
              </EmptyState>
            ) : (
              <Table caption="In-kind contributions, with their value and how it was worked out">
                <TableHead>
                  <ColumnHeader>Contribution</ColumnHeader>
                  <ColumnHeader>Period</ColumnHeader>
                  <ColumnHeader numeric>Value</ColumnHeader>
                  <ColumnHeader>How it was valued</ColumnHeader>
                </TableHead>
                <tbody>
                  {inKind.map((c) => (
                    <TableRow key={c.id}>
                      <RowHeader bold>
                        {c.mayChange ? (
                          <Link to={`${base}/in-kind/${c.id}`} className="text-brand-700 underline">
                            {c.description}
                          </Link>
                        ) : (
                          c.description
                        )}
                        <span className="block font-normal">{c.agency.name}</span>
                        <span className="block text-sm font-normal text-slate-700">
                          {c.kindLabel}
                          {c.fte ? ` · ${c.fte}` : ""} · {c.statusLabel}
                        </span>
                      </RowHeader>
                      <Cell className="text-sm">
                        {formatCalendarDate(c.startDate)} to {formatCalendarDate(c.endDate)}
                      </Cell>
                      <Cell numeric>{formatPence(c.valuePence)}</Cell>
                      <Cell className="text-sm">{c.valuationMethod}</Cell>
                    </TableRow>
                  ))}
                </tbody>
              </Table>
            )}
          </section>

          <section aria-labelledby="spending-heading" className="space-y-3">
            <h3 id="spending-heading" className="text-xl font-bold">
              Latest spending
            </h3>
            {spending.length === 0 ? (
              <EmptyState title="No spending recorded yet.">
                <p>
                  {canRecordSpending ? (
                    <>
                      <Link to={`${base}/spending/new`} className="text-brand-700 underline">
                        Record spending
                      </Link>{" "}
                      as it is made, so the balance and the date the money runs out stay true.
                    </>
                  ) : (
                    "Spending is recorded against a stream by the lead, a coordinator, or a member of the agency whose stream it is."
                  )}
                </p>
              </EmptyState>
            ) : (
              <>
                <Table caption="The latest spending, newest first">
                  <TableHead>
                    <ColumnHeader>Date</ColumnHeader>
                    <ColumnHeader>What it was for</ColumnHeader>
                    <ColumnHeader>Stream</ColumnHeader>
                    <ColumnHeader numeric>Amount</ColumnHeader>
                    <ColumnHeader>Approved by</ColumnHeader>
                  </TableHead>
                  <tbody>
                    {spending.map((s) => (
                      <TableRow key={s.id}>
                        <Cell className="whitespace-nowrap">{formatCalendarDate(s.spentOn)}</Cell>
                        <RowHeader>
                          {s.mayChange ? (
                            <Link to={`${base}/spending/${s.id}`} className="text-brand-700 underline">
                              {s.description}
                            </Link>
                          ) : (
                            s.description
                          )}
                          <span className="block text-sm text-slate-700">{s.category}</span>
                        </RowHeader>
                        <Cell>
                          <Link to={`${base}/streams/${s.stream.id}`} className="text-brand-700 underline">
                            {s.stream.name}
                          </Link>
                        </Cell>
                        <Cell numeric>{formatPence(s.amountPence)}</Cell>
                        <Cell>{s.approvedBy}</Cell>
                      </TableRow>
                    ))}
                  </tbody>
                </Table>
                {data.spendingCount > spending.length ? (
                  <p className="text-slate-700">
                    The latest {spending.length} of {data.spendingCount}. Each stream&apos;s page lists all its spending, and the spending CSV has
                    every record.
                  </p>
                ) : null}
              </>
            )}
          </section>
        </>
      )}

      <section aria-labelledby="export-heading" className="no-print space-y-2">
        <h3 id="export-heading" className="text-xl font-bold">
          Download
        </h3>
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          <li>
            <a href={`${base}.csv`} download className="text-brand-700 underline">
              Funding streams and in-kind contributions (CSV)
            </a>
          </li>
          <li>
            <a href={`${base}.csv?records=spending`} download className="text-brand-700 underline">
              All spending (CSV)
            </a>
          </li>
        </ul>
        <p className="text-sm text-slate-700">Every change to the budget is kept in the initiative&apos;s audit log.</p>
      </section>

      <section aria-labelledby="method-heading" className="max-w-3xl space-y-2 border-t border-slate-300 pt-6">
        <h3 id="method-heading" className="text-xl font-bold">
          How these figures are worked out
        </h3>
        <ul className="list-disc space-y-1 pl-5">
          <li>Each stream&apos;s total is split across the financial years (April to March) of its period in proportion to the days in each.</li>
          <li>
            The rate of spending is what was spent in the last {RUN_OUT_WINDOW_DAYS} days (or since the stream started, if that is sooner), per day.
            The money runs out when the balance, spent at that rate from today, reaches nothing.
          </li>
          <li>
            Streams ending within {ENDING_SOON_MONTHS} months with no stream recorded to continue them are flagged, so there is time to find what
            replaces them.
          </li>
          <li>In-kind contributions are valued by the agency that gives them; the table says how.</li>
          <li>
            The whole budget is measured as one pot, from the first stream&apos;s start to the last one&apos;s end, though money left in a stream when
            it ends may have to be given back.
          </li>
          <li>Shares are rounded so that they add up to exactly 100%.</li>
        </ul>
      </section>
    </div>
  );
}
