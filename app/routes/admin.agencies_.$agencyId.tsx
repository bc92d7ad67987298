import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { ChoiceField, ErrorSummary, FormActions, TextField, useSchemaForm } from "~/components/forms";
import { getAgency } from "~/modules/admin/queries.server";
import { updateAgency } from "~/modules/admin/commands.server";
import { AgencySchema } from "~/modules/admin/schema";
import { SECTORS } from "~/modules/study/study";
import { notFound, requireAdmin } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `Change ${data.agency.name} – Administration – Partnership Portal` : "Page not found – Partnership Portal",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const agency = await getAgency(params.agencyId ?? "");
  if (!agency) notFound();
  return { agency };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: AgencySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateAgency(admin, params.agencyId ?? "", submission.value);
  if (!result.ok) {
    if ("notFound" in result) notFound();
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/admin/agencies?updated=${result.agencyId}`);
}

export default function EditAgency() {
  const { agency } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(AgencySchema, {
    id: "edit-agency",
    lastResult,
    defaultValue: { name: agency.name, sector: agency.sector },
  });

  return (
    <section aria-labelledby="edit-agency-heading" className="max-w-2xl space-y-4">
      <p>
        <Link to="/admin/agencies" className="text-brand-700 underline">
          Back to agencies
        </Link>
      </p>
      <h2 id="edit-agency-heading" className="text-2xl font-bold">
        Change {agency.name}
      </h2>
      <p className="text-lg">The new name and sector show at once wherever the agency appears, in every initiative it takes part in.</p>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <TextField meta={fields.name} label="Agency name" autoComplete="off" />
        <ChoiceField
          meta={fields.sector}
          legend="Sector"
          type="radio"
          options={SECTORS.map((sector) => ({ value: sector.key, label: sector.label }))}
        />
        <FormActions submitLabel="Save changes" pending={navigation.state !== "idle"} cancelTo="/admin/agencies" />
      </Form>
    </section>
  );
}
