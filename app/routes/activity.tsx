import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { useEffect, useRef } from "react";
import { PageHeading } from "~/components/ui/page-heading";
import { StatusTag } from "~/components/ui/badges";
import { CountTableView } from "~/components/activity/count-table";
import { FilterForm } from "~/components/activity/filter-form";
import { BandLegend, BandTag } from "~/components/assessment/results";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { loadActivity, parseActivityFilters } from "~/modules/activity/queries.server";
import { formatPence } from "~/modules/funding/money";
import { requireActivityAuditor } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Audit of activity – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActivityAuditor(request);
  const { filters, errors, raw, targetGroups } = await parseActivityFilters(new URL(request.url).searchParams);
  // Bad filters are explained, and nothing is shown in place of what was asked for.
  const found = filters ? await loadActivity(filters) : null;
  // Only what the page shows (the CSV download has the rest); each initiative's members in one
  // sentence, not an object per agency.
  const activity = found && {
    ...found,
    health: found.health.map((h) => ({
      id: h.id,
      name: h.name,
      status: h.status,
      combination: h.combination,
      members: membersByAgency(h.members),
      meetingsLastYear: h.meetingsLastYear,
      cashPence: h.cashPence,
      monthsLeft: h.monthsLeft,
      runOut: h.runOut,
      assessment: h.assessment,
    })),
    factors: found.factors.map((f) => ({ key: f.key, label: f.label, mean: f.mean, band: f.band, byCombination: f.byCombination })),
  };
  return { activity, errors, raw, targetGroups, filtered: Object.values(raw).some(Boolean) };
}

function membersByAgency(members: Array<{ agency: string; count: number }>) {
  return members.length === 0 ? "No members" : members.map((m) => `${m.agency} (${m.count})`).join(", ");
}

export default function ActivityAudit() {
  const { activity, errors, raw, targetGroups, filtered } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const csvHref = (table: string) => {
    const params = new URLSearchParams(search);
    params.delete("page");
    params.set("table", table);
    return `/activity.csv?${params.toString()}`;
  };
  /** The same filters on another page of the list, scrolled to the list. */
  const pageHref = (page: number) => {
    const params = new URLSearchParams(search);
    if (page === 1) params.delete("page");
    else params.set("page", String(page));
    return `/activity${params.size ? `?${params.toString()}` : ""}#initiatives`;
  };
  return (
    <div className="space-y-10">
      <div>
        <PageHeading caption="Across every initiative in the portal">Audit of activity</PageHeading>
        <p className="max-w-3xl text-lg">
          What multi-agency work is going on, with whom, and how it is doing: the picture the NFER audit gathered by survey, kept current from the
          portal’s own records. No individual’s answers are shown anywhere here.
        </p>
      </div>

      <FilterForm raw={raw} errors={errors} targetGroups={targetGroups} filtered={filtered} firstPageHref={pageHref(1)} />

      {activity === null ? null : activity.total === 0 ? (
        <p className="border border-dashed border-slate-400 bg-white p-5 text-lg">
          {filtered ? (
            "No initiative matches these filters."
          ) : (
            <>
              There are no initiatives in the portal yet. Each appears here, with its counts, health and self-assessment, as soon as someone creates
              one.{" "}
              <Link to="/initiatives/new" className="text-brand-700 underline">
                Create an initiative
              </Link>
            </>
          )}
        </p>
      ) : (
        <>
          <p className="text-xl font-bold" role="status">
            {activity.total} initiative{activity.total === 1 ? "" : "s"}
            {filtered ? " match the filters" : " in the portal"}
          </p>
          <div className="grid gap-6 lg:grid-cols-2">
            {activity.tables.map((table) => (
              <CountTableView key={table.id} table={table} total={activity.total} csvHref={csvHref(table.id)} />
            ))}
          </div>
          <InitiativesAtAGlance activity={activity} csvHref={csvHref("initiatives")} pageHref={pageHref} />
          <AssessmentAcross activity={activity} csvHref={csvHref} />
        </>
      )}
    </div>
  );
}

