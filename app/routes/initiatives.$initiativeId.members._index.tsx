import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { useKeptActionData } from "~/utils/use-kept-action-data";
import { CopyLink } from "~/components/copy-link";
import { PersonName, useInitiativePeople } from "~/components/person-name";
import { RoleTag } from "~/components/ui/badges";
import { ProblemNotice, SuccessNotice } from "~/components/ui/notice";
import { labelOf, SECTORS } from "~/modules/study/study";
import { changeMemberRole, renewInvitationLink, revokeInvitation } from "~/modules/membership/commands.server";
import { groupByAgency } from "~/modules/membership/group-by-agency";
import { listMembers, listPendingInvitations } from "~/modules/membership/queries.server";
import { MembersActionSchema } from "~/modules/membership/schema";
import { formatCalendarDate, formatDate } from "~/utils/dates";
import { can, grantableRoles, isInitiativeRole, ROLE_LABELS } from "~/utils/policy";
import { requireAllowed, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Members – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const [members, invitations] = await Promise.all([
    listMembers(access.initiativeId),
    can(access.membership.role, "invite_members") ? listPendingInvitations(access.initiativeId) : [],
  ]);
  return {
    agencies: groupByAgency(members),
    memberCount: members.length,
    invitations,
    me: { membershipId: access.membership.id, role: access.membership.role },
    grantable: grantableRoles(access.membership.role),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const submission = parseWithZod(await request.formData(), { schema: MembersActionSchema });
  if (submission.status !== "success") {
    return data({ ok: false as const, message: "That request was not understood. Reload the page and try again." }, { status: 400 });
  }
  const input = submission.value;
  if (input.intent === "change-role") {
    await requireAllowed(request, access, "manage_members");
    const result = await changeMemberRole(access, input.membershipId, input.role);
    return result.ok
      ? { ok: true as const, message: `${result.name} is now ${ROLE_LABELS[input.role].toLowerCase()}.` }
      : data(result, { status: 400 });
  }
  await requireAllowed(request, access, "invite_members");
  if (input.intent === "revoke-invitation") {
    const result = await revokeInvitation(access, input.invitationId);
    return result.ok
      ? { ok: true as const, message: `The invitation to ${result.email} was withdrawn. Its link no longer works.` }
      : data(result, { status: 400 });
  }
  const result = await renewInvitationLink(access, input.invitationId);
  if (!result.ok) return data(result, { status: 400 });
  return {
    ok: true as const,
    message: `A new link for ${result.email}. The old link no longer works.`,
    link: `${new URL(request.url).origin}/invitations/${result.token}`,
  };
}

export default function Members() {
  const { agencies, memberCount, invitations, me, grantable } = useLoaderData<typeof loader>();
  const result = useKeptActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const canManage = can(me.role, "manage_members");
  const canInvite = can(me.role, "invite_members");

  return (
    <div className="space-y-8">
      {searchParams.get("removed") && !result ? <SuccessNotice title="The member was removed" /> : null}
      {result?.ok ? (
        <SuccessNotice title={result.message}>
          {"link" in result && result.link ? (
            <div className="mt-3">
              <CopyLink id="renewed-link" label="Invitation link (send it to them yourself)" link={result.link} />
            </div>
          ) : null}
        </SuccessNotice>
      ) : result ? (
        <ProblemNotice title="That change was not made">
          <p>{result.message}</p>
        </ProblemNotice>
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-4">
        <h2 className="text-2xl font-bold">
          Members <span className="font-normal text-slate-600">({memberCount})</span>
        </h2>
        <div className="flex flex-wrap items-center gap-4">
          {canInvite ? (
            <Link to="invite" className="bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800">
              Invite someone
            </Link>
          ) : null}
          <Link to={`${me.membershipId}/remove`} className="text-brand-700 underline">
            Leave this initiative
          </Link>
        </div>
      </div>

      {agencies.map(({ agency, members }) => (
        <section key={agency.id} aria-labelledby={`agency-${agency.id}`}>
          <h3 id={`agency-${agency.id}`} className="mb-2 text-xl font-bold">
            {agency.name} <span className="text-base font-normal text-slate-600">({labelOf(SECTORS, agency.sector)})</span>
          </h3>
          <Table>
            <TableHead>
              <ColumnHeader>Name</ColumnHeader>
              <ColumnHeader>Job title</ColumnHeader>
              <ColumnHeader>Role</ColumnHeader>
              <ColumnHeader>Joined</ColumnHeader>
              {canManage ? (
                <ColumnHeader>
                  <span className="sr-only">Changes</span>
                </ColumnHeader>
              ) : null}
            </TableHead>
            <tbody>
              {members.map((member) => (
                <TableRow key={member.id}>
                  <RowHeader>
                    {member.user.name}
                    {/* Beside a namesake of the same agency and job title, their email tells them apart (names.ts). */}
                    {member.detail && member.detail !== member.user.jobTitle ? (
                      <span className="block text-sm text-slate-700">{member.user.email}</span>
                    ) : null}
                    {member.id === me.membershipId ? <span className="text-slate-600"> (you)</span> : null}
                  </RowHeader>
                  <Cell>{member.user.jobTitle}</Cell>
                  <Cell>
                    <RoleTag role={member.role} />
                  </Cell>
                  <Cell className="whitespace-nowrap">{formatDate(member.joinedAt)}</Cell>
                  {canManage ? (
                    <Cell>
                      <div className="flex flex-wrap items-center gap-3">
                        <Form method="post" className="flex items-center gap-2">
                          <input type="hidden" name="intent" value="change-role" />
                          <input type="hidden" name="membershipId" value={member.id} />
                          <label htmlFor={`role-${member.id}`} className="sr-only">
                            Role of {member.label}
                          </label>
                          <select
                            id={`role-${member.id}`}
                            name="role"
                            defaultValue={member.role}
                            className="border-2 border-slate-800 bg-white px-2 py-1"
                          >
                            {grantable.map((role) => (
                              <option key={role} value={role}>
                                {ROLE_LABELS[role]}
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="border-2 border-slate-700 px-3 py-1 font-bold hover:bg-slate-100">
                            Change role<span className="sr-only"> of {member.label}</span>
                          </button>
                        </Form>
                        {member.id !== me.membershipId ? (
                          <Link to={`${member.id}/remove`} className="text-red-700 underline">
                            Remove<span className="sr-only"> {member.label}</span>
                          </Link>
                        ) : null}
                      </div>
                    </Cell>
                  ) : null}
                </TableRow>
              ))}
            </tbody>
          </Table>
        </section>
      ))}

      {canInvite ? (
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading" className="mb-2 text-2xl font-bold">
            Pending invitations
          </h2>
          {invitations.length === 0 ? (
            <p className="text-slate-700">
              No invitations waiting. Invite colleagues from each agency taking part so that everyone works from the same record.
            </p>
          ) : (
            <Table>
              <TableHead>
                <ColumnHeader>Email</ColumnHeader>
                <ColumnHeader>Role and agency</ColumnHeader>
                <ColumnHeader>Invited by</ColumnHeader>
                <ColumnHeader>Link works until</ColumnHeader>
                <ColumnHeader>
                  <span className="sr-only">Changes</span>
                </ColumnHeader>
              </TableHead>
              <tbody>
                {invitations.map((invitation) => {
                  const mayManage = isInitiativeRole(invitation.role) && grantable.includes(invitation.role);
                  return (
                    <TableRow key={invitation.id}>
                      <RowHeader>{invitation.email}</RowHeader>
                      <Cell>
                        <RoleTag role={invitation.role} /> {invitation.agency.name}
                      </Cell>
                      <Cell>
                        <Inviter inviter={invitation.invitedBy} />
                      </Cell>
                      <Cell className="whitespace-nowrap">{formatCalendarDate(invitation.expiresAt)}</Cell>
                      <Cell>
                        {mayManage ? (
                          <div className="flex flex-wrap gap-2">
                            <Form method="post">
                              <input type="hidden" name="intent" value="renew-invitation-link" />
                              <input type="hidden" name="invitationId" value={invitation.id} />
                              <button type="submit" className="border-2 border-slate-700 px-3 py-1 font-bold hover:bg-slate-100">
                                New link<span className="sr-only"> for {invitation.email}</span>
                              </button>
                            </Form>
                            <Form method="post">
                              <input type="hidden" name="intent" value="revoke-invitation" />
                              <input type="hidden" name="invitationId" value={invitation.id} />
                              <DangerButton variant="outline" size="small">
                                Withdraw<span className="sr-only"> the invitation to {invitation.email}</span>
                              </DangerButton>
                            </Form>
                          </div>
                        ) : null}
                      </Cell>
                    </TableRow>
                  );
                })}
              </tbody>
            </Table>
          )}
        </section>
      ) : null}
    </div>
  );
}

/** Who made an invitation, as the initiative names them (with their agency), or by name if they have left. */
function Inviter({ inviter }: { inviter: { id: string; name: string } }) {
  const member = useInitiativePeople()(inviter.id);
  return member ? <PersonName person={member} /> : <>{inviter.name}</>;
}
