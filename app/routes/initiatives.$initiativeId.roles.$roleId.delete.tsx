import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { ProblemNotice } from "~/components/ui/notice";
import { deleteRole } from "~/modules/roles/commands.server";
import { getRole } from "~/modules/roles/queries.server";
import { mayEditRole } from "~/modules/roles/permissions";
import { notFound, requireAllowed, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Remove a role – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const role = await getRole(access.initiativeId, params.roleId ?? "");
  if (!role) notFound();
  if (!mayEditRole(access, role)) await requireAllowed(request, access, "edit_records");
  return { title: role.title, agency: role.agency.name, holder: role.holder?.name ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const result = await deleteRole(access, params.roleId ?? "");
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/roles?removed=1`);
}

export default function DeleteRole() {
  const { title, agency, holder } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  return (
    <div className="max-w-2xl space-y-6">
      {refusal ? (
        <ProblemNotice title="The role was not removed">
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <h2 className="text-2xl font-bold">Remove the role “{title}”?</h2>
      <p className="text-lg">
        {agency}’s role{holder ? `, held by ${holder},` : ""} will leave the register. Roles that answer to it will answer to nobody until you change
        them. The audit log keeps a record of it.
      </p>
      <div className="flex flex-wrap items-center gap-6">
        <Form method="post">
          <DangerButton>Yes, remove the role</DangerButton>
        </Form>
        <Link to=".." relative="path" className="text-lg text-brand-700 underline">
          No, go back
        </Link>
      </div>
    </div>
  );
}
