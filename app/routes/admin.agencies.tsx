import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { ChoiceField, ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { SuccessNotice } from "~/components/ui/notice";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { createAgency } from "~/modules/admin/commands.server";
import { listAgenciesWithCounts } from "~/modules/admin/queries.server";
import { AgencySchema } from "~/modules/admin/schema";
import { labelOf, SECTORS } from "~/modules/study/study";
import { requireAdmin } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Agencies – Administration – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { agencies: await listAgenciesWithCounts() };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: AgencySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createAgency(admin, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/admin/agencies?added=${result.agencyId}`);
}

/** The list of agencies with the form to add one. */
export default function AdminAgencies() {
  const { agencies } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(AgencySchema, { id: "add-agency", lastResult });
  // The banners belong to the last save: a later problem with the form replaces them.
  const added = lastResult ? undefined : agencies.find((agency) => agency.id === searchParams.get("added"));
  const updated = lastResult ? undefined : agencies.find((agency) => agency.id === searchParams.get("updated"));

  return (
    <div className="space-y-12">
      <section aria-labelledby="agencies-heading" className="space-y-4">
        <h2 id="agencies-heading" className="text-2xl font-bold">
          Agencies
        </h2>
        {added ? <SuccessNotice flush title={`Agency added: ${added.name}`} /> : null}
        {updated ? <SuccessNotice flush title={`Agency saved: ${updated.name}`} /> : null}
        <p className="max-w-3xl text-lg">
          People choose their agency when they create an account (and may add a missing one there). Initiatives choose the agencies taking part from
          the same list.
        </p>
        {agencies.length === 0 ? (
          <p className="text-lg">There are no agencies yet.</p>
        ) : (
          <Table caption="Agencies, with how many people and initiatives each has" density="roomy" wrapperClassName="relative">
            <TableHead>
              <ColumnHeader>Name</ColumnHeader>
              <ColumnHeader>Sector</ColumnHeader>
              <ColumnHeader numeric>People</ColumnHeader>
              <ColumnHeader numeric>Initiatives</ColumnHeader>
              <ColumnHeader>
                <span className="sr-only">Action</span>
              </ColumnHeader>
            </TableHead>
            <tbody>
              {agencies.map((agency) => (
                <TableRow key={agency.id}>
                  <RowHeader>{agency.name}</RowHeader>
                  <Cell>{labelOf(SECTORS, agency.sector)}</Cell>
                  <Cell numeric>{agency.peopleCount}</Cell>
                  <Cell numeric>{agency.initiativeCount}</Cell>
                  <Cell className="text-right">
                    <Link to={agency.id} className="text-brand-700 underline">
                      Change<span className="sr-only"> {agency.name}</span>
                    </Link>
                  </Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="add-agency-heading" className="max-w-2xl space-y-4">
        <h2 id="add-agency-heading" className="text-2xl font-bold">
          Add an agency
        </h2>
        <ErrorSummary form={form} fields={fields} />
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <TextField
            meta={fields.name}
            label="Agency name"
            hint="Its full name, as staff would look for it: for example, Northshire Community Health NHS Trust."
            autoComplete="off"
          />
          <ChoiceField
            meta={fields.sector}
            legend="Sector"
            type="radio"
            options={SECTORS.map((sector) => ({ value: sector.key, label: sector.label }))}
          />
          <SubmitButton pending={navigation.state !== "idle"}>Add agency</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
