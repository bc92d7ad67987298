import { Form } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { Tag, type TagTone } from "~/components/ui/tag";
import { segmentBody } from "~/modules/updates/mentions";
import { CATEGORY_LABELS } from "~/modules/updates/schema";
import type { PostView } from "~/modules/updates/queries.server";
import { PersonName } from "~/components/person-name";
import { formatDateTime } from "~/utils/dates";
import { personLabel } from "~/utils/names";

type Viewer = { id: string; mayPost: boolean; mayModerate: boolean; mayRecord: boolean };

const CATEGORY_TONES: Record<string, TagTone> = {
  announcement: "brand",
  decision: "success",
  information: "plain",
  help_request: "warn",
  system: "outline",
};

export function CategoryTag({ category }: { category: string }) {
  if (category === "reply") return null;
  return <Tag tone={CATEGORY_TONES[category] ?? "plain"}>{CATEGORY_LABELS[category] ?? category}</Tag>;
}

/** A post's text, its line breaks kept and its mentions highlighted. */
export function PostBody({ body, mentionNames }: { body: string; mentionNames: string[] }) {
  return (
    <p className="whitespace-pre-wrap break-words text-lg">
      {segmentBody(body, mentionNames).map((segment, index) =>
        segment.mention ? (
          <strong key={index} className="bg-brand-100 px-0.5 text-brand-800">
            {segment.text}
          </strong>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </p>
  );
}

function Byline({ post }: { post: PostView }) {
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-base">
      {post.author ? (
        <span>
          <PersonName person={post.author} strong />
        </span>
      ) : (
        <strong>Partnership Portal</strong>
      )}
      <CategoryTag category={post.category} />
      <time dateTime={new Date(post.createdAt).toISOString()} className="text-slate-700">
        {formatDateTime(post.createdAt)}
      </time>
      {post.editedAt ? (
        <span className="text-slate-700" title={`Edited ${formatDateTime(post.editedAt)}`}>
          (edited {formatDateTime(post.editedAt)})
        </span>
      ) : null}
      {post.unread ? <Tag tone="new">New</Tag> : null}
    </p>
  );
}

function PostControls({ post, viewer, children }: { post: PostView; viewer: Viewer; children?: ReactNode }) {
  if (post.removed) return null;
  const own = post.author?.id === viewer.id && viewer.mayPost;
  const promoted = post.decisionId || post.actionItemId;
  return (
    <div className="no-print mt-2 flex flex-wrap items-center gap-x-5 gap-y-2 text-base">
      {children}
      {own && !post.systemEvent ? (
        <Link to={`${post.id}/edit`} className="text-brand-700 underline" aria-label={`Edit your update of ${formatDateTime(post.createdAt)}`}>
          Edit
        </Link>
      ) : null}
      {own || viewer.mayModerate ? (
        <Link to={`${post.id}/remove`} className="text-brand-700 underline" aria-label={`Remove the update of ${formatDateTime(post.createdAt)}`}>
          Remove
        </Link>
      ) : null}
      {viewer.mayRecord && !promoted && !post.systemEvent ? (
        <Link to={`${post.id}/record`} className="text-brand-700 underline">
          Record as a decision or action
        </Link>
      ) : null}
      <Form method="post" className="inline">
        <input type="hidden" name="intent" value="mark-unread" />
        <input type="hidden" name="postId" value={post.id} />
        <button type="submit" className="text-brand-700 underline" aria-label={`Mark as unread from the update of ${formatDateTime(post.createdAt)}`}>
          Mark as unread
        </button>
      </Form>
    </div>
  );
}

/** One post or reply as it appears in the feed. */
export function PostCard({ post, viewer, children, controls }: { post: PostView; viewer: Viewer; children?: ReactNode; controls?: ReactNode }) {
  return (
    <article
      id={`post-${post.id}`}
      aria-label={`${post.author ? personLabel(post.author) : "Partnership Portal"}, ${formatDateTime(post.createdAt)}`}
      className="space-y-2"
    >
      <Byline post={post} />
      {post.removed ? (
        <p className="text-lg italic text-slate-700">
          This update was removed by {post.removed.byName} on {formatDateTime(post.removed.at)}.
        </p>
      ) : (
        <PostBody body={post.body ?? ""} mentionNames={post.mentionNames} />
      )}
      {post.linkPath && !post.removed ? (
        <p>
          <Link to={post.linkPath} className="text-brand-700 underline">
            Open it
          </Link>
        </p>
      ) : null}
      {post.decisionId ? (
        <p className="font-bold text-green-900">
          Recorded as a decision.{" "}
          <Link to="../actions" relative="path" className="text-brand-700 underline">
            See actions and decisions
          </Link>
        </p>
      ) : null}
      {post.actionItemId ? (
        <p className="font-bold text-green-900">
          Turned into an action.{" "}
          <Link to="../actions" relative="path" className="text-brand-700 underline">
            See actions and decisions
          </Link>
        </p>
      ) : null}
      <PostControls post={post} viewer={viewer}>
        {controls}
      </PostControls>
      {children}
    </article>
  );
}
