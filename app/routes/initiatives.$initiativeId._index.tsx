import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { PersonName } from "~/components/person-name";
import { SuccessNotice } from "~/components/ui/notice";
import { Tag } from "~/components/ui/tag";
import { AGENCY_COMBINATION_LABELS, agencyCombination, labelOf, MODELS_OF_ACTIVITY, RATIONALES, SECTORS } from "~/modules/study/study";
import { getInitiativeDetails } from "~/modules/initiatives/queries.server";
import { getFundingSummary } from "~/modules/funding/queries.server";
import { formatPence } from "~/modules/funding/money";
import { getMeetingsSummary } from "~/modules/meetings/queries.server";
import { getUpdatesSummary } from "~/modules/updates/queries.server";
import { getAssessmentSummary } from "~/modules/assessment/queries.server";
import { ReminderNotice } from "~/components/assessment/privacy";
import { getRegisterSummary } from "~/modules/roles/queries.server";
import { formatCalendarDate, formatDate, formatDateTime } from "~/utils/dates";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";
import { ROLE_LABELS, can, isInitiativeRole } from "~/utils/policy";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const [initiative, roles, meetings, funding, updates, assessment] = await Promise.all([
    getInitiativeDetails(access.initiativeId),
    getRegisterSummary(access.initiativeId),
    getMeetingsSummary(access.initiativeId),
    getFundingSummary(access.initiativeId),
    getUpdatesSummary(access.initiativeId, access.user.id),
    getAssessmentSummary(access),
  ]);
  if (!initiative) notFound();
  const role = access.membership.role;
  return {
    initiative,
    roles,
    meetings,
    funding,
    updates,
    assessment: { ...assessment, mayManage: can(role, "manage_assessments"), mayRespond: can(role, "respond_to_assessments") },
    initiativeId: access.initiativeId,
  };
}

