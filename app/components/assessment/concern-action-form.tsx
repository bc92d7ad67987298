import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorSummary, SelectField, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { ConcernActionSchema } from "~/modules/assessment/schema";

/** "Create an action" beside a factor rated a concern: one submit puts it in the initiative's actions. */
export function ConcernActionForm({
  factorKey,
  factorLabel,
  owners,
  defaultDueDate,
  lastResult,
  pending,
}: {
  factorKey: string;
  factorLabel: string;
  owners: ReadonlyArray<{ value: string; label: string }>;
  defaultDueDate: string;
  lastResult: SubmissionResult<string[]> | null | undefined;
  pending: boolean;
}) {
  const [form, fields] = useSchemaForm(ConcernActionSchema, {
    id: `action-${factorKey}`,
    lastResult,
    defaultValue: { intent: "create-action", factorKey, title: `Agree how to improve: ${factorLabel}`, dueDate: defaultDueDate },
  });
  return (
    <details open={Boolean(lastResult)} className="no-print border-2 border-slate-300 bg-white p-3">
      <summary className="cursor-pointer text-lg font-bold text-brand-700 underline">
        Create an action<span className="sr-only"> for {factorLabel}</span>
      </summary>
      <div className="mt-3 space-y-4">
        <p>It goes on the initiative&apos;s Actions page, and onto every next meeting&apos;s agenda until it is done.</p>
        <ErrorSummary form={form} fields={fields} />
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input {...getInputProps(fields.intent, { type: "hidden" })} key={fields.intent.key} />
          <input {...getInputProps(fields.factorKey, { type: "hidden" })} key={fields.factorKey.key} />
          <TextField meta={fields.title} label="Action" />
          <SelectField meta={fields.ownerId} label="Who will do it" options={owners} placeholder="Choose a member" />
          <TextField meta={fields.dueDate} label="Due date" type="date" width="sm:w-60" />
          <SubmitButton pending={pending}>
            Create the action<span className="sr-only"> for {factorLabel}</span>
          </SubmitButton>
        </Form>
      </div>
    </details>
  );
}
