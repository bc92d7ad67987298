import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { z } from "zod";
import { ProblemNotice, SuccessNotice } from "~/components/ui/notice";
import { ActionTable } from "~/components/meetings/action-table";
import { setActionStatus } from "~/modules/meetings/commands.server";
import { listActionsAndDecisions } from "~/modules/meetings/queries.server";
import { formatDate } from "~/utils/dates";
import { can } from "~/utils/policy";
import { requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Actions and decisions – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  return { ...(await listActionsAndDecisions(access.initiativeId)), me: { id: access.user.id, role: access.membership.role } };
}

const StatusSchema = z.object({ intent: z.literal("action-status"), actionId: z.string().max(40), status: z.enum(["open", "done", "dropped"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const submission = parseWithZod(await request.formData(), { schema: StatusSchema });
  if (submission.status !== "success")
    return data({ ok: false as const, message: "That request was not understood. Reload the page and try again." }, { status: 400 });
  const result = await setActionStatus(access, submission.value.actionId, submission.value.status);
  return result.ok ? { ok: true as const, message: `“${result.title}” is now ${submission.value.status}.` } : data(result, { status: 400 });
}

export default function ActionsAndDecisions() {
  const { actions, decisions, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const open = actions.filter((a) => a.status === "open");
  const closed = actions.filter((a) => a.status !== "open");
  return (
    <div className="space-y-10">
      {result ? (
        result.ok ? (
          <SuccessNotice title={result.message} />
        ) : (
          <ProblemNotice title="That was not done">
            <p>{result.message}</p>
          </ProblemNotice>
        )
      ) : null}
      <div>
        <h2 className="text-2xl font-bold">Actions and decisions</h2>
        <p className="mt-1 max-w-2xl text-lg">
          Everything the partnership agreed to do, and what it decided, so nothing is buried in minutes or email. Open actions appear on every next
          meeting’s agenda until they are done.
        </p>
      </div>
      <section aria-labelledby="open-heading" className="space-y-3">
        <h3 id="open-heading" className="text-xl font-bold">
          Open actions ({open.length})
        </h3>
        {open.length === 0 ? (
          <p className="text-lg">No open actions.</p>
        ) : (
          <ActionTable actions={open} meId={me.id} canEdit={can(me.role, "edit_records")} />
        )}
      </section>
      <section aria-labelledby="decisions-heading" className="space-y-3">
        <h3 id="decisions-heading" className="text-xl font-bold">
          Decisions ({decisions.length})
        </h3>
        {decisions.length === 0 ? (
          <p className="text-lg">No decisions recorded yet. Record them at meetings, on the meeting’s page.</p>
        ) : (
          <ul className="space-y-2">
            {decisions.map((d) => (
              <li key={d.id} className="border-l-4 border-brand-600 bg-white p-3">
                <p className="text-lg">{d.text}</p>
                <p className="text-sm text-slate-600">
                  {formatDate(d.decidedAt)}
                  {d.meeting ? (
                    <>
                      {" "}
                      ·{" "}
                      <Link to={`../meetings/${d.meeting.id}`} relative="path" className="text-brand-700 underline">
                        {d.meeting.title}
                      </Link>
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {closed.length > 0 ? (
        <section aria-labelledby="closed-heading" className="space-y-3">
          <h3 id="closed-heading" className="text-xl font-bold">
            Done and dropped ({closed.length})
          </h3>
          <ActionTable actions={closed} meId={me.id} canEdit={can(me.role, "edit_records")} />
        </section>
      ) : null}
    </div>
  );
}
