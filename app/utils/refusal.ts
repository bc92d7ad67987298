/**
 * A module's refusal: it will not do what was asked, says why in a sentence for the person,
 * and names the form field the sentence is about, if any. Nothing was changed.
 */
export type Refused<Field extends string = string> = { ok: false; field?: Field; message: string };

export function refused<Field extends string = string>(message: string, field?: Field): Refused<Field> {
  return { ok: false, field, message };
}

/**
 * A refusal as the errors of Conform's `submission.reply(…)`: next to its field when it names one
 * (or `fallbackField`, the field a page shows it beside when it names none), otherwise in the
 * summary above the form.
 */
export function refusalErrors(
  refusal: { message: string; field?: string },
  fallbackField?: string,
): { formErrors: string[] } | { fieldErrors: Record<string, string[]> } {
  const field = refusal.field ?? fallbackField;
  return field ? { fieldErrors: { [field]: [refusal.message] } } : { formErrors: [refusal.message] };
}
