import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { ProblemNotice } from "~/components/ui/notice";
import { deleteInKind } from "~/modules/funding/commands.server";
import { requireChangeableInKind } from "~/modules/funding/queries.server";
import { formatPence } from "~/modules/funding/money";
import { requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Remove an in-kind contribution – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, contribution } = await requireChangeableInKind(request, params.initiativeId, params.contributionId);
  return {
    initiativeId: access.initiativeId,
    id: contribution.id,
    description: contribution.description,
    agency: contribution.agency.name,
    kind: contribution.kindLabel.toLowerCase(),
    valuePence: contribution.valuePence,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // A member's post for someone else's record is let through to the module, which refuses it
  // (with a message, not a 404, so a second click on "remove" says what happened).
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const result = await deleteInKind(access, params.contributionId ?? "");
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/funding?done=in-kind-removed#in-kind`);
}

export default function DeleteInKind() {
  const { initiativeId, id, description, agency, kind, valuePence } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  return (
    <div className="max-w-2xl space-y-6">
      {refusal ? (
        <ProblemNotice title="The contribution was not removed">
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <h2 className="text-2xl font-bold">Remove the in-kind contribution “{description}”?</h2>
      <p className="text-lg">
        {agency}&apos;s {kind}, valued at {formatPence(valuePence)}, will no longer count towards its share. The audit log keeps a record of it.
      </p>
      <div className="flex flex-wrap items-center gap-6">
        <Form method="post">
          <DangerButton>Yes, remove the contribution</DangerButton>
        </Form>
        <Link to={`/initiatives/${initiativeId}/funding/in-kind/${id}`} className="text-lg text-brand-700 underline">
          No, go back
        </Link>
      </div>
    </div>
  );
}
