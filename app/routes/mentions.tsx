import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { PageHeading } from "~/components/ui/page-heading";
import { Tag } from "~/components/ui/tag";
import { CategoryTag, PostBody } from "~/components/updates/post-card";
import { listMentions } from "~/modules/updates/queries.server";
import { requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Mentions – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { mentions: await listMentions(user.id), name: user.name };
}

export default function Mentions() {
  const { mentions, name } = useLoaderData<typeof loader>();
  const unread = mentions.filter((m) => m.unread).length;
  return (
    <div className="space-y-8">
      <PageHeading>Mentions</PageHeading>
      <p className="text-lg">
        {mentions.length === 0
          ? "Nobody has mentioned you yet."
          : `Updates and replies that mention you, or an agency you represent, across your initiatives, newest first.${unread ? ` ${unread} you have not read yet.` : ""}`}
      </p>
      {mentions.length === 0 ? (
        <div className="border-l-4 border-brand-600 bg-white p-5 text-lg">
          <p>
            When someone writes “@{name}” in an initiative’s updates, or mentions your agency, it appears here and in the count beside Mentions at the
            top of every page.
          </p>
        </div>
      ) : (
        <ol className="space-y-4">
          {mentions.map((m) => (
            <li key={m.id} className={`space-y-2 border bg-white p-4 ${m.unread ? "border-l-4 border-red-700" : "border-slate-300"}`}>
              <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-base">
                <strong>{m.author?.name ?? "Partnership Portal"}</strong>
                {m.author ? <span>{m.author.agencyName}</span> : null}
                <span>in {m.initiative.name}</span>
                <CategoryTag category={m.category} />
                <time dateTime={new Date(m.createdAt).toISOString()} className="text-slate-700">
                  {formatDateTime(m.createdAt)}
                </time>
                {m.via === "agency" ? <span className="text-slate-700">(mentioned your agency)</span> : null}
                {m.unread ? <Tag tone="new">New</Tag> : null}
              </p>
              <PostBody body={m.body} mentionNames={[]} />
              <Link to={`/initiatives/${m.initiative.id}/updates#post-${m.id}`} className="text-brand-700 underline">
                Open in {m.initiative.name}’s updates
              </Link>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
