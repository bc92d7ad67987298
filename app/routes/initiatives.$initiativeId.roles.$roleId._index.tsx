import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { RoleForm } from "~/components/roles/role-form";
import { getRegister, getRole, roleFormValues } from "~/modules/roles/queries.server";
import { mayAddRoleFor, mayEditRole } from "~/modules/roles/permissions";
import { updateRole } from "~/modules/roles/commands.server";
import { RoleSchema } from "~/modules/roles/schema";
import { notFound, requireAllowed, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Change a role – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const role = await getRole(access.initiativeId, params.roleId ?? "");
  if (!role) notFound();
  if (!mayEditRole(access, role)) await requireAllowed(request, access, "edit_records");
  const register = await getRegister(access.initiativeId);
  return {
    initiativeId: access.initiativeId,
    title: role.title,
    values: roleFormValues(role),
    agencies: register.agencies
      .filter((agency) => agency.id === role.agencyId || mayAddRoleFor(access, agency.id))
      .map((a) => ({ value: a.id, label: a.name })),
    members: register.members.map((m) => ({ value: m.id, label: m.label })),
    roles: register.roles.filter((r) => r.id !== role.id).map((r) => ({ value: r.id, label: `${r.title} (${r.agency.name})` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_own_records");
  const submission = parseWithZod(await request.formData(), { schema: RoleSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await updateRole(access, params.roleId ?? "", submission.value);
  if (!result.ok) {
    return data(submission.reply(refusalErrors(result)), { status: 400 });
  }
  return redirect(`/initiatives/${access.initiativeId}/roles?saved=1`);
}

export default function EditRole() {
  const { initiativeId, title, values, agencies, members, roles } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="max-w-2xl">
      <h2 className="mb-6 text-2xl font-bold">Change the role: {title}</h2>
      <RoleForm
        lastResult={lastResult}
        defaultValue={values}
        agencies={agencies}
        members={members}
        roles={roles}
        submitLabel="Save role"
        pending={navigation.state !== "idle"}
        cancelTo={`/initiatives/${initiativeId}/roles`}
      />
      <p className="mt-10 border-t border-slate-300 pt-6">
        <Link to="delete" className="text-lg text-red-700 underline">
          Remove this role from the register
        </Link>
      </p>
    </div>
  );
}
