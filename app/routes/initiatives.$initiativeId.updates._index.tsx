import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { ProblemNotice, SuccessNotice } from "~/components/ui/notice";
import { NewPostForm } from "~/components/updates/new-post-form";
import { Thread } from "~/components/updates/thread";
import { PostSchema, ReplySchema } from "~/modules/updates/schema";
import { createPost, markFeedRead, markUnreadFrom, replyToPost } from "~/modules/updates/commands.server";
import { getMentionables, listFeed, parseCursor, type ThreadView } from "~/modules/updates/queries.server";
import { can } from "~/utils/policy";
import { notFoundBecause, requireAllowed, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Updates – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const url = new URL(request.url);
  const cursor = parseCursor(url.searchParams.get("before"));
  if (cursor === "invalid") {
    notFoundBecause("That page of updates does not exist. Older updates are reached by the link under the latest ones.");
  }
  const [feed, mentionables] = await Promise.all([listFeed(access.initiativeId, access.user.id, cursor), getMentionables(access.initiativeId)]);
  // Opening the latest updates reads them, unless the person has just marked some unread.
  const keptUnread = url.searchParams.has("kept-unread");
  if (!cursor && !keptUnread) await markFeedRead(access);
  const role = access.membership.role;
  return {
    ...feed,
    mentionables,
    keptUnread,
    olderPage: Boolean(cursor),
    viewer: {
      id: access.user.id,
      mayPost: can(role, "post_updates"),
      mayModerate: can(role, "moderate_updates"),
      mayRecord: can(role, "edit_records"),
    },
  };
}

const MarkUnreadSchema = z.object({ intent: z.literal("mark-unread"), postId: z.string().max(40) });
const IntentSchema = z.discriminatedUnion("intent", [PostSchema, ReplySchema, MarkUnreadSchema]);

type ActionResult =
  | { intent: "post"; postId?: undefined; result: SubmissionResult<string[]> }
  | { intent: "reply"; postId: string; result: SubmissionResult<string[]> }
  | { intent: "problem"; postId?: undefined; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const base = `/initiatives/${access.initiativeId}/updates`;

  if (intent === "mark-unread") {
    const parsed = MarkUnreadSchema.safeParse(Object.fromEntries(formData));
    const result = parsed.success
      ? await markUnreadFrom(access, parsed.data.postId)
      : { ok: false as const, message: "That request was not understood." };
    if (!result.ok) return data<ActionResult>({ intent: "problem", message: result.message }, { status: 400 });
    return redirect(`${base}?kept-unread=1`);
  }

  if (intent !== "post" && intent !== "reply") {
    return data<ActionResult>({ intent: "problem", message: "That request was not understood. Reload the page and try again." }, { status: 400 });
  }
  await requireAllowed(request, access, "post_updates");
  const submission = parseWithZod(formData, { schema: IntentSchema });
  if (submission.status !== "success") {
    const postId = formData.get("postId");
    return intent === "reply" && typeof postId === "string"
      ? data<ActionResult>({ intent: "reply", postId, result: submission.reply() }, { status: 400 })
      : intent === "post"
        ? data<ActionResult>({ intent: "post", result: submission.reply() }, { status: 400 })
        : data<ActionResult>({ intent: "problem", message: "That request was not understood. Reload the page and try again." }, { status: 400 });
  }
  const value = submission.value;
  if (value.intent === "post") {
    const result = await createPost(access, value);
    if (!result.ok) return data<ActionResult>({ intent: "post", result: submission.reply(refusalErrors(result, "body")) }, { status: 400 });
    return redirect(`${base}?posted=${result.mentioned}#post-${result.postId}`);
  }
  if (value.intent === "reply") {
    const result = await replyToPost(access, value.postId, value.body);
    if (!result.ok) {
      return data<ActionResult>({ intent: "reply", postId: value.postId, result: submission.reply(refusalErrors(result, "body")) }, { status: 400 });
    }
    return redirect(`${base}?replied=1#post-${result.postId}`);
  }
  return data<ActionResult>({ intent: "problem", message: "That request was not understood." }, { status: 400 });
}

