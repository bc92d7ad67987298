import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ChoiceField, ErrorSummary, FormActions, SelectField, TextField, TextareaField, useSchemaForm } from "~/components/forms";
import { FUNDING_STATUSES, IN_KIND_KINDS } from "~/modules/funding/funding";
import { InKindSchema } from "~/modules/funding/schema";

type Option = { value: string; label: string };

/** The form to record or change an in-kind contribution: staff time, premises, equipment. */
export function InKindForm({
  lastResult,
  defaultValue,
  agencies,
  submitLabel,
  pending,
  cancelTo,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Record<string, string>;
  agencies: Option[];
  submitLabel: string;
  pending: boolean;
  cancelTo: string;
}) {
  const [form, fields] = useSchemaForm(InKindSchema, {
    id: "in-kind",
    lastResult,
    defaultValue,
  });
  return (
    <>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <SelectField
          meta={fields.agencyId}
          label="Agency giving it"
          placeholder={agencies.length === 1 ? undefined : "Choose an agency"}
          options={agencies}
        />
        <ChoiceField
          meta={fields.kind}
          legend="What kind of contribution"
          type="radio"
          options={IN_KIND_KINDS.map((k) => ({ value: k.key, label: k.label, hint: k.hint }))}
        />
        <TextareaField
          meta={fields.description}
          label="Description"
          hint="For example, SENCo time for transition meetings, or a clinic room every Tuesday."
          rows={2}
        />
        <TextField
          meta={fields.fte}
          label="Staff time, in FTE (staff time only)"
          hint="Full-time equivalent: 1 is one person full time, 0.2 is one day a week."
          width="sm:w-40"
        />
        <div className="grid gap-6 sm:grid-cols-2">
          <TextField meta={fields.startDate} label="Start date" type="date" />
          <TextField meta={fields.endDate} label="End date" type="date" />
        </div>
        <TextField meta={fields.value} label="Value, in pounds" hint="What it is worth over the whole period, for example 9,000." width="sm:w-60" />
        <TextareaField
          meta={fields.valuationMethod}
          label="How the value was worked out"
          hint="For example, salary and on-costs of a band 6 practitioner, pro rata; or the room's hire rate of £40 a session."
          rows={2}
        />
        <ChoiceField
          meta={fields.status}
          legend="Status"
          type="radio"
          options={FUNDING_STATUSES.map((s) => ({ value: s.key, label: s.label, hint: s.hint }))}
        />
        <FormActions submitLabel={submitLabel} pending={pending} cancelTo={cancelTo} />
      </Form>
    </>
  );
}
