import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { SubmitButton, TextareaField, useSchemaForm } from "~/components/forms";
import { Link } from "~/components/ui/link";
import { PostCard } from "~/components/updates/post-card";
import { ReplySchema } from "~/modules/updates/schema";
import type { ThreadView } from "~/modules/updates/queries.server";

/** An update with its replies, and the way to reply to it. */
export function Thread({
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
          <ReplyLink
            threadId={thread.id}
            authorName={thread.author ? `${thread.author.name}${thread.author.detail ? ` (${thread.author.detail})` : ""}` : null}
          />
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
