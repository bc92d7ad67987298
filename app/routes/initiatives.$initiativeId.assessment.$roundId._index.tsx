import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { ConcernActionForm, ConcernActionLink } from "~/components/assessment/concern-action-form";
import {
  AgencyChart,
  AgencyTable,
  BandLegend,
  BandTag,
  BenefitsList,
  ChallengesTable,
  closedText,
  formatChange,
  formatMean,
  IndicatorBox,
  MergingNote,
  Section,
  StressedTag,
  TrendTable,
} from "~/components/assessment/results";
import { EmptyState, Figure, primaryLinkClass, secondaryLinkClass } from "~/components/funding/budget-parts";
import { ReminderNotice, WhoSeesWhat } from "~/components/assessment/privacy";
import { ProblemNotice, SuccessNotice } from "~/components/ui/notice";
import { createConcernAction, sendReminder } from "~/modules/assessment/commands.server";
import { getRoundResults, listActionOwners } from "~/modules/assessment/queries.server";
import { ConcernActionSchema } from "~/modules/assessment/schema";
import { SUCCESS_FACTORS, type SuccessFactor } from "~/modules/study/study";
import { addDays, calendarToday, formatCalendarDate, formatDate, formatDateTime, toCalendarDateString } from "~/utils/dates";
import { notFound, notFoundBecause, requireAllowed, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? data.round.title : "Self-assessment"} – Partnership Portal` }];

/** The results come in four views, one at a time (`?view=`): a page a reader can take in, and a lighter page to send. */
const VIEWS = [
  { key: "factors", label: "Each success factor" },
  { key: "agencies", label: "Agencies side by side" },
  { key: "trend", label: "Change over time" },
  { key: "challenges", label: "Challenges and benefits" },
] as const;
type View = (typeof VIEWS)[number]["key"];
const isView = (value: string): value is View => VIEWS.some((v) => v.key === value);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const url = new URL(request.url);
  const view = url.searchParams.get("view") ?? "factors";
  // The concern whose "Create an action" form is open, if any (its link adds `?action=`).
  const actionFor = url.searchParams.get("action");
  if (!isView(view)) {
    const views = VIEWS.map((v) => v.label.toLowerCase()).join(", ");
    notFoundBecause(`That view of the results does not exist. The views are: ${views}.`);
  }
  const page = await getRoundResults(access, params.roundId ?? "");
  if (!page) notFound();
  const mayCreateActions = view === "factors" && page.mayManage && page.results !== null && actionFor !== null;
  return {
    ...page,
    actionFor: mayCreateActions ? actionFor : null,
    results: page.results && resultsFor(view, page.results),
    view,
    initiativeId: access.initiativeId,
    owners: mayCreateActions ? await listActionOwners(access.initiativeId) : [],
    defaultDueDate: toCalendarDateString(addDays(calendarToday(), 28)),
  };
}

type RoundResults = NonNullable<NonNullable<Awaited<ReturnType<typeof getRoundResults>>>["results"]>;

/** What one view shows, and the concerns every view links to: the other views' parts are not sent. */
function resultsFor(view: View, results: RoundResults) {
  return {
    ...results,
    concerns: results.factors.filter((f) => f.band === "concern").map((f) => ({ factorKey: f.factorKey, label: f.label })),
    // The framework's wording of each factor is the page's own (FACTOR_WORDING), not sent with every view.
    factors: view === "factors" ? results.factors.map(({ statement: _statement, whyItMatters: _why, ...factor }) => factor) : [],
    comparison: view === "agencies" ? results.comparison : null,
    trend: view === "trend" ? results.trend : [],
    challenges: view === "challenges" ? results.challenges : [],
    benefits: view === "challenges" ? results.benefits : [],
  };
}

/** Each success factor's statement and why it matters, by key. */
const FACTOR_WORDING = new Map<string, SuccessFactor>(SUCCESS_FACTORS.map((factor) => [factor.key, factor]));

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const formData = await request.formData();
  if (formData.get("intent") === "remind") {
    await requireAllowed(request, access, "manage_assessments");
    const result = await sendReminder(access, params.roundId ?? "");
    if (!result.ok) return data({ reminderRefused: result.message }, { status: 400 });
    return redirect(`/initiatives/${access.initiativeId}/assessment/${params.roundId}?done=reminded&count=${result.reminded}`);
  }
  if (formData.get("intent") === "create-action") await requireAllowed(request, access, "manage_assessments");
  const submission = parseWithZod(formData, { schema: ConcernActionSchema });
  const factorKey = String(formData.get("factorKey") ?? "");
  if (submission.status !== "success") return data({ factorKey, reply: submission.reply() }, { status: 400 });
  const result = await createConcernAction(access, params.roundId ?? "", submission.value);
  if (!result.ok) {
    return data({ factorKey, reply: submission.reply(refusalErrors(result, "title")) }, { status: 400 });
  }
  const query = new URLSearchParams({ done: "action", title: submission.value.title });
  return redirect(`/initiatives/${access.initiativeId}/assessment/${params.roundId}?${query}#${submission.value.factorKey}`);
}

