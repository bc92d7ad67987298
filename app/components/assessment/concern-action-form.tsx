import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { useEffect } from "react";
import { ErrorSummary, SelectField, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { ConcernActionSchema } from "~/modules/assessment/schema";

/**
 * "Create an action" beside a factor rated a concern: a link that opens the form for that factor alone
 * (`?action=`), so the page carries one form rather than one per concern, with or without JavaScript.
 */
export function ConcernActionLink({ factorKey, factorLabel }: { factorKey: string; factorLabel: string }) {
  return (
    <p className="no-print">
      <Link to={`?action=${factorKey}#${factorKey}`} preventScrollReset className="text-lg font-bold text-brand-700 underline">
        Create an action<span className="sr-only"> for {factorLabel}</span>
      </Link>
    </p>
  );
}

/** The form a ConcernActionLink opens: one submit puts the action in the initiative's actions. */
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
  // Opened by its link, the form takes the focus, with the action's wording ready to change.
  useEffect(() => {
    if (!lastResult) document.getElementById(fields.title.id)?.focus();
  }, [fields.title.id, lastResult]);
  return (
    <section aria-labelledby={`${form.id}-heading`} className="no-print space-y-4 border-2 border-slate-300 bg-white p-3">
      <h5 id={`${form.id}-heading`} className="text-lg font-bold">
        Create an action<span className="sr-only"> for {factorLabel}</span>
      </h5>
      <p>It goes on the initiative&apos;s Actions page, and onto every next meeting&apos;s agenda until it is done.</p>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input {...getInputProps(fields.intent, { type: "hidden" })} key={fields.intent.key} />
        <input {...getInputProps(fields.factorKey, { type: "hidden" })} key={fields.factorKey.key} />
        <TextField meta={fields.title} label="Action" />
        <SelectField meta={fields.ownerId} label="Who will do it" options={owners} placeholder="Choose a member" />
        <TextField meta={fields.dueDate} label="Due date" type="date" width="sm:w-60" />
        <div className="flex flex-wrap items-center gap-6">
          <SubmitButton pending={pending}>
            Create the action<span className="sr-only"> for {factorLabel}</span>
          </SubmitButton>
          <Link to={`.#${factorKey}`} preventScrollReset className="text-lg text-brand-700 underline">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}
