import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { EmptyState } from "~/components/funding/budget-parts";
import { InKindForm } from "~/components/funding/in-kind-form";
import { createInKind } from "~/modules/funding/commands.server";
import { mayAddInKindFor } from "~/modules/funding/permissions";
import { getFundingChoices } from "~/modules/funding/queries.server";
import { InKindSchema } from "~/modules/funding/schema";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Record an in-kind contribution – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const { agencies } = await getFundingChoices(access.initiativeId);
  return {
    initiativeId: access.initiativeId,
    agencies: agencies.filter((a) => mayAddInKindFor(access, a.id)).map((a) => ({ value: a.id, label: a.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const submission = parseWithZod(await request.formData(), { schema: InKindSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createInKind(access, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/funding?done=in-kind-added#in-kind`);
}

export default function NewInKind() {
  const { initiativeId, agencies } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="max-w-2xl">
      <h2 className="mb-2 text-2xl font-bold">Record an in-kind contribution</h2>
      <p className="mb-6 text-lg">
        Staff time, premises or equipment an agency gives the partnership instead of money. Give it a value, and say how it was worked out, so that it
        counts fairly towards the agency&apos;s share.
      </p>
      {agencies.length === 0 ? (
        <EmptyState title="The agency you represent is not taking part in this initiative.">
          <p>
            You can record in-kind contributions only for the agency you represent. Ask the lead to add it in the initiative&apos;s settings, or to
            record the contribution.
          </p>
          <p>
            <Link to={`/initiatives/${initiativeId}/funding`} className="text-brand-700 underline">
              Back to the budget
            </Link>
          </p>
        </EmptyState>
      ) : (
        <InKindForm
          lastResult={lastResult}
          agencies={agencies}
          submitLabel="Record contribution"
          pending={navigation.state !== "idle"}
          cancelTo={`/initiatives/${initiativeId}/funding`}
        />
      )}
    </div>
  );
}
