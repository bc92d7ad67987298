import type { FieldMetadata } from "@conform-to/react";
import { ChoiceField } from "~/components/forms";

/**
 * "Record it anyway": shown only after the server has warned that a change takes a stream over
 * its total (the warning is the field's error), or when it was ticked before. Nothing is
 * over-spent without someone saying so on purpose.
 */
export function OverspendConfirmation({ meta, label }: { meta: FieldMetadata<"yes" | undefined>; label: string }) {
  const show = Boolean(meta.errors?.length) || meta.initialValue === "yes";
  if (!show) return null;
  return (
    <div className="border-l-4 border-amber-600 bg-amber-50 p-4">
      <ChoiceField meta={meta} legend="More than the stream's total" type="checkbox" options={[{ value: "yes", label }]} />
    </div>
  );
}
