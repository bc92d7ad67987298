import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { useKeptActionData } from "~/utils/use-kept-action-data";
import { CopyLink } from "~/components/copy-link";
import { PageHeading } from "~/components/ui/page-heading";
import { SuccessNotice } from "~/components/ui/notice";
import { renewCalendarFeed, revokeCalendarFeed } from "~/modules/meetings/commands.server";
import { hasCalendarFeed } from "~/modules/meetings/queries.server";
import { requireUser } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Calendar feed – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { hasFeed: await hasCalendarFeed(user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const intent = (await request.formData()).get("intent");
  if (intent === "revoke") {
    await revokeCalendarFeed(user);
    return { revoked: true as const, link: null };
  }
  if (intent !== "renew") return data({ revoked: false as const, link: null }, { status: 400 });
  const token = await renewCalendarFeed(user);
  return { revoked: false as const, link: `${new URL(request.url).origin}/calendar-feed/${token}` };
}

export default function Calendar() {
  const { hasFeed } = useLoaderData<typeof loader>();
  const result = useKeptActionData<typeof action>();
  return (
    <div className="max-w-3xl space-y-6 text-lg">
      <PageHeading>Your calendar feed</PageHeading>
      <p>
        Subscribe to this private address in Outlook, Google Calendar or Apple Calendar to see every meeting of every initiative you belong to, kept
        up to date, with cancellations marked. It holds meeting details only: no other member’s name or contact details.
      </p>
      <p>Anyone who has the address can read your meeting list, so treat it like a password.</p>
      {result?.link ? (
        <SuccessNotice title="Your new calendar address">
          <p className="mb-3">Copy it now: for your security it is shown only once. Any earlier address has stopped working.</p>
          <CopyLink id="feed-link" label="Calendar address" link={result.link} />
        </SuccessNotice>
      ) : null}
      {result?.revoked ? <SuccessNotice title="Your calendar address was revoked. Calendars using it stop updating." /> : null}
      <div className="flex flex-wrap gap-4">
        <Form method="post">
          <input type="hidden" name="intent" value="renew" />
          <button type="submit" className="bg-green-700 px-5 py-2.5 font-bold text-white hover:bg-green-800">
            {hasFeed ? "Get a new address (the old one stops working)" : "Get my calendar address"}
          </button>
        </Form>
        {hasFeed ? (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke" />
            <DangerButton variant="outline">Revoke my address</DangerButton>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
