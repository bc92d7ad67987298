import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { MeetingForm } from "~/components/meetings/meeting-form";
import { scheduleMeeting } from "~/modules/meetings/commands.server";
import { MeetingSchema } from "~/modules/meetings/schema";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Schedule a meeting – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  return { initiativeId: access.initiativeId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const submission = parseWithZod(await request.formData(), { schema: MeetingSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await scheduleMeeting(access, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result, "date")), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/meetings/${result.meetingId}?scheduled=${result.count}`);
}

export default function NewMeeting() {
  const { initiativeId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="max-w-2xl">
      <h2 className="mb-2 text-2xl font-bold">Schedule a meeting</h2>
      <p className="mb-6 text-lg">Times are UK time; they stay right when the clocks change.</p>
      <MeetingForm
        mode="new"
        lastResult={lastResult}
        submitLabel="Schedule meeting"
        pending={navigation.state !== "idle"}
        cancelTo={`/initiatives/${initiativeId}/meetings`}
      />
    </div>
  );
}
