import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { useKeptActionData } from "~/utils/use-kept-action-data";
import { CopyLink } from "~/components/copy-link";
import { ChoiceField, ErrorSummary, FormActions, SelectField, TextField, useSchemaForm } from "~/components/forms";
import { SuccessNotice } from "~/components/ui/notice";
import { getInitiativeAgencies } from "~/modules/initiatives/queries.server";
import { inviteMember } from "~/modules/membership/commands.server";
import { INVITATION_DAYS, InviteSchema } from "~/modules/membership/schema";
import { grantableRoles, ROLE_DESCRIPTIONS, ROLE_LABELS } from "~/utils/policy";
import { requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Invite someone – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "invite_members");
  return {
    agencies: await getInitiativeAgencies(access.initiativeId),
    roles: grantableRoles(access.membership.role),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "invite_members");
  const submission = parseWithZod(await request.formData(), { schema: InviteSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), invited: null }, { status: 400 });
  const result = await inviteMember(access, submission.value);
  if (!result.ok) {
    return data({ result: submission.reply(refusalErrors(result, "email")), invited: null }, { status: 400 });
  }
  return {
    result: submission.reply({ resetForm: true }),
    invited: {
      email: submission.value.email,
      role: submission.value.role,
      link: `${new URL(request.url).origin}/invitations/${result.token}`,
    },
  };
}

export default function Invite() {
  const { agencies, roles } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(InviteSchema, {
    id: "invite",
    lastResult: actionData?.result,
    defaultValue: { role: "member" },
  });
  const invited = actionData?.invited;

  return (
    <div className="max-w-2xl">
      <h2 className="mb-4 text-2xl font-bold">Invite someone</h2>
      {invited ? (
        <SuccessNotice title={`Invitation ready for ${invited.email}`}>
          <p className="mb-3">
            Send them this link yourself, by email or your usual secure messaging. It works once, for {invited.email} only, for {INVITATION_DAYS}{" "}
            days.
          </p>
          <CopyLink id="invitation-link" label="Invitation link" link={invited.link} />
          <p className="mt-3">
            <Link to=".." relative="path" className="text-brand-700 underline">
              Back to members
            </Link>
          </p>
        </SuccessNotice>
      ) : (
        <p className="mb-6 text-lg">
          You will get a link to send them. They sign in, or create an account, through it and join straight away. The link works for{" "}
          {INVITATION_DAYS} days.
        </p>
      )}
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <TextField meta={fields.email} label="Their work email address" type="email" autoComplete="off" />
        <ChoiceField
          meta={fields.role}
          legend="Their role in the initiative"
          type="radio"
          options={roles.map((role) => ({ value: role, label: ROLE_LABELS[role], hint: ROLE_DESCRIPTIONS[role] }))}
        />
        <SelectField
          meta={fields.agencyId}
          label="The agency they represent"
          hint="If their agency is not listed, add it to the initiative's agencies in Settings first."
          placeholder="Choose an agency"
          options={agencies.map((agency) => ({ value: agency.id, label: agency.name }))}
        />
        <FormActions
          submitLabel={invited ? "Invite someone else" : "Create invitation"}
          pending={navigation.state !== "idle"}
          cancelTo=".."
          relative="path"
        />
      </Form>
    </div>
  );
}
