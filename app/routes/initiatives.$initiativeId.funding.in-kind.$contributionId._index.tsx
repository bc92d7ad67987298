import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { InKindForm } from "~/components/funding/in-kind-form";
import { updateInKind } from "~/modules/funding/commands.server";
import { mayAddInKindFor } from "~/modules/funding/permissions";
import { getFundingChoices, inKindFormValues, requireChangeableInKind } from "~/modules/funding/queries.server";
import { InKindSchema } from "~/modules/funding/schema";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Change an in-kind contribution – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, contribution } = await requireChangeableInKind(request, params.initiativeId, params.contributionId);
  const { agencies } = await getFundingChoices(access.initiativeId);
  return {
    initiativeId: access.initiativeId,
    id: contribution.id,
    description: contribution.description,
    values: inKindFormValues(contribution),
    agencies: agencies.filter((a) => a.id === contribution.agencyId || mayAddInKindFor(access, a.id)).map((a) => ({ value: a.id, label: a.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // A member's post for someone else's record is let through to the module, which refuses it
  // (with a message, not a 404, so a second click on "remove" says what happened).
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const submission = parseWithZod(await request.formData(), { schema: InKindSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateInKind(access, params.contributionId ?? "", submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/funding?done=in-kind-saved#in-kind`);
}

export default function EditInKind() {
  const { initiativeId, id, description, values, agencies } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const base = `/initiatives/${initiativeId}/funding`;
  return (
    <div className="max-w-2xl">
      <h2 className="mb-6 text-2xl font-bold">Change the in-kind contribution: {description}</h2>
      <InKindForm
        lastResult={lastResult}
        defaultValue={values}
        agencies={agencies}
        submitLabel="Save contribution"
        pending={navigation.state !== "idle"}
        cancelTo={base}
      />
      <p className="mt-10 border-t border-slate-300 pt-6">
        <Link to={`${base}/in-kind/${id}/delete`} className="text-lg text-red-700 underline">
          Remove this contribution
        </Link>
      </p>
    </div>
  );
}