const NOTICES: Record<string, string> = {
  opened: "Round opened. Every member has been told in the updates feed.",
  draft: "Draft saved. It is not counted until you submit it.",
  submitted: "Thank you: your response is submitted.",
  changed: "Your changes are saved.",
  closed: "The round is closed. Everyone can now see the results.",
};

/** The success notice after the lead's reminder: how many were reminded, never who. */
function remindedNotice(count: number) {
  return `Reminder sent. ${count} ${count === 1 ? "member who has" : "members who have"} not answered will see it on the initiative's overview and on this page until they answer or the round closes.`;
}

export default function Round() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const { round, results, initiativeId } = page;
  const base = `/initiatives/${initiativeId}/assessment/${round.id}`;
  const done = searchParams.get("done") ?? "";
  const notice =
    done === "action"
      ? `Action created: “${searchParams.get("title") ?? ""}”.`
      : done === "reminded"
        ? remindedNotice(Number(searchParams.get("count") ?? 0))
        : NOTICES[done];
  const reminderRefused = actionData && "reminderRefused" in actionData ? actionData.reminderRefused : null;
  const concernAction = actionData && "factorKey" in actionData ? actionData : null;

  const respondLabel =
    page.myResponse === "submitted" ? "Change your answers" : page.myResponse === "draft" ? "Continue your draft" : "Answer the self-assessment";
  return (
    <div className="space-y-10">
      {notice ? (
        <SuccessNotice title={notice}>
          {done === "action" ? (
            <p>
              It is on the{" "}
              <Link to={`/initiatives/${initiativeId}/actions`} className="text-brand-700 underline">
                Actions page
              </Link>
              .
            </p>
          ) : null}
        </SuccessNotice>
      ) : null}
      {reminderRefused ? (
        <ProblemNotice title="The reminder was not sent">
          <p>{reminderRefused}</p>
        </ProblemNotice>
      ) : null}
      {page.reminder ? <ReminderNotice reminder={page.reminder} initiativeId={initiativeId} draft={page.myResponse === "draft"} /> : null}

      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-lg text-slate-700">
            <Link to={`/initiatives/${initiativeId}/assessment`} className="text-brand-700 underline">
              Self-assessment
            </Link>
          </p>
          <h2 className="text-2xl font-bold">{round.title}</h2>
          <p className="mt-1 text-lg">
            {round.open ? (
              <>
                <strong>Open</strong> until the end of {formatCalendarDate(round.closesOn)} (UK time).
              </>
            ) : (
              <>
                <strong>Closed</strong> {round.closedEarly ? `on ${closedText(round)}, early, by the lead` : `at ${closedText(round)}`}.
              </>
            )}{" "}
            Opened by {round.createdBy.name} on {formatDate(round.createdAt)}.
          </p>
        </div>
        <div className="no-print flex flex-wrap items-center gap-3">
          {round.open && page.mayRespond ? (
            <Link to="respond" className={primaryLinkClass}>
              {respondLabel}
            </Link>
          ) : null}
          {round.open && page.mayManage ? (
            <Link to="close" className={secondaryLinkClass}>
              Close this round early
            </Link>
          ) : null}
          {results ? (
            <Link to="summary" className={secondaryLinkClass}>
              Printable summary
            </Link>
          ) : null}
        </div>
      </div>

      <Progress page={page} />

      {round.open ? (
        <EmptyState title="Results are shown when the round closes, to everyone at once.">
          <p>
            Until the end of {formatCalendarDate(round.closesOn)}, or until the lead closes the round early, nobody sees any results, not even the
            lead: a figure that moved when one person answered would show what they said.
          </p>
        </EmptyState>
      ) : !page.enough ? (
        <EmptyState
          title={`${page.submittedCount} ${page.submittedCount === 1 ? "response was" : "responses were"} submitted: too few to show results.`}
        >
          <p>Results are shown only when at least {page.minimum} members have answered, so that nobody&apos;s answers can be picked out.</p>
        </EmptyState>
      ) : results ? (
        <Results page={page} results={results} actionData={concernAction} pending={navigation.state !== "idle"} csvBase={`${base}.csv`} />
      ) : null}

      <div className="no-print">
        <WhoSeesWhat />
      </div>
    </div>
  );
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;
type LoadedResults = NonNullable<Page["results"]>;

