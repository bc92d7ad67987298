import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { ProblemNotice } from "~/components/ui/notice";
import { deleteSpending } from "~/modules/funding/commands.server";
import { requireChangeableSpending } from "~/modules/funding/queries.server";
import { formatPence } from "~/modules/funding/money";
import { formatCalendarDate } from "~/utils/dates";
import { requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Remove spending – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, spending } = await requireChangeableSpending(request, params.initiativeId, params.expenditureId);
  return {
    initiativeId: access.initiativeId,
    id: spending.id,
    streamId: spending.streamId,
    streamName: spending.stream.name,
    spentOn: spending.spentOn,
    amountPence: spending.amountPence,
    description: spending.description,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // A member's post for someone else's record is let through to the module, which refuses it
  // (with a message, not a 404, so a second click on "remove" says what happened).
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const result = await deleteSpending(access, params.expenditureId ?? "");
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/funding/streams/${result.streamId}?done=spending-removed`);
}

export default function DeleteSpending() {
  const { initiativeId, id, streamName, spentOn, amountPence, description } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  return (
    <div className="max-w-2xl space-y-6">
      {refusal ? (
        <ProblemNotice title="The spending was not removed">
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <h2 className="text-2xl font-bold">Remove this spending?</h2>
      <p className="text-lg">
        {formatPence(amountPence)} spent on {formatCalendarDate(spentOn)} from “{streamName}”: {description}. The stream&apos;s balance goes up by{" "}
        {formatPence(amountPence)}. The audit log keeps a record of it.
      </p>
      <div className="flex flex-wrap items-center gap-6">
        <Form method="post">
          <DangerButton>Yes, remove the spending</DangerButton>
        </Form>
        <Link to={`/initiatives/${initiativeId}/funding/spending/${id}`} className="text-lg text-brand-700 underline">
          No, go back
        </Link>
      </div>
    </div>
  );
}
