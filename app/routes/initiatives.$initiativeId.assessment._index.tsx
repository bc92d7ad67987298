import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { EmptyState, primaryLinkClass } from "~/components/funding/budget-parts";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { listRounds } from "~/modules/assessment/queries.server";
import { SUCCESS_FACTORS } from "~/modules/study/study";
import { closedText } from "~/components/assessment/results";
import { WhoSeesWhat } from "~/components/assessment/privacy";
import { formatCalendarDate } from "~/utils/dates";
import { can } from "~/utils/policy";
import { requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Self-assessment – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const rounds = await listRounds(access.initiativeId, access.user.id);
  return {
    rounds,
    mayManage: can(access.membership.role, "manage_assessments"),
    mayRespond: can(access.membership.role, "respond_to_assessments"),
  };
}

const MY_RESPONSE = { none: "You have not responded", draft: "Your draft is not submitted yet", submitted: "You have responded" } as const;

export default function Assessment() {
  const { rounds, mayManage, mayRespond } = useLoaderData<typeof loader>();
  const open = rounds.find((r) => r.open) ?? null;
  const closed = rounds.filter((r) => !r.open);
  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-2xl font-bold">Self-assessment</h2>
          <p className="mt-1 max-w-3xl text-lg">
            How does the partnership stand on the {SUCCESS_FACTORS.length} factors that research into 221 multi-agency initiatives found behind their
            success? In each round every member rates them from 1 to 5, privately; when the round closes, the results show each factor&apos;s band,
            where agencies see things differently, and evidence from the portal&apos;s own records beside the ratings.
          </p>
        </div>
        {mayManage && !open ? (
          <Link to="new" className={`no-print ${primaryLinkClass}`}>
            Open a round
          </Link>
        ) : null}
      </div>

      {open ? (
        <section aria-labelledby="open-heading" className="space-y-2 border-l-4 border-green-700 bg-white p-5">
          <h3 id="open-heading" className="text-xl font-bold">
            Open now:{" "}
            <Link to={open.id} className="text-brand-700 underline">
              {open.title}
            </Link>
          </h3>
          <p className="text-lg">
            Closes at the end of {formatCalendarDate(open.closesOn)}. {open.submitted} of {open.respondentCount}{" "}
            {open.respondentCount === 1 ? "member has" : "members have"} answered so far; results are shown when it closes.
            {mayRespond ? ` ${MY_RESPONSE[open.myResponse]}.` : " Observers do not respond; you will see the results when it closes."}
          </p>
          {mayRespond ? (
            <Link to={`${open.id}/respond`} className={`no-print ${primaryLinkClass}`}>
              {open.myResponse === "submitted"
                ? "Change your answers"
                : open.myResponse === "draft"
                  ? "Continue your draft"
                  : "Answer the self-assessment"}
            </Link>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="rounds-heading" className="space-y-3">
        <h3 id="rounds-heading" className="text-xl font-bold">
          Closed rounds
        </h3>
        {closed.length === 0 ? (
          rounds.length === 0 ? (
            <EmptyState title="No self-assessment rounds yet.">
              <p>
                {mayManage
                  ? "Open the first round: give it a title and a closing date, and every member is asked to respond in the updates feed. Two or three weeks is usually enough."
                  : "The initiative's lead opens a round when the partnership is ready to take stock. You will see it here and in the updates feed."}
              </p>
            </EmptyState>
          ) : (
            <p className="text-lg">None yet. Results from each round stay here, so the partnership can see how it changes.</p>
          )
        ) : (
          <Table caption="Closed rounds, newest first">
            <TableHead>
              <ColumnHeader>Round</ColumnHeader>
              <ColumnHeader>Closed</ColumnHeader>
              <ColumnHeader numeric>Responses</ColumnHeader>
            </TableHead>
            <tbody>
              {closed.map((round) => (
                <TableRow key={round.id}>
                  <RowHeader>
                    <Link to={round.id} className="text-brand-700 underline">
                      {round.title}
                    </Link>
                  </RowHeader>
                  <Cell>{round.closedEarly ? `${closedText(round)} (early)` : closedText(round).replace(/^the end/, "End")}</Cell>
                  <Cell numeric>{round.submitted}</Cell>
                </TableRow>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <WhoSeesWhat />
    </div>
  );
}
