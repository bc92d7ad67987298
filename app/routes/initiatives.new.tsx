import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, FormActions, useSchemaForm } from "~/components/forms";
import { InitiativeFields } from "~/components/initiative-fields";
import { PageHeading } from "~/components/ui/page-heading";
import { listAgencies } from "~/modules/accounts/queries.server";
import { createInitiative } from "~/modules/initiatives/commands.server";
import { InitiativeSchema } from "~/modules/initiatives/schema";
import { requireUser } from "~/utils/auth.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Create an initiative – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { agencies: await listAgencies(), myAgencyId: user.agencyId };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: InitiativeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createInitiative(user, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${result.initiativeId}?created=1`);
}

export default function NewInitiative() {
  const { agencies, myAgencyId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(InitiativeSchema, {
    id: "new-initiative",
    lastResult,
    defaultValue: { agencyIds: [myAgencyId] },
  });

  return (
    <div className="max-w-2xl">
      <PageHeading caption="My initiatives">Create an initiative</PageHeading>
      <p className="mb-6 text-lg">
        An initiative is a piece of joint work between agencies. You will be its lead: you can invite colleagues and change these details later.
      </p>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-8">
        <InitiativeFields
          fields={fields}
          agencies={agencies}
          agenciesHint="Include your own agency. If an agency is missing, its staff add it when they create their account; you can add it here later."
        />
        <FormActions submitLabel="Create initiative" pending={navigation.state !== "idle"} cancelTo="/initiatives" />
      </Form>
    </div>
  );
}
