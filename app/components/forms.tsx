import type { DefaultValue, FieldMetadata, FormMetadata, SubmissionResult } from "@conform-to/react";
import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { Link } from "~/components/ui/link";
import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * GOV.UK-style form parts on top of Conform: a label, an optional hint, the error next to the
 * field, and an error summary at the top linking to each field.
 */

function describedBy(...ids: Array<string | false | undefined>) {
  const joined = ids.filter(Boolean).join(" ");
  return joined || undefined;
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="font-bold text-red-700">
      <span className="sr-only">Error: </span>
      {errors[0]}
    </p>
  );
}

function Hint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="text-slate-600">
      {children}
    </p>
  );
}

const inputClass = "block w-full rounded-none border-2 border-slate-800 bg-white px-2 py-1.5 text-base aria-[invalid=true]:border-red-700";

function FieldShell({ invalid, children }: { invalid: boolean; children: ReactNode }) {
  return <div className={`space-y-1 ${invalid ? "border-l-4 border-red-700 pl-3" : ""}`}>{children}</div>;
}

type TextFieldProps = {
  meta: FieldMetadata<string | number | undefined | null>;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "password" | "date" | "number" | "url" | "datetime-local";
  autoComplete?: string;
  width?: string;
  list?: string;
};

export function TextField({ meta, label, hint, type = "text", autoComplete, width, list }: TextFieldProps) {
  const hintId = `${meta.id}-hint`;
  const invalid = Boolean(meta.errors?.length);
  const { key, ...props } = getInputProps(meta, { type, ariaAttributes: false });
  return (
    <FieldShell invalid={invalid}>
      <label htmlFor={meta.id} className="block text-lg font-bold">
        {label}
      </label>
      <Hint id={hintId}>{hint}</Hint>
      <FieldError id={meta.errorId} errors={meta.errors} />
      <input
        key={key}
        {...props}
        autoComplete={autoComplete}
        list={list}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hint ? hintId : undefined, invalid && meta.errorId)}
        className={`${inputClass} ${width ?? ""}`}
      />
    </FieldShell>
  );
}

export function TextareaField({
  meta,
  label,
  hint,
  rows = 4,
}: {
  meta: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: ReactNode;
  rows?: number;
}) {
  const hintId = `${meta.id}-hint`;
  const invalid = Boolean(meta.errors?.length);
  const { key, ...props } = getTextareaProps(meta, { ariaAttributes: false });
  return (
    <FieldShell invalid={invalid}>
      <label htmlFor={meta.id} className="block text-lg font-bold">
        {label}
      </label>
      <Hint id={hintId}>{hint}</Hint>
      <FieldError id={meta.errorId} errors={meta.errors} />
      <textarea
        key={key}
        {...props}
        rows={rows}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hint ? hintId : undefined, invalid && meta.errorId)}
        className={inputClass}
      />
    </FieldShell>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder,
}: {
  meta: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: ReactNode;
  options: ReadonlyArray<{ value: string; label: string }>;
  placeholder?: string;
}) {
  const hintId = `${meta.id}-hint`;
  const invalid = Boolean(meta.errors?.length);
  const { key, ...props } = getSelectProps(meta, { ariaAttributes: false });
  return (
    <FieldShell invalid={invalid}>
      <label htmlFor={meta.id} className="block text-lg font-bold">
        {label}
      </label>
      <Hint id={hintId}>{hint}</Hint>
      <FieldError id={meta.errorId} errors={meta.errors} />
      <select
        key={key}
        {...props}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hint ? hintId : undefined, invalid && meta.errorId)}
        className={`${inputClass} sm:w-auto`}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Checkboxes (several answers) or radios (one answer) in a fieldset with a legend. */
