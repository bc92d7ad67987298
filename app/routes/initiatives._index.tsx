import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { SuccessNotice } from "~/components/ui/notice";
import { RoleTag, StatusTag } from "~/components/ui/badges";
import { PageHeading } from "~/components/ui/page-heading";
import { listMyInitiatives } from "~/modules/initiatives/queries.server";
import { requireUser } from "~/utils/auth.server";
import { formatCalendarDate } from "~/utils/dates";
import { useUnread } from "~/realtime/use-unread";

export const meta: MetaFunction = () => [{ title: "My initiatives – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { firstName: user.name.split(" ")[0], initiatives: await listMyInitiatives(user.id) };
}

export default function MyInitiatives() {
  const { initiatives, firstName } = useLoaderData<typeof loader>();
  const unread = useUnread().byInitiative;
  const [searchParams] = useSearchParams();
  const left = searchParams.get("left");
  return (
    <div>
      {left ? <SuccessNotice title="You have left the initiative" /> : null}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageHeading caption={`Welcome, ${firstName}`}>My initiatives</PageHeading>
        <Link
          to="/initiatives/new"
          className="mb-6 bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800"
        >
          Create an initiative
        </Link>
      </div>
      {initiatives.length === 0 ? (
        <div className="max-w-2xl space-y-3 border-l-4 border-brand-600 bg-white p-6 text-lg">
          <h2 className="text-xl font-bold">You are not part of any initiative yet</h2>
          <p>Create one if you are setting up joint work between agencies: you will be its lead and can invite colleagues.</p>
          <p>If a colleague has set one up, ask its lead for an invitation link.</p>
        </div>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {initiatives.map((initiative) => (
            <li key={initiative.id} className="flex flex-col gap-3 border border-slate-300 bg-white p-5">
              <div className="flex flex-wrap items-center gap-2">
                <StatusTag status={initiative.status} />
                <RoleTag role={initiative.role} />
              </div>
              <h2 className="text-xl font-bold">
                <Link to={`/initiatives/${initiative.id}`} className="text-brand-700 underline hover:text-brand-800">
                  {initiative.name}
                </Link>
              </h2>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-base">
                <dt className="font-bold">For</dt>
                <dd>{initiative.targetGroup}</dd>
                <dt className="font-bold">Area</dt>
                <dd>{initiative.localAuthority}</dd>
                <dt className="font-bold">Since</dt>
                <dd>{formatCalendarDate(initiative.startDate)}</dd>
                <dt className="font-bold">Agencies</dt>
                <dd>{initiative.agencies.map((agency) => agency.name).join(", ")}</dd>
                <dt className="font-bold">Members</dt>
                <dd>{initiative.memberCount}</dd>
              </dl>
              {unread[initiative.id] ? (
                <Link to={`/initiatives/${initiative.id}/updates`} className="font-bold text-red-800 underline">
                  {unread[initiative.id]} new update{unread[initiative.id] === 1 ? "" : "s"}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
