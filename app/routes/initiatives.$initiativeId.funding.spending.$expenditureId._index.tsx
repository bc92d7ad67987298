import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { SpendingForm } from "~/components/funding/spending-form";
import { updateSpending } from "~/modules/funding/commands.server";
import { mayRecordSpendingOn } from "~/modules/funding/permissions";
import { getBudget, requireChangeableSpending, spendingFormValues } from "~/modules/funding/queries.server";
import { formatPence } from "~/modules/funding/money";
import { ExpenditureSchema } from "~/modules/funding/schema";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Change spending – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, spending } = await requireChangeableSpending(request, params.initiativeId, params.expenditureId);
  const budget = await getBudget(access.initiativeId);
  return {
    initiativeId: access.initiativeId,
    id: spending.id,
    streamId: spending.streamId,
    description: spending.description,
    values: spendingFormValues(spending),
    streams: budget.streams
      .filter((stream) => stream.id === spending.streamId || mayRecordSpendingOn(access, stream))
      .map((s) => ({ value: s.id, label: `${s.name} (${s.contributor}): ${formatPence(s.balancePence)} left` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // A member's post for someone else's record is let through to the module, which refuses it
  // (with a message, not a 404, so a second click on "remove" says what happened).
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const submission = parseWithZod(await request.formData(), { schema: ExpenditureSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateSpending(access, params.expenditureId ?? "", submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/funding/streams/${result.streamId}?done=spending-saved`);
}

export default function EditSpending() {
  const { initiativeId, id, streamId, description, values, streams } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const base = `/initiatives/${initiativeId}/funding`;
  return (
    <div className="max-w-2xl">
      <h2 className="mb-6 text-2xl font-bold">Change the spending: {description}</h2>
      <SpendingForm
        lastResult={lastResult}
        defaultValue={values}
        streams={streams}
        submitLabel="Save spending"
        pending={navigation.state !== "idle"}
        cancelTo={`${base}/streams/${streamId}`}
      />
      <p className="mt-10 border-t border-slate-300 pt-6">
        <Link to={`${base}/spending/${id}/delete`} className="text-lg text-red-700 underline">
          Remove this spending
        </Link>
      </p>
    </div>
  );
}
