import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { ErrorSummary, SelectField, SubmitButton, TextareaField, useSchemaForm } from "~/components/forms";
import { ProblemNotice, SuccessNotice } from "~/components/ui/notice";
import { PostCard } from "~/components/updates/post-card";
import { MAX_POST_LENGTH, POST_CATEGORIES, PostSchema, ReplySchema } from "~/modules/updates/schema";
import {
  createPost,
  getMentionables,
  listFeed,
  markFeedRead,
  markUnreadFrom,
  parseCursor,
  replyToPost,
  type ThreadView,
} from "~/modules/updates/updates.server";
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
    viewer: { id: access.user.id, mayPost: can(role, "post_updates"), mayModerate: can(role, "moderate_updates"), mayRecord: can(role, "edit_records") },
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
    const result = parsed.success ? await markUnreadFrom(access, parsed.data.postId) : { ok: false as const, message: "That request was not understood." };
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
          {Number(posted) > 0 ? <p>{Number(posted) === 1 ? "The person you mentioned has" : `The ${posted} people you mentioned have`} been told.</p> : null}
        </SuccessNotice>
      ) : null}
      {searchParams.has("replied") ? <SuccessNotice title="Your reply is posted" /> : null}
      {searchParams.has("removed") ? <SuccessNotice title="The update was removed" /> : null}
      {searchParams.has("recorded") ? <SuccessNotice title={searchParams.get("recorded") === "action" ? "The action was created" : "The decision was recorded"} /> : null}
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
          Share news, decisions and requests for help with every agency in the partnership, instead of scattered email.
          Everyone with this page open sees a new update at once.
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
  const ids = threads.flatMap((t) => [t, ...t.replies]).filter((p) => p.author?.id !== viewerId).map((p) => p.id);
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

function NewPostForm({
  lastResult,
  mentionables,
}: {
  lastResult?: SubmissionResult<string[]>;
  mentionables: { people: ReadonlyArray<{ id: string; name: string; agencyName: string; mention: string }>; agencies: Array<{ id: string; name: string }> };
}) {
  const location = useLocation();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(PostSchema, { id: "new-post", lastResult });
  return (
    // A successful post ends on its own address (#post-…): keyed by it, the form is empty again.
    <section key={location.hash} aria-labelledby="new-post-heading" className="max-w-2xl border border-slate-300 bg-white p-5">
      <h3 id="new-post-heading" className="mb-3 text-xl font-bold">
        Post an update
      </h3>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <input type="hidden" name="intent" value="post" />
        <SelectField
          meta={fields.category}
          label="What kind of update is it?"
          options={POST_CATEGORIES.map((c) => ({ value: c.key, label: c.label }))}
          placeholder="Choose one"
        />
        <TextareaField
          meta={fields.body}
          label="Your update"
          rows={5}
          hint={
            <>
              <strong>Do not include personal details of children, families or other service users</strong>: use the
              case system for those. Up to {MAX_POST_LENGTH.toLocaleString("en-GB")} characters. Mention someone with @ and
              their name, or an agency to tell all its members.
            </>
          }
        />
        <details className="text-base">
          <summary className="cursor-pointer text-brand-700 underline">People and agencies you can mention</summary>
          <div className="mt-2 grid gap-4 sm:grid-cols-2">
            <div>
              <p className="font-bold">People</p>
              <ul className="list-none">
                {mentionables.people.map((p) => (
                  <li key={p.id}>
                    @{p.mention}
                    {/* A label already says the agency; a name alone gets it beside, to know whom it reaches. */}
                    {p.mention === p.name ? <span className="text-slate-700"> ({p.agencyName})</span> : null}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <p className="font-bold">Agencies (everyone in them)</p>
              <ul className="list-none">
                {mentionables.agencies.map((a) => (
                  <li key={a.id}>@{a.name}</li>
                ))}
              </ul>
            </div>
          </div>
        </details>
        <SubmitButton pending={navigation.state !== "idle" && navigation.formData?.get("intent") === "post"}>Post update</SubmitButton>
      </Form>
    </section>
  );
}

function Thread({
  thread,
  viewer,
  replyOpen,
  lastResult,
}: {
  thread: ThreadView;
  viewer: { id: string; mayPost: boolean; mayModerate: boolean; mayRecord: boolean };
  replyOpen: boolean;
  lastResult?: SubmissionResult<string[]>;
}) {
  return (
    <PostCard post={thread} viewer={viewer}>
      {thread.replies.length > 0 ? (
        <ol aria-label={`Replies (${thread.replies.length})`} className="mt-3 space-y-3 border-l-4 border-slate-200 pl-4">
          {thread.replies.map((reply) => (
            <li key={reply.id} className={reply.unread ? "border-l-4 border-red-700 pl-3" : undefined}>
              <PostCard post={reply} viewer={viewer} />
            </li>
          ))}
        </ol>
      ) : null}
      {viewer.mayPost ? (
        replyOpen || lastResult ? (
          <ReplyForm threadId={thread.id} lastResult={lastResult} />
        ) : (
          // With the job title (or email) too when another member's name and agency read the same.
          <ReplyLink threadId={thread.id} authorName={thread.author ? `${thread.author.name}${thread.author.detail ? ` (${thread.author.detail})` : ""}` : null} />
        )
      ) : null}
    </PostCard>
  );
}

/**
 * A thread's way to reply. The form itself is drawn only for the thread being replied to (`?reply=`), so a page
 * of threads carries one form rather than one per thread; the link works the same with or without JavaScript.
 */
function ReplyLink({ threadId, authorName }: { threadId: string; authorName: string | null }) {
  const [searchParams] = useSearchParams();
  const before = searchParams.get("before");
  const query = new URLSearchParams(before ? { before, reply: threadId } : { reply: threadId });
  return (
    <p className="no-print mt-3 text-base">
      <Link to={`?${query}#reply-${threadId}`} preventScrollReset className="text-brand-700 underline">
        {authorName ? `Reply to ${authorName}` : "Reply"}
      </Link>
    </p>
  );
}

function ReplyForm({ threadId, lastResult }: { threadId: string; lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useSchemaForm(ReplySchema, { id: `reply-${threadId}`, lastResult });
  const replying = navigation.state !== "idle" && navigation.formData?.get("postId") === threadId && navigation.formData?.get("intent") === "reply";
  const before = searchParams.get("before");
  // Opened by its link, the form takes the focus so the reply can be typed at once.
  useEffect(() => {
    if (!lastResult) document.getElementById(fields.body.id)?.focus();
  }, [fields.body.id, lastResult]);
  return (
    <Form method="post" {...getFormProps(form)} className="no-print mt-3 max-w-2xl space-y-3">
      <input type="hidden" name="intent" value="reply" />
      <input type="hidden" name="postId" value={threadId} />
      <TextareaField meta={fields.body} label="Your reply" rows={3} hint="No personal details of service users." />
      <div className="flex flex-wrap items-center gap-6">
        <SubmitButton pending={replying}>Post reply</SubmitButton>
        <Link to={before ? `?before=${encodeURIComponent(before)}` : "."} preventScrollReset className="text-lg text-brand-700 underline">
          Cancel
        </Link>
      </div>
    </Form>
  );
}
