import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { PageHeading } from "~/components/ui/page-heading";
import { ProblemNotice } from "~/components/ui/notice";
import { acceptInvitation } from "~/modules/membership/commands.server";
import { getInvitationByToken } from "~/modules/membership/queries.server";
import { getSessionUser, requireUser } from "~/utils/auth.server";
import { formatCalendarDate } from "~/utils/dates";
import { ROLE_LABELS, isInitiativeRole } from "~/utils/policy";
import { getMembership } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Invitation – Partnership Portal" }];

/** The page an invitation link opens. The link itself is the proof of being invited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await getInvitationByToken(params.token ?? "");
  const session = await getSessionUser(request);
  const signedInAs = session ? session.user.email : null;
  const alreadyMember = session && invitation.state !== "unknown" ? Boolean(await getMembership(session.user.id, invitation.initiativeId)) : false;
  const here = new URL(request.url).pathname;
  return { invitation, signedInAs, alreadyMember, here };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const result = await acceptInvitation(params.token ?? "", user);
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/initiatives/${result.initiativeId}?joined=1`);
}

export default function Invitation() {
  const { invitation, signedInAs, alreadyMember, here } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();

  if (invitation.state === "unknown") {
    return (
      <Message title="This invitation link is not valid">
        <p>Check that you copied the whole link. If it still does not work, ask the person who invited you for a new one.</p>
      </Message>
    );
  }
  const ask = `Ask ${invitation.invitedBy} (who invited you) for a new invitation.`;
  if (alreadyMember) {
    return (
      <Message title={`You are already a member of ${invitation.initiativeName}`}>
        <p>
          <Link to={`/initiatives/${invitation.initiativeId}`} className="text-brand-700 underline">
            Go to {invitation.initiativeName}
          </Link>
        </p>
      </Message>
    );
  }
  if (invitation.state === "expired") {
    return (
      <Message title="This invitation has expired">
        <p>
          It could be used until {formatCalendarDate(invitation.expiresAt)}. {ask}
        </p>
      </Message>
    );
  }
  if (invitation.state === "revoked") {
    return (
      <Message title="This invitation was withdrawn">
        <p>It can no longer be used. {ask}</p>
      </Message>
    );
  }
  if (invitation.state === "accepted") {
    return (
      <Message title="This invitation has already been used">
        <p>Each invitation link works once. {ask}</p>
      </Message>
    );
  }

  const role = isInitiativeRole(invitation.role) ? ROLE_LABELS[invitation.role].toLowerCase() : invitation.role;
  const back = encodeURIComponent(here);
  return (
    <div className="max-w-2xl space-y-6 text-lg">
      {refusal ? (
        <ProblemNotice title="You have not joined">
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <PageHeading caption="Invitation">Join {invitation.initiativeName}</PageHeading>
      <p>
        {invitation.invitedBy} has invited <strong>{invitation.email}</strong> to join as a <strong>{role}</strong>, representing{" "}
        <strong>{invitation.agencyName}</strong>.
      </p>
      <p className="text-slate-700">This invitation can be used until {formatCalendarDate(invitation.expiresAt)}.</p>
      {signedInAs === null ? (
        <div className="space-y-3">
          <p>To join, create an account with {invitation.email}, or sign in if you have one.</p>
          <div className="flex flex-wrap items-center gap-6">
            <Link
              to={`/sign-up?redirectTo=${back}&email=${encodeURIComponent(invitation.email)}`}
              className="bg-green-700 px-5 py-2.5 font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800"
            >
              Create an account
            </Link>
            <Link to={`/sign-in?redirectTo=${back}`} className="text-brand-700 underline">
              Sign in
            </Link>
          </div>
        </div>
      ) : signedInAs.toLowerCase() !== invitation.email ? (
        <ProblemNotice title="This invitation is for someone else">
          <p>
            It is for {invitation.email}, and you are signed in as {signedInAs}. Sign out and sign in as {invitation.email}, or ask{" "}
            {invitation.invitedBy} to invite {signedInAs} instead.
          </p>
        </ProblemNotice>
      ) : (
        <Form method="post">
          <button type="submit" className="bg-green-700 px-5 py-2.5 font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800">
            Join {invitation.initiativeName}
          </button>
        </Form>
      )}
    </div>
  );
}

function Message({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="max-w-2xl space-y-4 text-lg">
      <PageHeading caption="Invitation">{title}</PageHeading>
      {children}
    </div>
  );
}