export default function Updates() {
  const { threads, olderCursor, olderPage, viewer, mentionables, keptUnread } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const posted = searchParams.get("posted");
  const replyingTo = searchParams.get("reply");
  const arrivals = useArrivals(threads, viewer.id);

  return (
    <div className="space-y-8">
      {posted !== null ? (
        <SuccessNotice title="Your update is posted">
          {Number(posted) > 0 ? (
            <p>{Number(posted) === 1 ? "The person you mentioned has" : `The ${posted} people you mentioned have`} been told.</p>
          ) : null}
        </SuccessNotice>
      ) : null}
      {searchParams.has("replied") ? <SuccessNotice title="Your reply is posted" /> : null}
      {searchParams.has("removed") ? <SuccessNotice title="The update was removed" /> : null}
      {searchParams.has("recorded") ? (
        <SuccessNotice title={searchParams.get("recorded") === "action" ? "The action was created" : "The decision was recorded"} />
      ) : null}
      {keptUnread ? (
        <SuccessNotice title="Marked as unread">
          <p>Those updates count as new until you next open the updates.</p>
        </SuccessNotice>
      ) : null}
      {actionData?.intent === "problem" ? (
        <ProblemNotice title="That was not done">
          <p>{actionData.message}</p>
        </ProblemNotice>
      ) : null}
      <div>
        <h2 className="text-2xl font-bold">Updates</h2>
        <p className="mt-1 max-w-2xl text-lg">
          Share news, decisions and requests for help with every agency in the partnership, instead of scattered email. Everyone with this page open
          sees a new update at once.
        </p>
      </div>

      {viewer.mayPost && !olderPage ? (
        <NewPostForm lastResult={actionData?.intent === "post" ? actionData.result : undefined} mentionables={mentionables} />
      ) : !viewer.mayPost ? (
        <p className="border-l-4 border-slate-400 bg-white p-3 text-lg">As an observer you can read the updates; members post them.</p>
      ) : null}

      <p role="status" aria-live="polite" className="text-lg font-bold empty:hidden">
        {arrivals > 0 ? `${arrivals} new update${arrivals === 1 ? "" : "s"} arrived while you were reading: marked New below.` : ""}
      </p>

      <section aria-labelledby="feed-heading" className="space-y-4">
        <h3 id="feed-heading" className="text-xl font-bold">
          {olderPage ? "Older updates" : "Latest updates"}
        </h3>
        {threads.length === 0 ? (
          <p className="border border-dashed border-slate-400 bg-white p-5 text-lg">
            {olderPage
              ? "There are no older updates."
              : "No updates yet. Post the first: an announcement, a decision, something for information, or a request for help."}
          </p>
        ) : (
          <ol className="space-y-4">
            {threads.map((thread) => (
              <li key={thread.id} className={`border bg-white p-4 ${thread.unread ? "border-l-4 border-red-700" : "border-slate-300"}`}>
                <Thread
                  thread={thread}
                  viewer={viewer}
                  replyOpen={replyingTo === thread.id}
                  lastResult={actionData?.intent === "reply" && actionData.postId === thread.id ? actionData.result : undefined}
                />
              </li>
            ))}
          </ol>
        )}
        <nav aria-label="Pages of updates" className="flex flex-wrap gap-6 text-lg">
          {olderPage ? (
            <Link to="." className="text-brand-700 underline">
              Back to the latest updates
            </Link>
          ) : null}
          {olderCursor ? (
            <Link to={`?before=${olderCursor}`} className="text-brand-700 underline">
              Older updates
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}

/** Counts updates by others that arrived (live) after the page was opened, for screen reader users. */
function useArrivals(threads: ThreadView[], viewerId: string) {
  const seen = useRef<Set<string> | null>(null);
  const [arrivals, setArrivals] = useState(0);
  const ids = threads
    .flatMap((t) => [t, ...t.replies])
    .filter((p) => p.author?.id !== viewerId)
    .map((p) => p.id);
  const key = ids.join(",");
  useEffect(() => {
    if (seen.current === null) {
      seen.current = new Set(ids);
      return;
    }
    const fresh = ids.filter((id) => !seen.current!.has(id));
    if (fresh.length > 0) {
      fresh.forEach((id) => seen.current!.add(id));
      setArrivals((n) => n + fresh.length);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `ids`
  }, [key]);
  return arrivals;
}
