import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { ChoiceField, ErrorSummary, FormActions, SelectField, TextField, useSchemaForm } from "~/components/forms";
import { FUNDING_STATUSES, FUNDING_TYPES } from "~/modules/funding/funding";
import { FundingStreamSchema } from "~/modules/funding/schema";
import { OverspendConfirmation } from "./overspend-confirmation";

type Option = { value: string; label: string };

/** The form to add or change a funding stream: one pot of money, from one agency or funder. */
export function StreamForm({
  lastResult,
  defaultValue,
  agencies,
  streams,
  inKindTo,
  submitLabel,
  pending,
  cancelTo,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Record<string, string>;
  agencies: Option[];
  /** Other streams of the initiative, any of which may continue this one. */
  streams: Option[];
  inKindTo: string;
  submitLabel: string;
  pending: boolean;
  cancelTo: string;
}) {
  const [form, fields] = useSchemaForm(FundingStreamSchema, {
    id: "funding-stream",
    lastResult,
    defaultValue,
  });
  return (
    <>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <TextField meta={fields.name} label="Name" hint="For example, Pooled budget: Children's Services, or DfE SEND pathfinder grant." />
        <ChoiceField
          meta={fields.type}
          legend="Type of funding"
          hint={
            <>
              Giving staff time, rooms or equipment rather than money?{" "}
              <Link to={inKindTo} className="text-brand-700 underline">
                Record an in-kind contribution
              </Link>{" "}
              instead.
            </>
          }
          type="radio"
          options={FUNDING_TYPES.map((t) => ({ value: t.key, label: t.label, hint: t.hint }))}
        />
        <fieldset className="space-y-4">
          <legend className="text-lg font-bold">Who gives the money</legend>
          <SelectField
            meta={fields.agencyId}
            label="Contributing agency"
            hint="One of the agencies of this initiative."
            placeholder="None of these: an outside funder"
            options={agencies}
          />
          <TextField
            meta={fields.funderName}
            label="Or an outside funder"
            hint="Only if none of the initiative's agencies gives it. For example, Department for Education, or the National Lottery Community Fund."
          />
        </fieldset>
        <ChoiceField
          meta={fields.status}
          legend="Status"
          type="radio"
          options={FUNDING_STATUSES.map((s) => ({ value: s.key, label: s.label, hint: s.hint }))}
        />
        <div className="grid gap-6 sm:grid-cols-2">
          <TextField meta={fields.startDate} label="Start date" type="date" />
          <TextField meta={fields.endDate} label="End date" type="date" />
        </div>
        <TextField
          meta={fields.totalAmount}
          label="Total amount, in pounds"
          hint="For the whole period, for example 120,000 or 4,500.50. It is split across the financial years (April to March) the period touches, in proportion to the days in each."
          width="sm:w-60"
        />
        <TextField
          meta={fields.conditions}
          label="Conditions (optional)"
          hint="If the money may be spent only on one thing, say so: for example, Ring-fenced for speech and language therapy. Leave it empty if the partnership may spend it on anything it agrees."
        />
        <SelectField
          meta={fields.successorId}
          label="Continued by (optional)"
          hint="The stream that takes over when this one ends. Streams ending within 6 months with nothing to continue them are flagged on the budget page."
          placeholder="Nothing recorded yet"
          options={streams}
        />
        <OverspendConfirmation meta={fields.recordAnyway} label="Save it anyway: I know spending on this stream is more than its new total" />
        <FormActions submitLabel={submitLabel} pending={pending} cancelTo={cancelTo} />
      </Form>
    </>
  );
}
