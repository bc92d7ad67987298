import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { ErrorSummary, FormActions, TextField, useSchemaForm } from "~/components/forms";
import { openRound } from "~/modules/assessment/commands.server";
import { listRounds } from "~/modules/assessment/queries.server";
import { OpenRoundSchema } from "~/modules/assessment/schema";
import { addDays, calendarToday, toCalendarDateString } from "~/utils/dates";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Open a self-assessment round – Partnership Portal" }];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "manage_assessments");
  const today = calendarToday();
  const open = (await listRounds(access.initiativeId, access.user.id)).find((round) => round.open) ?? null;
  return {
    initiativeId: access.initiativeId,
    open: open ? { id: open.id, title: open.title } : null,
    suggestedTitle: `Self-assessment, ${MONTHS[today.getUTCMonth()]} ${today.getUTCFullYear()}`,
    suggestedClosesOn: toCalendarDateString(addDays(today, 21)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "manage_assessments");
  const submission = parseWithZod(await request.formData(), { schema: OpenRoundSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await openRound(access, submission.value);
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/assessment/${result.roundId}?done=opened`);
}

export default function OpenRound() {
  const { initiativeId, open, suggestedTitle, suggestedClosesOn } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(OpenRoundSchema, {
    id: "open-round",
    lastResult,
    defaultValue: { title: suggestedTitle, closesOn: suggestedClosesOn },
  });
  if (open) {
    return (
      <div className="max-w-2xl space-y-6">
        <h2 className="text-2xl font-bold">Open a self-assessment round</h2>
        <p className="border-l-4 border-amber-600 bg-white p-4 text-lg">
          “{open.title}” is still open, and only one round can be open at a time.{" "}
          <Link to={`/initiatives/${initiativeId}/assessment/${open.id}`} className="text-brand-700 underline">
            Go to the open round
          </Link>{" "}
          to see how many have answered, or close it early.
        </p>
      </div>
    );
  }
  return (
    <div className="max-w-2xl space-y-6">
      <h2 className="text-2xl font-bold">Open a self-assessment round</h2>
      <p className="text-lg">
        Every lead, coordinator and member is asked, in the updates feed, to rate the partnership against the success factors, privately, until the
        closing date. While the round is open you see only how many have answered, and can remind those who have not; everyone, you included, sees the
        results when it closes.
      </p>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <TextField meta={fields.title} label="Title" hint="So that rounds can be told apart, for example “Autumn review 2026”." />
        <TextField
          meta={fields.closesOn}
          label="Closing date"
          hint="The round closes at the end of this day, UK time. Two or three weeks gives people time to answer."
          type="date"
          width="sm:w-60"
        />
        <FormActions submitLabel="Open the round" pending={navigation.state !== "idle"} cancelTo={`/initiatives/${initiativeId}/assessment`} />
      </Form>
    </div>
  );
}
