import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { useEffect, useRef } from "react";
import { ErrorSummary } from "~/components/forms";
import { SuccessNotice } from "~/components/ui/notice";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { changeGrants } from "~/modules/admin/commands.server";
import { listPeople } from "~/modules/admin/queries.server";
import { GrantsSchema } from "~/modules/admin/schema";
import { formatDate } from "~/utils/dates";
import { requireAdmin } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "People – Administration – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { people: await listPeople(), myId: admin.id };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: GrantsSchema });
  if (submission.status !== "success") {
    return data({ error: { userId: null, message: "Choose the permissions from the list" } }, { status: 400 });
  }
  const input = submission.value;
  const result = await changeGrants(admin, input);
  switch (result.status) {
    case "refused":
      return data({ error: { userId: input.userId, message: result.message } }, { status: 400 });
    case "needs-confirmation":
      return {
        confirm: {
          userId: input.userId,
          name: result.name,
          self: result.self,
          canViewActivityAudit: input.canViewActivityAudit,
        },
      };
    case "unchanged":
      return redirect(`/admin/people?unchanged=${input.userId}`);
    case "changed":
      // Someone who has just given up their own administrator role may no longer see this page.
      if (input.userId === admin.id && !input.isAdmin) return redirect("/initiatives");
      return redirect(`/admin/people?changed=${input.userId}`);
  }
}

const fieldId = (userId: string, field: "isAdmin" | "canViewActivityAudit") => `grants-${userId}-${field}`;

