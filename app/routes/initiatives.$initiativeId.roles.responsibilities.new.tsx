import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ResponsibilityForm } from "~/components/roles/responsibility-form";
import { getInitiativeAgencies } from "~/modules/initiatives/queries.server";
import { saveResponsibility } from "~/modules/roles/commands.server";
import { ResponsibilitySchema } from "~/modules/roles/schema";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Add a shared responsibility – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  return { initiativeId: access.initiativeId, agencies: await getInitiativeAgencies(access.initiativeId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const submission = parseWithZod(await request.formData(), { schema: ResponsibilitySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await saveResponsibility(access, null, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result, "title")), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/roles?responsibility=saved#matrix`);
}

export default function NewResponsibility() {
  const { initiativeId, agencies } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="max-w-3xl">
      <h2 className="mb-6 text-2xl font-bold">Add a shared responsibility</h2>
      <ResponsibilityForm
        lastResult={lastResult}
        agencies={agencies}
        submitLabel="Add responsibility"
        pending={navigation.state !== "idle"}
        cancelTo={`/initiatives/${initiativeId}/roles`}
      />
    </div>
  );
}
