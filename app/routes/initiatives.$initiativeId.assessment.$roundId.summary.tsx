import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { useEffect, useState } from "react";
import {
  AgencyTable,
  BandTag,
  BenefitsList,
  ChallengesTable,
  closedText,
  formatChange,
  formatMean,
  MergingNote,
  TrendTable,
} from "~/components/assessment/results";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { getRoundResults } from "~/modules/assessment/queries.server";
import { formatCalendarDate, formatDate } from "~/utils/dates";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Summary: ${data?.round.title ?? "self-assessment"} – Partnership Portal` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const page = await getRoundResults(access, params.roundId ?? "");
  if (!page) notFound();
  return { ...page, initiativeId: access.initiativeId, printedAt: new Date() };
}

/** One page for a meeting pack: the results in tables, printed plainly (the print stylesheet drops the page furniture). */
export default function RoundSummary() {
  const page = useLoaderData<typeof loader>();
  const { round, results } = page;
  // The print button needs script; without it, the browser's own Print does the same.
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(true), []);
  return (
    <div className="space-y-8">
      <div className="no-print flex flex-wrap items-center gap-6">
        <Link to={`/initiatives/${page.initiativeId}/assessment/${round.id}`} className="text-lg text-brand-700 underline">
          ‹ Back to the round
        </Link>
        {canPrint ? (
          <button
            type="button"
            onClick={() => window.print()}
            className="border-2 border-slate-800 bg-white px-4 py-2 text-lg font-bold hover:bg-slate-100"
          >
            Print this summary
          </button>
        ) : null}
      </div>
      <div>
        <p className="text-lg text-slate-700">Self-assessment summary</p>
        <h2 className="text-2xl font-bold">{round.title}</h2>
        <p className="mt-1">
          {round.open
            ? `Open until the end of ${formatCalendarDate(round.closesOn)}`
            : `Closed ${round.closedEarly ? "on" : "at"} ${closedText(round)}`}
          .{" "}
          {round.open
            ? `${page.submittedCount} of ${page.respondentCount} members have answered so far`
            : `${page.submittedCount} submitted ${page.submittedCount === 1 ? "response" : "responses"}`}
          ; drafts are not counted. Printed {formatDate(page.printedAt)}.
        </p>
      </div>

      {!page.visible ? (
        <p className="text-lg">
          Results are shown to everyone when the round closes, at the end of {formatCalendarDate(round.closesOn)} or sooner if the lead closes it
          early. Until then nobody sees them, not even the lead.
        </p>
      ) : !results ? (
        <p className="text-lg">
          {page.submittedCount} {page.submittedCount === 1 ? "response was" : "responses were"} submitted: too few to show results, which need at
          least {page.minimum}.
        </p>
      ) : (
        <>
          <p>
            <strong>
              {results.bands.strength} {results.bands.strength === 1 ? "strength" : "strengths"}, {results.bands.discuss} to discuss,{" "}
              {results.bands.concern} {results.bands.concern === 1 ? "concern" : "concerns"}.
            </strong>{" "}
            Means from 1 (strongly disagree) to 5 (strongly agree): 4.0 and above a strength, 3.0 to 3.9 to discuss, below 3.0 a concern. Individual
            answers are never shown. “Key” marks the factors the research stresses for {results.combination.toLowerCase()}.
          </p>

          <section aria-labelledby="summary-factors" className="space-y-2">
            <h3 id="summary-factors" className="text-xl font-bold">
              Success factors
            </h3>
            <Table size="sm" density="compact">
              <TableHead align="bottom">
                <ColumnHeader>Factor</ColumnHeader>
                <ColumnHeader numeric>Mean</ColumnHeader>
                <ColumnHeader>Band</ColumnHeader>
                <ColumnHeader>Ratings</ColumnHeader>
                <ColumnHeader>{results.previous ? `Since ${results.previous.title}` : "Change"}</ColumnHeader>
                <ColumnHeader>From the portal&apos;s records</ColumnHeader>
              </TableHead>
              <tbody>
                {results.factors.map((f) => (
                  <TableRow key={f.factorKey}>
                    <RowHeader>
                      {f.label}
                      {f.stressed ? <strong> (Key)</strong> : null}
                    </RowHeader>
                    <Cell numeric className="font-bold">
                      {formatMean(f.mean)}
                    </Cell>
                    <Cell>
                      <BandTag band={f.band} />
                    </Cell>
                    <Cell>
                      {f.spread ? `${f.spread.min} to ${f.spread.max}; ${f.rated} rated` : "none"}
                      {f.dontKnow ? `, ${f.dontKnow} don't know` : ""}
                    </Cell>
                    <Cell>{formatChange(f.change)}</Cell>
                    <Cell>
                      {f.indicator ? `${f.indicator.title}: ${f.indicator.value}.` : "–"}
                      {f.evidenceNote ? (
                        <strong className="block">
                          {f.evidenceNote.kind === "strength_but_weak_evidence"
                            ? "Rated a strength, but the records look weak."
                            : "Rated a concern, but the records look strong."}
                        </strong>
                      ) : null}
                    </Cell>
                  </TableRow>
                ))}
              </tbody>
            </Table>
            <p className="text-sm text-slate-700">
              Evidence from the records as they stood when the round closed ({formatDate(results.indicatorsAsOf)}); roles and funding as recorded
              today.
            </p>
          </section>

          <section aria-labelledby="summary-agencies" className="space-y-2">
            <h3 id="summary-agencies" className="text-xl font-bold">
              Agencies side by side
            </h3>
            <MergingNote comparison={results.comparison} />
            <AgencyTable comparison={results.comparison} caption="Each factor's mean by agency, and where agencies disagree" />
          </section>

          {results.trendRounds >= 2 ? (
            <section aria-labelledby="summary-trend" className="space-y-2">
              <h3 id="summary-trend" className="text-xl font-bold">
                Change over time
              </h3>
              <TrendTable trend={results.trend} caption="Each factor's mean round by round" />
            </section>
          ) : null}

          <section aria-labelledby="summary-challenges" className="space-y-2">
            <h3 id="summary-challenges" className="text-xl font-bold">
              Challenges, most severe first
            </h3>
            <ChallengesTable challenges={results.challenges} caption="Each challenge's severity and how many chose each level" />
          </section>

          <section aria-labelledby="summary-benefits" className="space-y-2">
            <h3 id="summary-benefits" className="text-xl font-bold">
              Benefits reported
            </h3>
            <BenefitsList benefits={results.benefits} respondents={page.submittedCount} />
          </section>
          <p className="text-sm text-slate-700">
            The success factors, challenges and benefits come from the NFER audit of 221 multi-agency initiatives in 117 local authorities; the
            wording is the portal&apos;s own.
          </p>
        </>
      )}
    </div>
  );
}
