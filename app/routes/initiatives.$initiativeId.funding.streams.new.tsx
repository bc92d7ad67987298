import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StreamForm } from "~/components/funding/stream-form";
import { createStream } from "~/modules/funding/commands.server";
import { getFundingChoices } from "~/modules/funding/queries.server";
import { FundingStreamSchema } from "~/modules/funding/schema";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Add a funding stream – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const choices = await getFundingChoices(access.initiativeId);
  return {
    initiativeId: access.initiativeId,
    agencies: choices.agencies.map((a) => ({ value: a.id, label: a.name })),
    streams: choices.streams.map((s) => ({ value: s.id, label: `${s.name} (${s.contributor})` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const submission = parseWithZod(await request.formData(), { schema: FundingStreamSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createStream(access, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/funding?done=stream-added`);
}

export default function NewStream() {
  const { initiativeId, agencies, streams } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="max-w-2xl">
      <h2 className="mb-2 text-2xl font-bold">Add a funding stream</h2>
      <p className="mb-6 text-lg">
        A funding stream is one pot of money for the partnership, from one agency or funder: for example, an agency&apos;s part of a pooled budget, or
        a grant.
      </p>
      <StreamForm
        lastResult={lastResult}
        agencies={agencies}
        streams={streams}
        inKindTo={`/initiatives/${initiativeId}/funding/in-kind/new`}
        submitLabel="Add funding stream"
        pending={navigation.state !== "idle"}
        cancelTo={`/initiatives/${initiativeId}/funding`}
      />
    </div>
  );
}
