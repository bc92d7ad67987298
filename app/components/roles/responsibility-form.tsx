import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorSummary, FormActions, TextField, useSchemaForm } from "~/components/forms";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { RACI_KINDS, RACI_LABELS } from "~/modules/roles/register";
import { ResponsibilitySchema } from "~/modules/roles/schema";

/**
 * A shared responsibility and, for each agency, whether it is responsible, accountable,
 * consulted or informed: a grid of checkboxes, one row per agency.
 */
export function ResponsibilityForm({
  lastResult,
  defaultValue,
  agencies,
  submitLabel,
  pending,
  cancelTo,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: { title: string; assignments: string[] };
  agencies: ReadonlyArray<{ id: string; name: string }>;
  submitLabel: string;
  pending: boolean;
  cancelTo: string;
}) {
  const [form, fields] = useSchemaForm(ResponsibilitySchema, {
    id: "responsibility",
    lastResult,
    defaultValue,
  });
  const ticked = new Set(defaultValue?.assignments ?? []);
  const errors = fields.assignments.errors;
  return (
    <>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <TextField
          meta={fields.title}
          label="Responsibility"
          hint="Something the partnership needs done, for example: Chair the strategic group, or Hold the pooled budget."
        />
        <fieldset id={fields.assignments.id} tabIndex={-1} aria-describedby="raci-hint" className="space-y-2">
          <legend className="text-lg font-bold">Which agency does what</legend>
          <p id="raci-hint" className="text-slate-600">
            Every responsibility needs at least one agency <strong>responsible</strong> and exactly one <strong>accountable</strong>. The register
            flags gaps and overlaps.
          </p>
          {errors?.length ? <p className="font-bold text-red-700">{errors[0]}</p> : null}
          <Table width="fit">
            <TableHead>
              <ColumnHeader>Agency</ColumnHeader>
              {RACI_KINDS.map((kind) => (
                <ColumnHeader key={kind} className="text-center">
                  {RACI_LABELS[kind].label}
                  <span className="block text-sm font-normal text-slate-600">{RACI_LABELS[kind].hint}</span>
                </ColumnHeader>
              ))}
            </TableHead>
            <tbody>
              {agencies.map((agency) => (
                <TableRow key={agency.id}>
                  <RowHeader>{agency.name}</RowHeader>
                  {RACI_KINDS.map((kind) => {
                    const value = `${agency.id}:${kind}`;
                    const id = `raci-${agency.id}-${kind}`;
                    return (
                      <Cell key={kind} className="text-center">
                        <input
                          id={id}
                          type="checkbox"
                          name="assignments"
                          value={value}
                          defaultChecked={ticked.has(value)}
                          aria-label={`${agency.name}: ${RACI_LABELS[kind].label.toLowerCase()}`}
                          className="size-6 accent-brand-700"
                        />
                      </Cell>
                    );
                  })}
                </TableRow>
              ))}
            </tbody>
          </Table>
        </fieldset>
        <FormActions submitLabel={submitLabel} pending={pending} cancelTo={cancelTo} />
      </Form>
    </>
  );
}
