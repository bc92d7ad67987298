import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { ProblemNotice } from "~/components/ui/notice";
import { cancelMeeting } from "~/modules/meetings/commands.server";
import { getMeetingPage } from "~/modules/meetings/queries.server";
import { formatDateTime } from "~/utils/dates";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Cancel a meeting – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const page = await getMeetingPage(access.initiativeId, params.meetingId ?? "", access.user.id);
  if (!page) notFound();
  return { title: page.meeting.title, startsAt: page.meeting.startsAt, initiativeId: access.initiativeId, meetingId: page.meeting.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const reason = String((await request.formData()).get("reason") ?? "")
    .trim()
    .slice(0, 500);
  const result = await cancelMeeting(access, params.meetingId ?? "", reason);
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/meetings/${params.meetingId}?cancelled=1`);
}

export default function CancelMeeting() {
  const { title, startsAt, initiativeId, meetingId } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  return (
    <div className="max-w-2xl space-y-6">
      {refusal ? (
        <ProblemNotice title="The meeting was not cancelled">
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <h2 className="text-2xl font-bold">
        Cancel “{title}” on {formatDateTime(startsAt)}?
      </h2>
      <p className="text-lg">It stays on record as cancelled, and calendars that subscribe to the portal show it as cancelled.</p>
      <Form method="post" className="space-y-6">
        <div className="space-y-1">
          <label htmlFor="reason" className="block text-lg font-bold">
            Reason (optional)
          </label>
          <p id="reason-hint" className="text-slate-600">
            Members see this on the meeting page.
          </p>
          <input
            id="reason"
            name="reason"
            maxLength={500}
            aria-describedby="reason-hint"
            className="block w-full border-2 border-slate-800 px-2 py-1.5"
          />
        </div>
        <div className="flex flex-wrap items-center gap-6">
          <DangerButton>Yes, cancel the meeting</DangerButton>
          <Link to={`/initiatives/${initiativeId}/meetings/${meetingId}`} className="text-lg text-brand-700 underline">
            No, keep it
          </Link>
        </div>
      </Form>
    </div>
  );
}
