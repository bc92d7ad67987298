import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { ProblemNotice } from "~/components/ui/notice";
import { closeRound } from "~/modules/assessment/commands.server";
import { getRoundResults } from "~/modules/assessment/queries.server";
import { formatCalendarDate } from "~/utils/dates";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Close the round early – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "manage_assessments");
  const page = await getRoundResults(access, params.roundId ?? "");
  if (!page) notFound();
  const roundPath = `/initiatives/${access.initiativeId}/assessment/${page.round.id}`;
  if (!page.round.open) throw redirect(roundPath);
  return {
    roundPath,
    title: page.round.title,
    closesOn: page.round.closesOn,
    submitted: page.submittedCount,
    respondents: page.respondentCount,
    minimum: page.minimum,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "manage_assessments");
  const result = await closeRound(access, params.roundId ?? "");
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/assessment/${params.roundId}?done=closed`);
}

export default function CloseRound() {
  const { roundPath, title, closesOn, submitted, respondents, minimum } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  return (
    <div className="max-w-2xl space-y-6">
      {refusal ? (
        <ProblemNotice title="The round was not closed">
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <h2 className="text-2xl font-bold">Close “{title}” now?</h2>
      <p className="text-lg">It would otherwise stay open until the end of {formatCalendarDate(closesOn)}.</p>
      <ul className="list-disc space-y-2 pl-6 text-lg">
        <li>
          {submitted} of {respondents} {respondents === 1 ? "member has" : "members have"} answered.{" "}
          {submitted < minimum ? (
            <strong>With fewer than {minimum}, no results will be shown at all.</strong>
          ) : (
            "Everyone will see the results, you too, for the first time."
          )}
        </li>
        <li>Drafts that have not been submitted are not counted.</li>
        <li>Nobody can answer or change their answers afterwards, and the round cannot be opened again.</li>
      </ul>
      <div className="flex flex-wrap items-center gap-6">
        <Form method="post">
          <DangerButton>Yes, close the round</DangerButton>
        </Form>
        <Link to={roundPath} className="text-lg text-brand-700 underline">
          No, keep it open
        </Link>
      </div>
    </div>
  );
}
