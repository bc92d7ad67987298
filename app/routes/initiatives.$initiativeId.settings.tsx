import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChoiceField, ErrorSummary, FormActions, useSchemaForm } from "~/components/forms";
import { InitiativeFields } from "~/components/initiative-fields";
import { listAgencies } from "~/modules/accounts/queries.server";
import { INITIATIVE_STATUSES } from "~/modules/study/study";
import { getInitiativeSettings } from "~/modules/initiatives/queries.server";
import { updateInitiativeSettings } from "~/modules/initiatives/commands.server";
import { InitiativeSettingsSchema } from "~/modules/initiatives/schema";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Settings – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "manage_settings");
  const settings = await getInitiativeSettings(access.initiativeId);
  if (!settings) notFound();
  return { settings, agencies: await listAgencies() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "manage_settings");
  const submission = parseWithZod(await request.formData(), { schema: InitiativeSettingsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateInitiativeSettings(access, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}?saved=1`);
}

export default function Settings() {
  const { settings, agencies } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(InitiativeSettingsSchema, {
    id: "settings",
    lastResult,
    defaultValue: settings,
  });

  return (
    <div className="max-w-2xl">
      <h2 className="mb-2 text-2xl font-bold">Settings</h2>
      <p className="mb-6 text-lg">Leads and coordinators can change these. Every change is kept in the audit log.</p>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <ChoiceField
          meta={fields.status}
          legend="Status"
          hint="A paused or closed initiative stays on record and can be made active again."
          type="radio"
          options={INITIATIVE_STATUSES.map((s) => ({ value: s.key, label: s.label }))}
        />
        <InitiativeFields fields={fields} agencies={agencies} agenciesHint="An agency whose staff are members cannot be taken out while they are." />
        <FormActions submitLabel="Save settings" pending={navigation.state !== "idle"} cancelTo=".." relative="path" />
      </Form>
    </div>
  );
}
