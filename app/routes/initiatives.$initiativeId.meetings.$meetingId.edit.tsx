import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { MeetingForm } from "~/components/meetings/meeting-form";
import { utcToLondon } from "~/utils/london-time";
import { updateMeeting } from "~/modules/meetings/commands.server";
import { getMeetingPage } from "~/modules/meetings/queries.server";
import { MeetingEditSchema } from "~/modules/meetings/schema";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Change a meeting – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const page = await getMeetingPage(access.initiativeId, params.meetingId ?? "", access.user.id);
  if (!page) notFound();
  const { meeting } = page;
  return {
    initiativeId: access.initiativeId,
    meetingId: meeting.id,
    inSeries: meeting.seriesId !== null,
    values: {
      title: meeting.title,
      type: meeting.type,
      date: meeting.london.date,
      startTime: meeting.london.time,
      endTime: meeting.london.endTime,
      location: meeting.location ?? "",
      onlineLink: meeting.onlineLink ?? "",
      rsvpDeadlineDate: meeting.rsvpDeadline ? utcToLondon(meeting.rsvpDeadline).date : "",
      quorumRule: meeting.quorumRule,
      quorumCount: meeting.quorumCount ? String(meeting.quorumCount) : "",
      recordingPast: page.started ? "yes" : "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const submission = parseWithZod(await request.formData(), { schema: MeetingEditSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateMeeting(access, params.meetingId ?? "", submission.value, submission.value.scope);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/meetings/${params.meetingId}?changed=${result.count}`);
}

export default function EditMeeting() {
  const { initiativeId, meetingId, inSeries, values } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="max-w-2xl">
      <h2 className="mb-6 text-2xl font-bold">Change the meeting: {values.title}</h2>
      <MeetingForm
        mode="edit"
        lastResult={lastResult}
        defaultValue={values}
        inSeries={inSeries}
        submitLabel="Save changes"
        pending={navigation.state !== "idle"}
        cancelTo={`/initiatives/${initiativeId}/meetings/${meetingId}`}
      />
    </div>
  );
}