function Progress({ page }: { page: Page }) {
  const { round } = page;
  const own =
    page.mayRespond && round.open
      ? page.myResponse === "submitted"
        ? " You have answered."
        : page.myResponse === "draft"
          ? " Your draft is not submitted yet."
          : " You have not answered yet."
      : round.open && !page.mayRespond
        ? " Observers do not answer; you will see the results when the round closes."
        : "";
  return (
    <section aria-labelledby="progress-heading" className="space-y-3">
      <h3 id="progress-heading" className="sr-only">
        Responses
      </h3>
      <p className="text-lg">
        {round.open ? (
          <strong>
            {page.submittedCount} of {page.respondentCount} {page.respondentCount === 1 ? "member has" : "members have"} answered so far.
          </strong>
        ) : (
          <strong>
            {page.submittedCount} {page.submittedCount === 1 ? "response" : "responses"} submitted.
          </strong>
        )}{" "}
        Only submitted answers count; drafts do not.{own}
      </p>
      {page.reminding ? <RemindForm reminding={page.reminding} everyoneAnswered={page.submittedCount >= page.respondentCount} /> : null}
    </section>
  );
}

/** The lead's one button while a round is open: remind everyone who has not answered, without learning who they are. */
function RemindForm({ reminding, everyoneAnswered }: { reminding: NonNullable<Page["reminding"]>; everyoneAnswered: boolean }) {
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formData?.get("intent") === "remind";
  if (everyoneAnswered) return <p className="text-lg">Everyone who can answer has answered.</p>;
  return (
    <div className="no-print max-w-3xl space-y-3 border border-slate-300 bg-white p-4">
      <p className="text-lg">
        Remind those who have not answered: each of them sees a reminder from you on the initiative&apos;s overview and on this page until they answer
        or the round closes. You are not shown who they are. One reminder can be sent a day.
      </p>
      {reminding.last ? (
        <p>
          Last reminder sent on {formatDateTime(reminding.last.sentAt)} by {reminding.last.sentByName}.
          {reminding.nextFrom ? ` The next can be sent from ${formatDateTime(reminding.nextFrom)}.` : ""}
        </p>
      ) : null}
      {reminding.nextFrom ? null : (
        <Form method="post" preventScrollReset>
          <button
            type="submit"
            name="intent"
            value="remind"
            aria-disabled={pending || undefined}
            className="border-2 border-slate-800 bg-white px-4 py-2 text-lg font-bold text-slate-900 hover:bg-slate-100"
          >
            Remind those who have not answered
          </button>
        </Form>
      )}
    </div>
  );
}

