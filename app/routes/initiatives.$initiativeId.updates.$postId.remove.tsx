import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { ProblemNotice } from "~/components/ui/notice";
import { PostBody } from "~/components/updates/post-card";
import { getPost } from "~/modules/updates/queries.server";
import { removePost } from "~/modules/updates/commands.server";
import { removeRefusal } from "~/modules/updates/permissions";
import { formatDateTime } from "~/utils/dates";
import { forbidden, notFound, requireInitiativeAccess } from "~/utils/policy.server";

export const meta: MetaFunction = () => [{ title: "Remove an update – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "post_updates");
  const post = await getPost(access.initiativeId, params.postId ?? "");
  if (!post) notFound();
  if (removeRefusal(access, post)) forbidden();
  return {
    post: {
      body: post.body,
      createdAt: post.createdAt,
      author: post.author?.name ?? "Partnership Portal",
      own: post.authorId === access.user.id,
      replies: post.parentId === null,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "post_updates");
  const result = await removePost(access, params.postId ?? "");
  if (!result.ok) return data(result, { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/updates?removed=1`);
}

export default function RemovePost() {
  const { post } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  return (
    <div className="max-w-2xl space-y-6">
      {refusal ? (
        <ProblemNotice title="The update was not removed">
          <p>{refusal.message}</p>
        </ProblemNotice>
      ) : null}
      <h2 className="text-2xl font-bold">Remove {post.own ? "your" : `${post.author}’s`} update?</h2>
      <blockquote className="border-l-4 border-slate-400 bg-white p-4">
        <p className="mb-2 text-base text-slate-700">
          {post.author}, {formatDateTime(post.createdAt)}
        </p>
        <PostBody body={post.body} mentionNames={[]} />
      </blockquote>
      <p className="text-lg">
        The feed will say that it was removed, and by whom{post.replies ? "; replies to it stay" : ""}. Its text is kept in the initiative’s audit
        log, which only leads can read.
      </p>
      <div className="flex flex-wrap items-center gap-6">
        <Form method="post">
          <DangerButton>Yes, remove the update</DangerButton>
        </Form>
        <Link to="../.." relative="path" className="text-lg text-brand-700 underline">
          No, go back
        </Link>
      </div>
    </div>
  );
}
