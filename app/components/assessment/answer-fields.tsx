import type { FieldMetadata } from "@conform-to/react";
import { getCollectionProps, getInputProps, getTextareaProps } from "@conform-to/react";
import type { ReactNode } from "react";

/**
 * The response form's parts: a row of radios in a fieldset (a 1–5 scale, or severities), and
 * small text areas for evidence and examples. Errors sit above the field, GOV.UK style.
 */

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="font-bold text-red-700">
      <span className="sr-only">Error: </span>
      {errors[0]}
    </p>
  );
}

/** One question answered on a scale: radios side by side (stacked on narrow screens). */
export function ScaleField({
  meta,
  legend,
  caption,
  options,
  children,
}: {
  meta: FieldMetadata<string | undefined | null>;
  legend: ReactNode;
  /** A short line above the legend, e.g. the factor's name. */
  caption?: ReactNode;
  options: ReadonlyArray<{ value: string; label: string; hint?: string }>;
  /** Shown under the radios, inside the fieldset: "why it matters", an evidence box. */
  children?: ReactNode;
}) {
  const invalid = Boolean(meta.errors?.length);
  const collection = getCollectionProps(meta, { type: "radio", options: options.map((o) => o.value), ariaAttributes: false });
  return (
    <div className={`border-t border-slate-300 pt-5 ${invalid ? "border-l-4 border-l-red-700 pl-3" : ""}`}>
      <fieldset id={meta.id} tabIndex={-1} aria-describedby={invalid ? meta.errorId : undefined} className="space-y-3">
        <legend className="text-lg">
          {caption ? <span className="block text-base font-bold text-slate-700">{caption}</span> : null}
          <span className="block font-bold">{legend}</span>
        </legend>
        <FieldError id={meta.errorId} errors={meta.errors} />
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:gap-x-2">
          {collection.map(({ key, ...props }, index) => {
            const option = options[index]!;
            return (
              <div
                key={key}
                className="flex items-center gap-2 border-2 border-slate-300 bg-white px-3 py-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
              >
                <input {...props} className="size-6 shrink-0 accent-brand-700" />
                <label htmlFor={props.id} className="text-base">
                  <span className="font-bold">{option.label}</span>
                  {option.hint ? <span className="block text-sm text-slate-700">{option.hint}</span> : null}
                </label>
              </div>
            );
          })}
        </div>
        {children}
      </fieldset>
    </div>
  );
}

/** A tick box on its own (a benefit gained). */
export function TickField({ meta, label, hint }: { meta: FieldMetadata<string | undefined | null>; label: string; hint?: string }) {
  const { key, ...props } = getInputProps(meta, { type: "checkbox", value: "yes", ariaAttributes: false });
  const hintId = `${meta.id}-hint`;
  return (
    <div className="flex items-start gap-3">
      <input key={key} {...props} aria-describedby={hint ? hintId : undefined} className="mt-1 size-6 shrink-0 accent-brand-700" />
      <label htmlFor={meta.id} className="text-lg font-bold">
        {label}
        {hint ? (
          <span id={hintId} className="block text-base font-normal text-slate-700">
            {hint}
          </span>
        ) : null}
      </label>
    </div>
  );
}

/** A short optional text: evidence for a rating, or an example of a benefit. */
export function NoteField({
  meta,
  label,
  hint,
  rows = 2,
}: {
  meta: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: string;
  rows?: number;
}) {
  const invalid = Boolean(meta.errors?.length);
  const hintId = `${meta.id}-hint`;
  const { key, ...props } = getTextareaProps(meta, { ariaAttributes: false });
  return (
    <div className={`space-y-1 ${invalid ? "border-l-4 border-red-700 pl-3" : ""}`}>
      <label htmlFor={meta.id} className="block font-bold">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <FieldError id={meta.errorId} errors={meta.errors} />
      <textarea
        key={key}
        {...props}
        rows={rows}
        aria-invalid={invalid || undefined}
        aria-describedby={[hint ? hintId : "", invalid ? meta.errorId : ""].filter(Boolean).join(" ") || undefined}
        className="block w-full max-w-2xl rounded-none border-2 border-slate-800 bg-white px-2 py-1.5 text-base aria-[invalid=true]:border-red-700"
      />
    </div>
  );
}