function Results({
  page,
  results,
  actionData,
  pending,
  csvBase,
}: {
  page: Page;
  results: LoadedResults;
  actionData: { factorKey: string; reply: Parameters<typeof ConcernActionForm>[0]["lastResult"] } | null;
  pending: boolean;
  csvBase: string;
}) {
  const { concerns, comparison } = results;
  const view = page.view;
  return (
    <div className="space-y-12">
      <div className="space-y-3">
        <ul className="grid gap-3 sm:grid-cols-3" aria-label="Results at a glance">
          <Figure label="Strengths" value={results.bands.strength} detail="Mean 4.0 and above" />
          <Figure label="To discuss" value={results.bands.discuss} detail="Mean 3.0 to 3.9" />
          <Figure label="Concerns" value={results.bands.concern} detail="Mean below 3.0" warn={results.bands.concern > 0} />
        </ul>
        <p className="max-w-3xl text-lg">
          From {page.submittedCount} submitted responses. Individual answers are never shown. Factors the research stresses for partnerships of{" "}
          {results.combination.toLowerCase()} are marked “Key”. Beside some factors is evidence from the portal&apos;s own records, as it stood{" "}
          {`when the round closed (${formatDate(results.indicatorsAsOf)})`}; roles and funding are as recorded today.
        </p>
        <BandLegend />
        <p className="no-print">
          Download the results (CSV):{" "}
          <a href={`${csvBase}?part=factors`} className="text-brand-700 underline">
            factors
          </a>
          ,{" "}
          <a href={`${csvBase}?part=agencies`} className="text-brand-700 underline">
            agencies side by side
          </a>
          ,{" "}
          <a href={`${csvBase}?part=challenges`} className="text-brand-700 underline">
            challenges
          </a>
          ,{" "}
          <a href={`${csvBase}?part=benefits`} className="text-brand-700 underline">
            benefits
          </a>
          .
        </p>
        {concerns.length > 0 ? (
          <p className="text-lg">
            Concerns:{" "}
            {concerns.map((f, i) => (
              <span key={f.factorKey}>
                {i > 0 ? ", " : ""}
                <Link to={`?#${f.factorKey}`} className="text-brand-700 underline">
                  {f.label}
                </Link>
              </span>
            ))}
            .{page.mayManage ? " Turn each into an action beside it." : ""}
          </p>
        ) : null}
      </div>

      <nav aria-label="Views of the results" className="no-print border-b-2 border-slate-300">
        <ul className="flex flex-wrap gap-x-2">
          {VIEWS.map((v) => (
            <li key={v.key}>
              <Link
                to={v.key === "factors" ? "." : `?view=${v.key}`}
                preventScrollReset
                aria-current={v.key === view ? "page" : undefined}
                className={`-mb-0.5 inline-block border-b-4 px-3 py-2 text-lg ${v.key === view ? "border-brand-700 font-bold text-slate-900" : "border-transparent text-brand-700 underline"}`}
              >
                {v.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {view === "factors" ? (
        <Section id="factors" title="Each success factor">
          <ol className="space-y-6">
            {results.factors.map((factor) => (
              <li key={factor.factorKey} id={factor.factorKey} className="scroll-mt-4">
                <article aria-labelledby={`${factor.factorKey}-heading`} className="space-y-3 border border-slate-300 bg-white p-5">
                  <div className="flex flex-wrap items-center gap-3">
                    <h4 id={`${factor.factorKey}-heading`} className="text-lg font-bold">
                      {factor.label}
                    </h4>
                    <StressedTag stressed={factor.stressed} combination={results.combination} />
                  </div>
                  <p className="text-slate-800">“{FACTOR_WORDING.get(factor.factorKey)?.statement}”</p>
                  <div className="grid gap-4 md:grid-cols-2">
                    <div className="space-y-1">
                      <p className="flex flex-wrap items-center gap-3">
                        <span className="text-3xl font-bold tabular-nums">{formatMean(factor.mean)}</span>
                        <span className="text-slate-700">out of 5</span>
                        <BandTag band={factor.band} />
                      </p>
                      {factor.spread ? (
                        <p>
                          {`Ratings from ${factor.spread.min} to ${factor.spread.max} (standard deviation ${factor.spread.sd.toFixed(1)}); ${factor.rated} rated${factor.dontKnow ? `, ${factor.dontKnow} did not know` : ""}.`}
                        </p>
                      ) : (
                        <p>Nobody gave a rating{factor.dontKnow ? `; ${factor.dontKnow} did not know` : ""}.</p>
                      )}
                      <p className="text-slate-700">{`How many gave each rating: ${factor.distribution.map((n, i) => `${i + 1}: ${n}`).join(" · ")}`}</p>
                      {results.previous ? (
                        <p>
                          {`Since ${results.previous.title}: `}
                          <strong>{formatChange(factor.change)}</strong>
                        </p>
                      ) : null}
                    </div>
                    {factor.indicator ? <IndicatorBox indicator={factor.indicator} note={factor.evidenceNote} /> : null}
                  </div>
                  <details>
                    <summary className="cursor-pointer text-brand-700 underline">Why this matters</summary>
                    <p className="mt-1 border-l-4 border-slate-300 pl-3">{FACTOR_WORDING.get(factor.factorKey)?.whyItMatters}</p>
                  </details>
                  {factor.evidence.length > 0 ? (
                    <details>
                      <summary className="cursor-pointer text-brand-700 underline">What members wrote as evidence ({factor.evidence.length})</summary>
                      <ul className="mt-1 list-disc space-y-1 pl-6">
                        {factor.evidence.map((text, i) => (
                          <li key={i}>{text}</li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                  {page.mayManage && factor.band === "concern" ? (
                    // The form is drawn for the concern whose link was followed, or whose submission failed.
                    page.actionFor === factor.factorKey || actionData?.factorKey === factor.factorKey ? (
                      <ConcernActionForm
                        factorKey={factor.factorKey}
                        factorLabel={factor.label}
                        owners={page.owners}
                        defaultDueDate={page.defaultDueDate}
                        lastResult={actionData?.factorKey === factor.factorKey ? actionData.reply : null}
                        pending={pending}
                      />
                    ) : (
                      <ConcernActionLink factorKey={factor.factorKey} factorLabel={factor.label} />
                    )
                  ) : null}
                </article>
              </li>
            ))}
          </ol>
        </Section>
      ) : null}

      {comparison ? (
        <Section id="agencies" title="Agencies side by side" intro={<MergingNote comparison={comparison} />}>
          {comparison.groups.filter((g) => !g.suppressed).length >= 2 ? (
            <>
              <h4 id="agency-chart-title" className="font-bold">
                Each factor&apos;s mean by agency, from 0 to 5
              </h4>
              <AgencyChart comparison={comparison} titleId="agency-chart-title" />
            </>
          ) : (
            <p className="text-lg">With every agency merged into one group, there is nothing to compare yet.</p>
          )}
          <AgencyTable comparison={comparison} caption="Each factor's mean by agency, and where agencies disagree" />
        </Section>
      ) : null}

      {view === "trend" ? (
        <Section id="trend" title="Change over time">
          {results.trendRounds >= 2 ? (
            <>
              <p className="max-w-3xl">
                Each factor&apos;s mean in every closed round with enough responses, oldest first. In each small chart the dashed lines mark 3.0 and
                4.0, where the bands change.
              </p>
              <TrendTable trend={results.trend} caption="Each factor's mean round by round" />
            </>
          ) : (
            <p className="text-lg">
              {results.previous
                ? `Compared with ${results.previous.title} above, beside each factor.`
                : "This is the first round with results. The change and the trend appear from the next round."}
            </p>
          )}
        </Section>
      ) : null}

      {view === "challenges" ? (
        <>
          <Section id="challenges" title="Challenges, most severe first">
            <ChallengesTable challenges={results.challenges} caption="Each challenge's severity and how many chose each level" />
          </Section>
          <Section id="benefits" title="Benefits reported">
            <BenefitsList benefits={results.benefits} respondents={page.submittedCount} />
          </Section>
        </>
      ) : null}
    </div>
  );
}