/** The line of each initiative, a page at a time, with the pages to move between. */
function InitiativesAtAGlance({ activity, csvHref, pageHref }: { activity: Activity; csvHref: string; pageHref: (page: number) => string }) {
  const { page, total } = activity;
  const showing = useRef<HTMLParagraphElement>(null);
  const shownPage = useRef(page.number);
  useEffect(() => {
    // Another page was chosen without a full reload: say which initiatives are shown now, where
    // a keyboard or screen reader user is (the link they followed may be gone).
    if (shownPage.current !== page.number) showing.current?.focus();
    shownPage.current = page.number;
  }, [page.number]);
  const plural = total === 1 ? "initiative" : "initiatives";
  return (
    <section id="initiatives" aria-labelledby="health-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h2 id="health-heading" className="text-2xl font-bold">
          Each initiative at a glance
        </h2>
        <a href={csvHref} className="text-brand-700 underline" download>
          Download as CSV
        </a>
      </div>
      {page.pastTheEnd ? (
        <div className="border border-dashed border-slate-400 bg-white p-5 text-lg">
          <p ref={showing} tabIndex={-1}>
            There is no page {page.number}: the {total} {plural} fit on {page.count} page{page.count === 1 ? "" : "s"}.
          </p>
          <p>
            <Link to={pageHref(page.count)} className="text-brand-700 underline">
              Go to the last page
            </Link>
          </p>
        </div>
      ) : (
        <>
          <p ref={showing} tabIndex={-1}>
            Showing {page.first}–{page.last} of {total} {plural}, in name order.
            {page.count > 1 ? " The download has all of them, not just this page." : ""}
          </p>
          <Table caption="Each initiative: members by agency, meetings, budget" size="base">
            <TableHead>
              <ColumnHeader>Initiative</ColumnHeader>
              <ColumnHeader>Members by agency</ColumnHeader>
              <ColumnHeader numeric>Meetings in the last 12 months</ColumnHeader>
              <ColumnHeader numeric>Cash budget</ColumnHeader>
              <ColumnHeader>Funding left</ColumnHeader>
              <ColumnHeader>Latest self-assessment</ColumnHeader>
            </TableHead>
            <tbody>
              {activity.health.map((h) => (
                <TableRow key={h.id}>
                  <RowHeader>
                    <span className="block font-bold">{h.name}</span>
                    <span className="block text-sm text-slate-700">{h.combination}</span>
                    <StatusTag status={h.status} />
                  </RowHeader>
                  <Cell>{h.members}</Cell>
                  <Cell numeric className={h.meetingsLastYear === 0 ? "font-bold text-red-800" : ""}>
                    {h.meetingsLastYear}
                  </Cell>
                  <Cell numeric>{h.cashPence > 0 ? formatPence(h.cashPence) : "None recorded"}</Cell>
                  <Cell className={h.monthsLeft !== null && h.monthsLeft < 6 ? "font-bold text-red-800" : ""}>
                    {h.monthsLeft === null ? (
                      (h.runOut ?? "No funding recorded")
                    ) : (
                      <>
                        {`${h.monthsLeft} month${h.monthsLeft === 1 ? "" : "s"}`}
                        <span className="block text-sm text-slate-700">{h.runOut}</span>
                      </>
                    )}
                  </Cell>
                  <Cell>
                    {h.assessment ? (
                      <>
                        <span className="block text-sm text-slate-700">{h.assessment.title}</span>
                        {`${h.assessment.bands.strength} strengths, ${h.assessment.bands.discuss} to discuss, `}
                        <span className={h.assessment.bands.concern ? "font-bold text-red-800" : ""}>{`${h.assessment.bands.concern} concerns`}</span>
                      </>
                    ) : (
                      "None closed yet"
                    )}
                  </Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
          {page.count > 1 ? (
            <nav aria-label="Pages of the list of initiatives" className="flex flex-wrap items-baseline gap-6 text-lg">
              {page.number > 1 ? (
                <Link to={pageHref(page.number - 1)} rel="prev" className="text-brand-700 underline">
                  Previous page
                </Link>
              ) : null}
              <span>
                Page {page.number} of {page.count}
              </span>
              {page.number < page.count ? (
                <Link to={pageHref(page.number + 1)} rel="next" className="text-brand-700 underline">
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}

type Activity = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["activity"]>;

/** The success factors, challenges and benefits across initiatives: aggregates of closed rounds only. */
function AssessmentAcross({ activity, csvHref }: { activity: Activity; csvHref: (table: string) => string }) {
  if (activity.assessedCount === 0) {
    return (
      <section aria-labelledby="factors-heading" className="space-y-2">
        <h2 id="factors-heading" className="text-2xl font-bold">
          Success factors across initiatives
        </h2>
        <p className="border border-dashed border-slate-400 bg-white p-5 text-lg">
          No initiative here has a closed self-assessment round with at least three responses yet. Results appear once rounds close.
        </p>
      </section>
    );
  }
  return (
    <>
      <section aria-labelledby="factors-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-4">
          <h2 id="factors-heading" className="text-2xl font-bold">
            Success factors across initiatives
          </h2>
          <a href={csvHref("factors")} className="text-brand-700 underline" download aria-label="Download the success factors as CSV">
            Download as CSV
          </a>
        </div>
        <p className="max-w-3xl text-lg">
          From the latest closed self-assessment of each of {activity.assessedCount} initiative{activity.assessedCount === 1 ? "" : "s"}: each
          initiative counts once, whatever its size; no one’s own answers are used beyond their initiative’s average. <strong>Key</strong> marks the
          factors the study stressed for that combination of agencies, so you can see whether its pattern holds here.
        </p>
        <BandLegend />
        <Table caption="Mean rating of each success factor, overall and by agency combination" size="base">
          <TableHead>
            <ColumnHeader>Success factor</ColumnHeader>
            <ColumnHeader>All ({activity.assessedCount})</ColumnHeader>
            {activity.combinations.map((c) => (
              <ColumnHeader key={c.key}>
                {c.label} ({c.initiatives})
              </ColumnHeader>
            ))}
          </TableHead>
          <tbody>
            {activity.factors.map((f) => (
              <TableRow key={f.key}>
                <RowHeader>{f.label}</RowHeader>
                <Cell>
                  <span className="mr-2 font-bold">{f.mean?.toFixed(1) ?? "–"}</span>
                  <BandTag band={f.band} />
                </Cell>
                {activity.combinations.map((c) => {
                  const cell = f.byCombination[c.key];
                  return (
                    <Cell key={c.key}>
                      {cell?.mean?.toFixed(1) ?? "–"}
                      {cell?.stressed ? <strong className="ml-2 bg-amber-100 px-1 text-sm text-amber-900">Key</strong> : null}
                    </Cell>
                  );
                })}
              </TableRow>
            ))}
          </tbody>
        </Table>
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="challenges-heading" className="space-y-2 border border-slate-300 bg-white p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-3">
            <h2 id="challenges-heading" className="text-xl font-bold">
              Challenges
            </h2>
            <a href={csvHref("challenges")} className="text-brand-700 underline" download aria-label="Download the challenges as CSV">
              CSV
            </a>
          </div>
          <Table background={false} size="base" density="inline">
            <TableHead>
              <ColumnHeader>Challenge</ColumnHeader>
              <ColumnHeader numeric>Initiatives rating it significant or major</ColumnHeader>
              <ColumnHeader numeric>Mean severity (0–3)</ColumnHeader>
            </TableHead>
            <tbody>
              {activity.challenges.map((c) => (
                <TableRow key={c.key}>
                  <RowHeader>{c.label}</RowHeader>
                  <Cell numeric>
                    {c.serious} of {c.initiatives}
                  </Cell>
                  <Cell numeric>{c.score?.toFixed(1) ?? "–"}</Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
        </section>
        <section aria-labelledby="benefits-heading" className="space-y-2 border border-slate-300 bg-white p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-3">
            <h2 id="benefits-heading" className="text-xl font-bold">
              Benefits reported
            </h2>
            <a href={csvHref("benefits")} className="text-brand-700 underline" download aria-label="Download the benefits as CSV">
              CSV
            </a>
          </div>
          <Table background={false} size="base" density="inline">
            <TableHead>
              <ColumnHeader>Benefit</ColumnHeader>
              <ColumnHeader numeric>Initiatives</ColumnHeader>
              <ColumnHeader numeric>Members</ColumnHeader>
            </TableHead>
            <tbody>
              {activity.benefits.map((b) => (
                <TableRow key={b.key}>
                  <RowHeader>{b.label}</RowHeader>
                  <Cell numeric>
                    {b.initiatives} of {activity.assessedCount}
                  </Cell>
                  <Cell numeric>{b.respondents}</Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
        </section>
      </div>
    </>
  );
}
