import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { EmptyState } from "~/components/funding/budget-parts";
import { SpendingForm } from "~/components/funding/spending-form";
import { recordSpending } from "~/modules/funding/commands.server";
import { mayManageStreams, mayRecordSpendingOn } from "~/modules/funding/permissions";
import { getBudget } from "~/modules/funding/queries.server";
import { formatPence } from "~/modules/funding/money";
import { ExpenditureSchema } from "~/modules/funding/schema";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Record spending – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const budget = await getBudget(access.initiativeId);
  const streams = budget.streams
    .filter((stream) => mayRecordSpendingOn(access, stream))
    .map((s) => ({ value: s.id, label: `${s.name} (${s.contributor}): ${formatPence(s.balancePence)} left` }));
  const wanted = new URL(request.url).searchParams.get("stream");
  return {
    initiativeId: access.initiativeId,
    canManage: mayManageStreams(access),
    streams,
    streamId: streams.some((s) => s.value === wanted) ? wanted! : "",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const submission = parseWithZod(await request.formData(), { schema: ExpenditureSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await recordSpending(access, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/funding/streams/${result.streamId}?done=spending-recorded`);
}

export default function NewSpending() {
  const { initiativeId, canManage, streams, streamId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const base = `/initiatives/${initiativeId}/funding`;
  return (
    <div className="max-w-2xl">
      <h2 className="mb-2 text-2xl font-bold">Record spending</h2>
      <p className="mb-6 text-lg">
        Money spent from one of the partnership&apos;s funding streams. If it would take the stream over its total, you will be asked to check it
        first.
      </p>
      {streams.length === 0 ? (
        <EmptyState title="There is no funding stream to record spending against.">
          {canManage ? (
            <p>
              <Link to={`${base}/streams/new`} className="text-brand-700 underline">
                Add a funding stream
              </Link>{" "}
              first: spending is always recorded against the money it came from.
            </p>
          ) : (
            <p>
              You can record spending against the streams of the agency you represent, and it has none in this budget yet. Ask the initiative&apos;s
              lead or a coordinator to add it, or to record the spending.
            </p>
          )}
          <p>
            <Link to={base} className="text-brand-700 underline">
              Back to the budget
            </Link>
          </p>
        </EmptyState>
      ) : (
        <SpendingForm
          lastResult={lastResult}
          defaultValue={streamId ? { streamId } : undefined}
          streams={streams}
          submitLabel="Record spending"
          pending={navigation.state !== "idle"}
          cancelTo={streamId ? `${base}/streams/${streamId}` : base}
        />
      )}
    </div>
  );
}
