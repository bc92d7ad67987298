import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ChoiceField, ErrorSummary, FormActions, TextField, useSchemaForm } from "~/components/forms";
import { MEETING_TYPES, MeetingEditSchema } from "~/modules/meetings/schema";

/** Schedule a meeting (one-off or recurring), record a past one, or change one or its series. */
export function MeetingForm({
  mode,
  lastResult,
  defaultValue,
  inSeries,
  submitLabel,
  pending,
  cancelTo,
}: {
  mode: "new" | "edit";
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Record<string, string>;
  inSeries?: boolean;
  submitLabel: string;
  pending: boolean;
  cancelTo: string;
}) {
  // One schema for both: a new meeting's scope is simply "one".
  const schema = MeetingEditSchema;
  const [form, fields] = useSchemaForm(schema, {
    id: "meeting",
    lastResult,
    defaultValue: { type: "strategic_planning", quorumRule: "every_agency", repeat: "none", scope: "one", ...defaultValue },
  });
  const { key: pastKey, ...pastProps } = getInputProps(fields.recordingPast, { type: "checkbox", value: "yes" });
  return (
    <>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        {mode === "edit" && inSeries ? (
          <ChoiceField
            meta={fields.scope}
            legend="Change"
            type="radio"
            options={[
              { value: "one", label: "This meeting only" },
              {
                value: "series",
                label: "This and every later meeting in the series",
                hint: "Title, type, times, place and quorum; the dates stay as they are.",
              },
            ]}
          />
        ) : null}
        <TextField meta={fields.title} label="Title" hint="For example, Strategic group, or Quarterly review." />
        <ChoiceField
          meta={fields.type}
          legend="Type of meeting"
          type="radio"
          options={MEETING_TYPES.map((t) => ({ value: t.key, label: t.label }))}
        />
        <TextField meta={fields.date} label={mode === "new" ? "Date (of the first meeting, if it repeats)" : "Date"} type="date" width="sm:w-60" />
        <div className="grid gap-6 sm:grid-cols-2">
          <TextField meta={fields.startTime} label="Starts at" hint="UK time, 24-hour clock" type="text" width="sm:w-32" />
          <TextField meta={fields.endTime} label="Ends at" hint="UK time, 24-hour clock" type="text" width="sm:w-32" />
        </div>
        <TextField meta={fields.location} label="Location (optional)" hint="For example, County Hall, Room 2." />
        <TextField meta={fields.onlineLink} label="Online link (optional)" hint="The Teams or Zoom address, starting https://" type="url" />
        {mode === "new" ? (
          <fieldset className="space-y-4 border-l-4 border-slate-300 pl-4">
            <legend className="text-lg font-bold">Does it repeat?</legend>
            <ChoiceField
              meta={fields.repeat}
              legend="Repeats"
              type="radio"
              options={[
                { value: "none", label: "No, just this once" },
                { value: "every_n_weeks", label: "Every few weeks", hint: "For example every 6 weeks: enter the number of weeks below." },
                {
                  value: "nth_weekday_monthly",
                  label: "Monthly on the same weekday",
                  hint: "For example the first Tuesday of each month, taken from the date above.",
                },
              ]}
            />
            <TextField meta={fields.everyWeeks} label="Every how many weeks" type="number" width="sm:w-32" />
            <TextField meta={fields.occurrenceCount} label="How many meetings to schedule" hint="Up to 26." type="number" width="sm:w-32" />
          </fieldset>
        ) : null}
        <TextField
          meta={fields.rsvpDeadlineDate}
          label="Reply by (optional)"
          hint="Members can say whether they are coming until the end of this day."
          type="date"
          width="sm:w-60"
        />
        <ChoiceField
          meta={fields.quorumRule}
          legend="Quorum"
          hint="The meeting page warns when it is not met."
          type="radio"
          options={[
            { value: "every_agency", label: "Every agency represented" },
            { value: "count", label: "A number of people" },
          ]}
        />
        <TextField meta={fields.quorumCount} label="Number of people (if a number)" type="number" width="sm:w-32" />
        <div className="flex items-start gap-3">
          <input key={pastKey} {...pastProps} className="mt-1 size-6 accent-brand-700" />
          <label htmlFor={fields.recordingPast.id} className="text-base">
            This meeting has already taken place (I am recording it)
          </label>
        </div>
        <FormActions submitLabel={submitLabel} pending={pending} cancelTo={cancelTo} />
      </Form>
    </>
  );
}
