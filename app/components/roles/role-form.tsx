import { getFormProps } from "@conform-to/react";
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ChoiceField, ErrorSummary, FormActions, SelectField, TextField, TextareaField, useSchemaForm } from "~/components/forms";
import { TIME_UNITS } from "~/modules/roles/register";
import { MAX_RESPONSIBILITIES, RoleSchema } from "~/modules/roles/schema";

type Option = { value: string; label: string };

/** The form to add or change a role of the register. */
export function RoleForm({
  lastResult,
  defaultValue,
  agencies,
  members,
  roles,
  submitLabel,
  pending,
  cancelTo,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Record<string, string>;
  agencies: Option[];
  members: Option[];
  roles: Option[];
  submitLabel: string;
  pending: boolean;
  cancelTo: string;
}) {
  const [form, fields] = useSchemaForm(RoleSchema, {
    id: "role",
    lastResult,
    defaultValue: { timeUnit: "hours_per_week", ...defaultValue },
  });
  return (
    <>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <TextField meta={fields.title} label="Role title" hint="For example, Chair of the SEND panel, or Early help coordinator." />
        <SelectField meta={fields.agencyId} label="Agency" placeholder="Choose the agency the role belongs to" options={agencies} />
        <SelectField
          meta={fields.holderId}
          label="Who holds it"
          hint="Only members of the initiative can hold a role. Leave it vacant if nobody does yet."
          placeholder="Vacant"
          options={members}
        />
        <TextareaField
          meta={fields.responsibilities}
          label="Responsibilities"
          hint={`Short statements, one on each line (up to ${MAX_RESPONSIBILITIES}). For example: Chairs the monthly panel.`}
          rows={5}
        />
        <SelectField
          meta={fields.accountableToId}
          label="Accountable to"
          hint="The role this one answers to, if any."
          placeholder="Nobody in this register"
          options={roles}
        />
        <fieldset className="space-y-4">
          <legend className="text-lg font-bold">Time committed</legend>
          <ChoiceField
            meta={fields.timeUnit}
            legend="Measured in"
            type="radio"
            options={TIME_UNITS.map((unit) => ({ value: unit.key, label: unit.label }))}
          />
          <TextField meta={fields.timeAmount} label="Amount" hint="For example, 7.5 hours a week, or 0.2 FTE." width="sm:w-40" />
        </fieldset>
        <TextField meta={fields.startDate} label="Start date (optional)" type="date" width="sm:w-60" />
        <TextField meta={fields.endDate} label="End date (optional)" type="date" width="sm:w-60" />
        <FormActions submitLabel={submitLabel} pending={pending} cancelTo={cancelTo} />
      </Form>
    </>
  );
}
