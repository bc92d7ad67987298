import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { StreamForm } from "~/components/funding/stream-form";
import { updateStream } from "~/modules/funding/commands.server";
import { getFundingChoices, getStream, streamFormValues } from "~/modules/funding/queries.server";
import { FundingStreamSchema } from "~/modules/funding/schema";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Change a funding stream – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const stream = await getStream(access.initiativeId, params.streamId ?? "");
  if (!stream) notFound();
  const choices = await getFundingChoices(access.initiativeId);
  return {
    initiativeId: access.initiativeId,
    streamId: stream.id,
    name: stream.name,
    values: streamFormValues(stream),
    agencies: choices.agencies.map((a) => ({ value: a.id, label: a.name })),
    // Any other stream may continue this one, except one that already continues another.
    streams: choices.streams
      .filter((s) => s.id !== stream.id && !choices.streams.some((o) => o.successorId === s.id && o.id !== stream.id))
      .map((s) => ({ value: s.id, label: `${s.name} (${s.contributor})` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const submission = parseWithZod(await request.formData(), { schema: FundingStreamSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateStream(access, params.streamId ?? "", submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/funding/streams/${result.streamId}?done=stream-saved`);
}

export default function EditStream() {
  const { initiativeId, streamId, name, values, agencies, streams } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const streamUrl = `/initiatives/${initiativeId}/funding/streams/${streamId}`;
  return (
    <div className="max-w-2xl">
      <h2 className="mb-6 text-2xl font-bold">Change the funding stream: {name}</h2>
      <StreamForm
        lastResult={lastResult}
        defaultValue={values}
        agencies={agencies}
        streams={streams}
        inKindTo={`/initiatives/${initiativeId}/funding/in-kind/new`}
        submitLabel="Save funding stream"
        pending={navigation.state !== "idle"}
        cancelTo={streamUrl}
      />
      <p className="mt-10 border-t border-slate-300 pt-6">
        <Link to={`${streamUrl}/delete`} className="text-lg text-red-700 underline">
          Remove this funding stream
        </Link>
      </p>
    </div>
  );
}