export function ChoiceField({
  meta,
  legend,
  hint,
  type,
  options,
}: {
  meta: FieldMetadata<string[] | string | undefined | null>;
  legend: string;
  hint?: ReactNode;
  type: "checkbox" | "radio";
  options: ReadonlyArray<{ value: string; label: string; hint?: string }>;
}) {
  const hintId = `${meta.id}-hint`;
  const invalid = Boolean(meta.errors?.length);
  const collection = getCollectionProps(meta, {
    type,
    options: options.map((option) => option.value),
    ariaAttributes: false,
  });
  return (
    <FieldShell invalid={invalid}>
      <fieldset id={meta.id} tabIndex={-1} aria-describedby={describedBy(hint ? hintId : undefined, invalid && meta.errorId)} className="space-y-2">
        <legend className="text-lg font-bold">{legend}</legend>
        <Hint id={hintId}>{hint}</Hint>
        <FieldError id={meta.errorId} errors={meta.errors} />
        {collection.map(({ key, ...props }, index) => {
          const option = options[index]!;
          const optionHintId = `${props.id}-hint`;
          return (
            <div key={key} className="flex items-start gap-3">
              <input {...props} aria-describedby={option.hint ? optionHintId : undefined} className="mt-1 size-6 shrink-0 accent-brand-700" />
              <label htmlFor={props.id} className="text-base">
                {option.label}
                {option.hint ? (
                  <span id={optionHintId} className="block text-sm text-slate-600">
                    {option.hint}
                  </span>
                ) : null}
              </label>
            </div>
          );
        })}
      </fieldset>
    </FieldShell>
  );
}

/**
 * "There is a problem" above the form, linking each error to its field. Shown after a
 * submission, focused so that screen reader and keyboard users land on it.
 */
export function ErrorSummary({
  form,
  fields,
}: {
  form: Pick<FormMetadata, "id" | "status" | "allErrors">;
  /** Conform's fields: a proxy that answers any field name, so look names up, never list them. */
  fields: Record<string, { id: string }>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(form.allErrors).filter(([, errors]) => errors.length > 0);
  const visible = form.status === "error" && entries.length > 0;
  // Count submit attempts, so that focus moves here after each one, and never while typing
  // (moving focus on every re-validation would scroll the page under the pointer).
  const [attempts, setAttempts] = useState(0);
  useEffect(() => {
    const element = document.getElementById(form.id);
    const onSubmit = () => setAttempts((count) => count + 1);
    element?.addEventListener("submit", onSubmit);
    return () => element?.removeEventListener("submit", onSubmit);
  }, [form.id]);
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [visible, attempts]);
  if (!visible) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby={`${form.id}-error-summary-title`}
      className="mb-6 border-4 border-red-700 bg-white p-4"
    >
      <h2 id={`${form.id}-error-summary-title`} className="text-xl font-bold">
        There is a problem
      </h2>
      <ul className="mt-2 list-none space-y-1">
        {entries.map(([name, errors]) => {
          // Form-level errors (a wrong password, too many attempts) have no field to link to.
          const fieldId = name && name !== form.id ? fields[name]?.id : undefined;
          return (
            <li key={name}>
              {fieldId ? (
                <a href={`#${fieldId}`} className="font-bold text-red-700 underline">
                  {errors[0]}
                </a>
              ) : (
                <span className="font-bold text-red-700">{errors[0]}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The end of a form: its submit button, and a way back without saving. */
export function FormActions({
  submitLabel,
  pending,
  cancelTo,
  relative,
}: {
  submitLabel: ReactNode;
  pending: boolean;
  cancelTo: string;
  relative?: "path";
}) {
  return (
    <div className="flex flex-wrap items-center gap-6">
      <SubmitButton pending={pending}>{submitLabel}</SubmitButton>
      <Link to={cancelTo} relative={relative} className="text-lg text-brand-700 underline">
        Cancel
      </Link>
    </div>
  );
}

export function SubmitButton({ children, pending }: { children: ReactNode; pending?: boolean }) {
  return (
    <button
      type="submit"
      aria-disabled={pending || undefined}
      className="inline-block bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800 aria-disabled:opacity-70"
    >
      {children}
    </button>
  );
}

/**
 * Each schema's HTML constraints (required, maxLength…), worked out once: a schema never changes,
 * and the feed renders a reply form per thread on every view.
 */
const constraints = new WeakMap<z.ZodType, ReturnType<typeof getZodConstraint>>();
function constraintOf(schema: z.ZodType) {
  let constraint = constraints.get(schema);
  if (!constraint) {
    constraint = getZodConstraint(schema);
    constraints.set(schema, constraint);
  }
  return constraint;
}

/**
 * Conform's useForm with the portal's one way of validating (decision 005): the same zod schema
 * in the browser and on the server, checked when the form is sent, never while typing.
 */
export function useSchemaForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  schema: Schema,
  options: {
    id: string;
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: DefaultValue<z.input<Schema>>;
  },
) {
  return useForm<z.input<Schema> & Record<string, unknown>, z.output<Schema>>({
    ...options,
    constraint: constraintOf(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
