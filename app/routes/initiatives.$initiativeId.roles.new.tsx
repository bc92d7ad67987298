import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { RoleForm } from "~/components/roles/role-form";
import { createRole } from "~/modules/roles/commands.server";
import { getRegister } from "~/modules/roles/queries.server";
import { mayAddRoleFor } from "~/modules/roles/permissions";
import { RoleSchema } from "~/modules/roles/schema";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Add a role – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const register = await getRegister(access.initiativeId);
  return {
    initiativeId: access.initiativeId,
    agencies: register.agencies.filter((agency) => mayAddRoleFor(access, agency.id)).map((a) => ({ value: a.id, label: a.name })),
    members: register.members.map((m) => ({ value: m.id, label: m.label })),
    roles: register.roles.map((r) => ({ value: r.id, label: `${r.title} (${r.agency.name})` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const submission = parseWithZod(await request.formData(), { schema: RoleSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createRole(access, submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/roles?added=1`);
}

export default function NewRole() {
  const { initiativeId, agencies, members, roles } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="max-w-2xl">
      <h2 className="mb-2 text-2xl font-bold">Add a role</h2>
      <p className="mb-6 text-lg">A role is a job someone does for the partnership, on behalf of one agency.</p>
      <RoleForm
        lastResult={lastResult}
        agencies={agencies}
        members={members}
        roles={roles}
        submitLabel="Add role"
        pending={navigation.state !== "idle"}
        cancelTo={`/initiatives/${initiativeId}/roles`}
      />
    </div>
  );
}
