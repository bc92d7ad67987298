import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { ProblemNotice } from "~/components/ui/notice";
import { getMemberForConfirmation } from "~/modules/membership/queries.server";
import { removeMember } from "~/modules/membership/commands.server";
import { ROLE_LABELS, isInitiativeRole } from "~/utils/policy";
import { notFound, requireAllowed, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Remove a member – Partnership Portal" }];

/** Confirmation before removing a member, or before leaving (one's own membership). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const member = await getMemberForConfirmation(access.initiativeId, params.membershipId ?? "");
  if (!member) notFound();
  const leaving = member.userId === access.user.id;
  if (!leaving) await requireAllowed(request, access, "manage_members");
  return { member: { name: member.user.name, role: member.role, agency: member.agency.name, label: member.label }, leaving };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const result = await removeMember(access, params.membershipId ?? "");
  if (!result.ok) return data(result, { status: 400 });
  if (result.leaving) return redirect(`/initiatives?left=${encodeURIComponent(result.name)}`);
  return redirect(`/initiatives/${access.initiativeId}/members?removed=1`);
}

export default function RemoveMember() {
  const { member, leaving } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const role = isInitiativeRole(member.role) ? ROLE_LABELS[member.role].toLowerCase() : member.role;
  return (
    <div className="max-w-2xl space-y-6">
      {refusal ? (
        <ProblemNotice title={leaving ? "You have not left" : "Nobody was removed"}>
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <h2 className="text-2xl font-bold">{leaving ? "Leave this initiative?" : `Remove ${member.name} from this initiative?`}</h2>
      <p className="text-lg">
        {leaving
          ? `You are its ${role}, representing ${member.agency}. You will no longer see the initiative or take part. A lead can invite you back.`
          : `${member.label} is its ${role}. They will no longer see the initiative or take part. Their past contributions stay on record.`}
      </p>
      <div className="flex flex-wrap items-center gap-6">
        <Form method="post">
          <DangerButton>{leaving ? "Yes, leave" : `Yes, remove ${member.name}`}</DangerButton>
        </Form>
        <Link to="../.." relative="path" className="text-lg text-brand-700 underline">
          No, go back
        </Link>
      </div>
    </div>
  );
}