export default function InitiativeDashboard() {
  const { initiative, roles, meetings, funding, updates, assessment, initiativeId } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const combination = agencyCombination(initiative.agencies.map((agency) => agency.sector));
  return (
    <div className="space-y-8">
      {searchParams.get("saved") ? <SuccessNotice flush title="Settings saved" /> : null}
      {searchParams.get("joined") ? (
        <SuccessNotice flush title="Welcome to the initiative" titleAs="h2">
          <p>You can now see everything the partnership records, and take part.</p>
        </SuccessNotice>
      ) : null}
      {searchParams.get("created") ? (
        <SuccessNotice flush title="Initiative created" titleAs="h2">
          <p>
            You are its lead. Next,{" "}
            <Link to="members/invite" className="text-brand-700 underline">
              invite colleagues from the other agencies
            </Link>
            .
          </p>
        </SuccessNotice>
      ) : null}
      {assessment.open?.reminder ? (
        <ReminderNotice reminder={assessment.open.reminder} initiativeId={initiativeId} draft={assessment.open.myResponse === "draft"} />
      ) : null}

      <section aria-labelledby="details-heading" className="border border-slate-300 bg-white p-6">
        <h2 id="details-heading" className="mb-4 text-2xl font-bold">
          About this initiative
        </h2>
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[12rem_1fr]">
          <dt className="font-bold">Who it is for</dt>
          <dd>{initiative.targetGroup}</dd>
          <dt className="font-bold">Aims</dt>
          <dd className="whitespace-pre-line">{initiative.aims}</dd>
          <dt className="font-bold">Why it was started</dt>
          <dd>
            <ul className="list-disc pl-5">
              {initiative.rationales.map((rationale) => (
                <li key={rationale}>{labelOf(RATIONALES, rationale)}</li>
              ))}
            </ul>
          </dd>
          <dt className="font-bold">Model of working</dt>
          <dd>{labelOf(MODELS_OF_ACTIVITY, initiative.modelOfActivity)}</dd>
          <dt className="font-bold">Local authority</dt>
          <dd>{initiative.localAuthority}</dd>
          <dt className="font-bold">Started</dt>
          <dd>{formatCalendarDate(initiative.startDate)}</dd>
          <dt className="font-bold">Agencies</dt>
          <dd>
            <ul className="list-disc pl-5">
              {initiative.agencies.map((agency) => (
                <li key={agency.id}>
                  {agency.name} <span className="text-slate-600">({labelOf(SECTORS, agency.sector)})</span>
                </li>
              ))}
            </ul>
            <p className="mt-1 text-slate-700">Sectors together: {AGENCY_COMBINATION_LABELS[combination]}</p>
          </dd>
          <dt className="font-bold">Members</dt>
          <dd>
            <ul className="list-disc pl-5">
              {initiative.members.map((member, index) => (
                <li key={index}>
                  <PersonName person={member} /> – {isInitiativeRole(member.role) ? ROLE_LABELS[member.role].toLowerCase() : member.role}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="roles-heading" className="border border-slate-300 bg-white p-5">
          <h2 id="roles-heading" className="mb-2 text-xl font-bold">
            <Link to="roles" className="text-brand-700 underline">
              Roles and responsibilities
            </Link>
          </h2>
          {roles.roles === 0 && roles.responsibilities === 0 ? (
            <p className="text-slate-700">
              No roles recorded yet. The register shows who does what from each agency, and where nobody is responsible.
            </p>
          ) : (
            <ul className="space-y-1">
              <li>
                {roles.roles} role{roles.roles === 1 ? "" : "s"}
                {roles.vacant ? <strong className="text-amber-900">, {roles.vacant} vacant</strong> : null}
                {roles.ended ? <strong className="text-amber-900">, {roles.ended} past their end date</strong> : null}
              </li>
              <li>
                {roles.responsibilities} shared responsibilit{roles.responsibilities === 1 ? "y" : "ies"}
                {roles.gaps ? <strong className="text-amber-900">, {roles.gaps} with a gap</strong> : null}
                {roles.overlaps ? <strong className="text-amber-900">, {roles.overlaps} with an overlap</strong> : null}
              </li>
            </ul>
          )}
        </section>
        <section aria-labelledby="meetings-heading" className="border border-slate-300 bg-white p-5">
          <h2 id="meetings-heading" className="mb-2 text-xl font-bold">
            <Link to="meetings" className="text-brand-700 underline">
              Strategic planning meetings
            </Link>
          </h2>
          {meetings.next === null && meetings.pastCount === 0 ? (
            <p className="text-slate-700">
              No meetings scheduled yet. Regular strategic meetings were one of the factors the research found behind successful partnerships.
            </p>
          ) : (
            <ul className="space-y-1">
              <li>
                Next:{" "}
                {meetings.next ? (
                  <Link to={`meetings/${meetings.next.id}`} className="text-brand-700 underline">
                    {meetings.next.title}, {formatDateTime(meetings.next.startsAt)}
                  </Link>
                ) : (
                  <strong className="text-amber-900">none scheduled</strong>
                )}
              </li>
              <li>
                {meetings.heldLastYear} held in the last 12 months, {meetings.withEveryAgency} with every agency present
              </li>
              <li>
                <Link to="actions" className="text-brand-700 underline">
                  {meetings.openActions} open action{meetings.openActions === 1 ? "" : "s"}
                </Link>
                {meetings.overdueActions ? <strong className="text-red-700">, {meetings.overdueActions} overdue</strong> : null}
              </li>
            </ul>
          )}
        </section>
        <section aria-labelledby="funding-heading" className="border border-slate-300 bg-white p-5">
          <h2 id="funding-heading" className="mb-2 text-xl font-bold">
            <Link to="funding" className="text-brand-700 underline">
              Joint funding
            </Link>
          </h2>
          {funding.streams === 0 && funding.inKindContributions === 0 ? (
            <p className="text-slate-700">
              No funding recorded yet. Add each agency&apos;s contribution and the grants; the budget shows each agency&apos;s share, spending and
              when the money runs out.
            </p>
          ) : (
            <ul className="space-y-1">
              <li>
                {formatPence(funding.committedPence)} committed; {formatPence(funding.balancePence)} of {formatPence(funding.cashPence)} cash left
              </li>
              {funding.runOut ? <li>Money runs out: {funding.runOut.value}</li> : null}
              {funding.largestContributor ? (
                <li>
                  Largest contributor: {funding.largestContributor.name} ({funding.largestContributor.share})
                </li>
              ) : null}
              {funding.endingSoonWithoutSuccessor ? (
                <li className="font-bold text-amber-900">
                  {funding.endingSoonWithoutSuccessor} stream{funding.endingSoonWithoutSuccessor === 1 ? "" : "s"} ending within 6 months with no
                  successor
                </li>
              ) : null}
              {funding.overspentStreams ? <li className="font-bold text-amber-900">{funding.overspentStreams} overspent</li> : null}
            </ul>
          )}
        </section>
        <section aria-labelledby="updates-heading" className="border border-slate-300 bg-white p-5">
          <h2 id="updates-heading" className="mb-2 text-xl font-bold">
            <Link to="updates" className="text-brand-700 underline">
              Updates
            </Link>
            {updates.unread > 0 ? (
              <Tag tone="new" className="ml-2">
                {updates.unread} new
              </Tag>
            ) : null}
          </h2>
          {updates.latest.length === 0 ? (
            <p className="text-slate-700">No updates yet. Share announcements, decisions and requests for help with every agency here.</p>
          ) : (
            <ul className="space-y-2">
              {updates.latest.map((post) => (
                <li key={post.id}>
                  {post.author ? <PersonName person={post.author} strong /> : <strong>Portal</strong>}:{" "}
                  {(post.body ?? "").length > 90 ? `${post.body!.slice(0, 90)}…` : post.body}
                  <span className="block text-sm text-slate-600">{formatDateTime(post.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="assessment-heading" className="border border-slate-300 bg-white p-5">
          <h2 id="assessment-heading" className="mb-2 text-xl font-bold">
            <Link to="assessment" className="text-brand-700 underline">
              Self-assessment
            </Link>
          </h2>
          {assessment.rounds === 0 ? (
            <p className="text-slate-700">
              No self-assessment yet.{" "}
              {assessment.mayManage ? (
                <>
                  <Link to="assessment/new" className="text-brand-700 underline">
                    Open a round
                  </Link>{" "}
                  to ask every member, privately, how the partnership stands on the success factors the research found.
                </>
              ) : (
                "The lead opens a round to ask every member, privately, how the partnership stands on the success factors the research found."
              )}
            </p>
          ) : (
            <ul className="space-y-2">
              {assessment.open ? (
                <li>
                  <Link to={`assessment/${assessment.open.id}`} className="text-brand-700 underline">
                    {assessment.open.title}
                  </Link>{" "}
                  is open until the end of {formatCalendarDate(assessment.open.closesOn)}; {assessment.open.submittedCount} of{" "}
                  {assessment.open.respondentCount} {assessment.open.respondentCount === 1 ? "member has" : "members have"} answered so far. Results
                  are shown when it closes.{" "}
                  {assessment.mayRespond ? (
                    assessment.open.myResponse === "submitted" ? (
                      "You have responded."
                    ) : (
                      <strong className="text-amber-900">
                        {assessment.open.myResponse === "draft" ? "Your draft is not submitted yet" : "You have not responded yet"}:{" "}
                        <Link to={`assessment/${assessment.open.id}/respond`} className="text-brand-700 underline">
                          answer now
                        </Link>
                        .
                      </strong>
                    )
                  ) : null}
                </li>
              ) : null}
              {assessment.lastClosed ? (
                <li>
                  Last round,{" "}
                  <Link to={`assessment/${assessment.lastClosed.id}`} className="text-brand-700 underline">
                    {assessment.lastClosed.title}
                  </Link>{" "}
                  (closed{" "}
                  {assessment.lastClosed.closedEarly
                    ? formatDate(assessment.lastClosed.closedOn)
                    : formatCalendarDate(assessment.lastClosed.closedOn)}
                  ):{" "}
                  {assessment.lastClosed.bands ? (
                    <>
                      {assessment.lastClosed.bands.strength} {assessment.lastClosed.bands.strength === 1 ? "strength" : "strengths"},{" "}
                      {assessment.lastClosed.bands.discuss} to discuss,{" "}
                      {assessment.lastClosed.bands.concern ? (
                        <strong className="text-red-700">
                          {assessment.lastClosed.bands.concern} concern{assessment.lastClosed.bands.concern === 1 ? "" : "s"}
                        </strong>
                      ) : (
                        "no concerns"
                      )}
                      .
                    </>
                  ) : (
                    `${assessment.lastClosed.submitted} responses, too few to show results.`
                  )}
                </li>
              ) : null}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
