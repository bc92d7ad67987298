import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { ProblemNotice } from "~/components/ui/notice";
import { deleteStream } from "~/modules/funding/commands.server";
import { getStream } from "~/modules/funding/queries.server";
import { formatPence } from "~/modules/funding/money";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Remove a funding stream – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const stream = await getStream(access.initiativeId, params.streamId ?? "");
  if (!stream) notFound();
  return {
    initiativeId: access.initiativeId,
    id: stream.id,
    name: stream.name,
    contributor: stream.contributor,
    totalPence: stream.totalPence,
    spendingCount: stream.spending.length,
    spentPence: stream.spentPence,
    predecessor: stream.predecessor?.name ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const result = await deleteStream(access, params.streamId ?? "");
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/funding?done=stream-removed`);
}

export default function DeleteStream() {
  const { initiativeId, id, name, contributor, totalPence, spendingCount, spentPence, predecessor } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  return (
    <div className="max-w-2xl space-y-6">
      {refusal ? (
        <ProblemNotice title="The funding stream was not removed">
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <h2 className="text-2xl font-bold">Remove the funding stream “{name}”?</h2>
      <p className="text-lg">
        {contributor}&apos;s {formatPence(totalPence)} will leave the budget, and the shares, balance and run-out date will change.
      </p>
      {spendingCount > 0 ? (
        <p className="border-l-4 border-amber-600 bg-amber-50 p-4 text-lg">
          <strong>
            Its {spendingCount} spending record{spendingCount === 1 ? "" : "s"} ({formatPence(spentPence)}) will be removed too.
          </strong>{" "}
          To keep them, change the stream instead, or move the spending to another stream first.
        </p>
      ) : null}
      {predecessor ? <p className="text-lg">“{predecessor}” will no longer have a successor recorded.</p> : null}
      <p className="text-lg">The audit log keeps a record of it.</p>
      <div className="flex flex-wrap items-center gap-6">
        <Form method="post">
          <DangerButton>Yes, remove the funding stream</DangerButton>
        </Form>
        <Link to={`/initiatives/${initiativeId}/funding/streams/${id}`} className="text-lg text-brand-700 underline">
          No, go back
        </Link>
      </div>
    </div>
  );
}
