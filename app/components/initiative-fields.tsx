import type { FieldMetadata } from "@conform-to/react";
import { ChoiceField, TextareaField, TextField } from "~/components/forms";
import { labelOf, MODELS_OF_ACTIVITY, RATIONALES, SECTORS, TARGET_GROUP_SUGGESTIONS } from "~/modules/study/study";

type Text = FieldMetadata<string | undefined | null>;

/** The fields that describe an initiative, shared by "Create an initiative" and its settings. */
export function InitiativeFields({
  fields,
  agencies,
  agenciesHint,
}: {
  fields: {
    name: Text;
    targetGroup: Text;
    rationales: FieldMetadata<string[] | undefined | null>;
    modelOfActivity: Text;
    aims: Text;
    localAuthority: Text;
    startDate: Text;
    agencyIds: FieldMetadata<string[] | undefined | null>;
  };
  agencies: ReadonlyArray<{ id: string; name: string; sector: string }>;
  agenciesHint: string;
}) {
  return (
    <>
      <TextField meta={fields.name} label="Name" hint="For example, Northshire SEND Early Help Partnership." />
      <TextField
        meta={fields.targetGroup}
        label="Who the initiative is for"
        hint="The target group: for example, looked-after children. Pick a suggestion or type your own."
        list="target-group-suggestions"
      />
      <datalist id="target-group-suggestions">
        {TARGET_GROUP_SUGGESTIONS.map((suggestion) => (
          <option key={suggestion} value={suggestion} />
        ))}
      </datalist>
      <ChoiceField
        meta={fields.rationales}
        legend="Why was it started?"
        hint="Choose all that apply."
        type="checkbox"
        options={RATIONALES.map((r) => ({ value: r.key, label: r.label, hint: r.hint }))}
      />
      <ChoiceField
        meta={fields.modelOfActivity}
        legend="How do the agencies work together?"
        hint="Choose the model closest to yours."
        type="radio"
        options={MODELS_OF_ACTIVITY.map((m) => ({ value: m.key, label: m.label, hint: m.hint }))}
      />
      <TextareaField
        meta={fields.aims}
        label="Aims"
        hint="What the partnership wants to achieve for children and families, in a few sentences."
        rows={5}
      />
      <TextField meta={fields.localAuthority} label="Local authority" hint="For example, Northshire County Council." />
      <TextField meta={fields.startDate} label="Start date" type="date" width="sm:w-60" />
      <ChoiceField
        meta={fields.agencyIds}
        legend="Agencies taking part"
        hint={agenciesHint}
        type="checkbox"
        options={agencies.map((agency) => ({ value: agency.id, label: agency.name, hint: labelOf(SECTORS, agency.sector) }))}
      />
    </>
  );
}