export default function AdminPeople() {
  const { people, myId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigation = useNavigation();
  const error = actionData && "error" in actionData ? actionData.error : null;
  const confirm = actionData && "confirm" in actionData ? actionData.confirm : null;
  // The banners belong to the last save: a later question or problem replaces them.
  const changed = actionData ? undefined : people.find((person) => person.id === searchParams.get("changed"));
  const unchanged = actionData ? undefined : people.find((person) => person.id === searchParams.get("unchanged"));
  const pending = navigation.state !== "idle";

  return (
    <section aria-labelledby="people-heading" className="space-y-6">
      <h2 id="people-heading" className="text-2xl font-bold">
        People
      </h2>
      {changed ? <SuccessNotice flush title={`Permissions saved for ${changed.name}`} /> : null}
      {unchanged ? <SuccessNotice flush title={`Nothing changed for ${unchanged.name}`} /> : null}
      {error ? (
        <ErrorSummary
          form={{
            id: error.userId ? `grants-${error.userId}` : "grants",
            status: "error",
            allErrors: { isAdmin: [error.message] },
          }}
          fields={error.userId ? { isAdmin: { id: fieldId(error.userId, "isAdmin") } } : {}}
        />
      ) : null}
      {confirm ? <ConfirmRemoveAdmin confirm={confirm} pending={pending} /> : null}

      <div className="max-w-3xl space-y-2 text-lg">
        <p>Everyone with an account. Two permissions apply across the whole portal:</p>
        <dl className="space-y-2 border-l-4 border-slate-300 pl-4">
          <div>
            <dt className="font-bold">Portal administrator</dt>
            <dd>Manages agencies and these permissions, and sees the portal&apos;s audit log. Not a member of any initiative.</dd>
          </div>
          <div>
            <dt className="font-bold">Can view the audit of activity</dt>
            <dd>Sees the authority-wide audit of multi-agency activity.</dd>
          </div>
        </dl>
        <p>Roles inside an initiative are given by its lead, not here.</p>
      </div>

      <Table caption="Everyone with an account, with their portal-wide permissions" density="roomy" wrapperClassName="relative">
        <TableHead>
          <ColumnHeader>Name</ColumnHeader>
          <ColumnHeader>Agency</ColumnHeader>
          <ColumnHeader>Job title</ColumnHeader>
          <ColumnHeader>Joined</ColumnHeader>
          <ColumnHeader>Permissions</ColumnHeader>
        </TableHead>
        <tbody>
          {people.map((person) => {
            const rowError = error?.userId === person.id ? error.message : null;
            const errorId = `grants-${person.id}-error`;
            return (
              <TableRow key={person.id}>
                <RowHeader>
                  <span className="font-bold">{person.name}</span>
                  {person.id === myId ? <span> (you)</span> : null}
                  <Email address={person.email} />
                </RowHeader>
                <Cell>{person.agency.name}</Cell>
                <Cell>{person.jobTitle}</Cell>
                <Cell className="whitespace-nowrap">{formatDate(person.createdAt)}</Cell>
                <Cell>
                  {/* Keyed by the address: a cancelled or saved change shows the stored permissions again. */}
                  <Form method="post" id={`grants-${person.id}`} key={`${person.id}-${location.key}`} className="space-y-2">
                    <input type="hidden" name="intent" value="change-grants" />
                    <input type="hidden" name="userId" value={person.id} />
                    <fieldset
                      className={`space-y-2 ${rowError ? "border-l-4 border-red-700 pl-3" : ""}`}
                      aria-describedby={rowError ? errorId : undefined}
                    >
                      <legend className="sr-only">Permissions for {person.name}</legend>
                      {rowError ? (
                        <p id={errorId} className="font-bold text-red-700">
                          <span className="sr-only">Error: </span>
                          {rowError}
                        </p>
                      ) : null}
                      <div className="flex items-start gap-2">
                        <input
                          type="checkbox"
                          id={fieldId(person.id, "isAdmin")}
                          name="isAdmin"
                          defaultChecked={person.isAdmin}
                          className="mt-0.5 size-5 shrink-0 accent-brand-700"
                        />
                        <label htmlFor={fieldId(person.id, "isAdmin")}>Portal administrator</label>
                      </div>
                      <div className="flex items-start gap-2">
                        <input
                          type="checkbox"
                          id={fieldId(person.id, "canViewActivityAudit")}
                          name="canViewActivityAudit"
                          defaultChecked={person.canViewActivityAudit}
                          className="mt-0.5 size-5 shrink-0 accent-brand-700"
                        />
                        <label htmlFor={fieldId(person.id, "canViewActivityAudit")}>Can view the audit of activity</label>
                      </div>
                    </fieldset>
                    <button
                      type="submit"
                      aria-disabled={pending || undefined}
                      className="bg-slate-200 px-3 py-1.5 font-bold text-slate-900 shadow-[0_2px_0_#475569] hover:bg-slate-300"
                    >
                      Save<span className="sr-only"> permissions for {person.name}</span>
                    </button>
                  </Form>
                </Cell>
              </TableRow>
            );
          })}
        </tbody>
      </Table>
    </section>
  );
}

/** An email address that wraps after its @ rather than anywhere, in a narrow column. */
function Email({ address }: { address: string }) {
  const at = address.lastIndexOf("@");
  return (
    <span className="block text-sm text-slate-600 [overflow-wrap:anywhere]">
      {address.slice(0, at + 1)}
      <wbr />
      {address.slice(at + 1)}
    </span>
  );
}

/** Asked before an administrator role is taken away: the person loses the administration at once. */
function ConfirmRemoveAdmin({
  confirm,
  pending,
}: {
  confirm: { userId: string; name: string; self: boolean; canViewActivityAudit: boolean };
  pending: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [confirm.userId]);
  return (
    <div ref={ref} tabIndex={-1} aria-labelledby="confirm-remove-admin-heading" className="space-y-4 border-4 border-slate-800 bg-white p-4">
      <h3 id="confirm-remove-admin-heading" className="text-xl font-bold">
        {confirm.self ? "Remove your own administrator role?" : `Remove ${confirm.name}'s administrator role?`}
      </h3>
      <p className="text-lg">
        {confirm.self
          ? "You will no longer see the administration, from the moment you confirm. Another administrator can give the role back."
          : `${confirm.name} will no longer see the administration. You or another administrator can give the role back.`}
      </p>
      <Form method="post" className="flex flex-wrap items-center gap-6">
        <input type="hidden" name="intent" value="change-grants" />
        <input type="hidden" name="userId" value={confirm.userId} />
        {confirm.canViewActivityAudit ? <input type="hidden" name="canViewActivityAudit" value="on" /> : null}
        <input type="hidden" name="confirmed" value="yes" />
        <DangerButton aria-disabled={pending || undefined}>Yes, remove the administrator role</DangerButton>
        <Link to="/admin/people" className="text-lg text-brand-700 underline">
          Cancel
        </Link>
      </Form>
    </div>
  );
}
