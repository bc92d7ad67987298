import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorSummary, FormActions, SelectField, TextField, TextareaField, useSchemaForm } from "~/components/forms";
import { SPENDING_CATEGORIES } from "~/modules/funding/funding";
import { ExpenditureSchema } from "~/modules/funding/schema";
import { OverspendConfirmation } from "./overspend-confirmation";

type Option = { value: string; label: string };

/** The form to record or change spending against one of the initiative's funding streams. */
export function SpendingForm({
  lastResult,
  defaultValue,
  streams,
  submitLabel,
  pending,
  cancelTo,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Record<string, string>;
  /** The streams this person may record spending against, each with what is left of it. */
  streams: Option[];
  submitLabel: string;
  pending: boolean;
  cancelTo: string;
}) {
  const [form, fields] = useSchemaForm(ExpenditureSchema, {
    id: "spending",
    lastResult,
    defaultValue,
  });
  return (
    <>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <SelectField
          meta={fields.streamId}
          label="Funding stream"
          hint="The money it came from, with what is left of it now."
          placeholder={streams.length === 1 ? undefined : "Choose a funding stream"}
          options={streams}
        />
        <TextField
          meta={fields.spentOn}
          label="Date spent"
          hint="Within the stream's period, and not in the future: record spending once it has been made."
          type="date"
          width="sm:w-60"
        />
        <TextField meta={fields.amount} label="Amount, in pounds" hint="For example, 2,500 or 349.99." width="sm:w-60" />
        <TextField
          meta={fields.category}
          label="Category"
          hint={`Choose a suggestion or type your own: ${SPENDING_CATEGORIES.slice(0, 4).join(", ")}…`}
          list="spending-categories"
          width="sm:w-96"
        />
        <datalist id="spending-categories">
          {SPENDING_CATEGORIES.map((category) => (
            <option key={category} value={category} />
          ))}
        </datalist>
        <TextareaField
          meta={fields.description}
          label="What it was spent on"
          hint="For example, Autism awareness training for 20 early years staff. No personal details of children or families."
          rows={3}
        />
        <TextField meta={fields.approvedBy} label="Approved by" hint="Their name and role, for example Priya Shah, partnership lead." />
        <OverspendConfirmation meta={fields.recordAnyway} label="Record it anyway: I know this takes the stream over its total" />
        <FormActions submitLabel={submitLabel} pending={pending} cancelTo={cancelTo} />
      </Form>
    </>
  );
}
