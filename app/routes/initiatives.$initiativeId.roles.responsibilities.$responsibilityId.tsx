import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ResponsibilityForm } from "~/components/roles/responsibility-form";
import { DangerButton } from "~/components/ui/danger-button";
import { getInitiativeAgencies } from "~/modules/initiatives/queries.server";
import { deleteResponsibility, saveResponsibility } from "~/modules/roles/commands.server";
import { getResponsibility } from "~/modules/roles/queries.server";
import { ResponsibilitySchema } from "~/modules/roles/schema";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Change a shared responsibility – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const responsibility = await getResponsibility(access.initiativeId, params.responsibilityId ?? "");
  if (!responsibility) notFound();
  return {
    initiativeId: access.initiativeId,
    agencies: await getInitiativeAgencies(access.initiativeId),
    values: {
      title: responsibility.title,
      assignments: responsibility.assignments.map((a) => `${a.agencyId}:${a.kind}`),
    },
    confirmDelete: new URL(request.url).searchParams.get("delete") === "1",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const formData = await request.formData();
  if (formData.get("intent") === "delete") {
    const result = await deleteResponsibility(access, params.responsibilityId ?? "");
    if (!result.ok) notFound();
    return redirect(`/initiatives/${access.initiativeId}/roles?responsibility=removed#matrix`);
  }
  const submission = parseWithZod(formData, { schema: ResponsibilitySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await saveResponsibility(access, params.responsibilityId ?? "", submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result, "title")), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/roles?responsibility=saved#matrix`);
}

export default function EditResponsibility() {
  const { initiativeId, agencies, values, confirmDelete } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="max-w-3xl">
      <h2 className="mb-6 text-2xl font-bold">Change the responsibility: {values.title}</h2>
      <ResponsibilityForm
        lastResult={lastResult}
        defaultValue={values}
        agencies={agencies}
        submitLabel="Save responsibility"
        pending={navigation.state !== "idle"}
        cancelTo={`/initiatives/${initiativeId}/roles`}
      />
      <section aria-labelledby="remove-heading" className="mt-10 border-t border-slate-300 pt-6">
        <h3 id="remove-heading" className="text-xl font-bold">
          Remove this responsibility
        </h3>
        {confirmDelete ? (
          <Form method="post" className="mt-3 space-y-3">
            <p className="text-lg">Remove “{values.title}” and who does what for it? The audit log keeps a record.</p>
            <input type="hidden" name="intent" value="delete" />
            <DangerButton>Yes, remove it</DangerButton>
          </Form>
        ) : (
          <p className="mt-3">
            <a href="?delete=1" className="text-red-700 underline">
              Remove this responsibility…
            </a>
          </p>
        )}
      </section>
    </div>
  );
}
