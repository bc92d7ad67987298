import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { ErrorSummary, SelectField, SubmitButton, TextareaField, TextField, useSchemaForm } from "~/components/forms";
import { PostBody } from "~/components/updates/post-card";
import { ActionSchema, DecisionSchema } from "~/modules/meetings/schema";
import { PromoteSchema } from "~/modules/updates/schema";
import { getMentionables, getPost } from "~/modules/updates/queries.server";
import { promotePost } from "~/modules/updates/commands.server";
import { formatDateTime } from "~/utils/dates";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Record an update as a decision or action – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const post = await getPost(access.initiativeId, params.postId ?? "");
  if (!post || post.removedAt || post.systemEvent) notFound();
  const { people } = await getMentionables(access.initiativeId);
  return {
    post: { body: post.body, author: post.author?.name ?? "", createdAt: post.createdAt, done: Boolean(post.decisionId || post.actionItemId) },
    people,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "edit_records");
  const submission = parseWithZod(await request.formData(), { schema: PromoteSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await promotePost(access, params.postId ?? "", submission.value);
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/updates?recorded=${result.as}#post-${params.postId}`);
}

export default function RecordPost() {
  const { post, people } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const submittedAs = lastResult?.initialValue?.as;
  const [decisionForm, decisionFields] = useSchemaForm(DecisionSchema, {
    id: "as-decision",
    lastResult: submittedAs === "decision" ? lastResult : undefined,
    defaultValue: { text: post.body.slice(0, 1000) },
  });
  const [actionForm, actionFields] = useSchemaForm(ActionSchema, {
    id: "as-action",
    lastResult: submittedAs === "action" ? lastResult : undefined,
    defaultValue: { title: post.body.split("\n")[0]!.slice(0, 200) },
  });
  return (
    <div className="max-w-2xl space-y-8">
      <div>
        <h2 className="mb-2 text-2xl font-bold">Record this update as a decision or an action</h2>
        <p className="text-lg">So that it is not buried in the feed: decisions and actions appear with the meetings’ own, on the Actions page.</p>
      </div>
      <blockquote className="border-l-4 border-slate-400 bg-white p-4">
        <p className="mb-2 text-base text-slate-700">
          {post.author}, {formatDateTime(post.createdAt)}
        </p>
        <PostBody body={post.body} mentionNames={[]} />
      </blockquote>
      {post.done ? (
        <p className="text-lg font-bold">This update has already been recorded as a decision or an action.</p>
      ) : (
        <>
          <section aria-labelledby="decision-heading" className="space-y-4 border border-slate-300 bg-white p-5">
            <h3 id="decision-heading" className="text-xl font-bold">
              As a decision
            </h3>
            <ErrorSummary form={decisionForm} fields={decisionFields} />
            <Form method="post" {...getFormProps(decisionForm)} className="space-y-4">
              <input type="hidden" name="as" value="decision" />
              <TextareaField meta={decisionFields.text} label="The decision" hint="In the words the partnership agreed. Up to 1,000 characters." />
              <SubmitButton>Record the decision</SubmitButton>
            </Form>
          </section>
          <section aria-labelledby="action-heading" className="space-y-4 border border-slate-300 bg-white p-5">
            <h3 id="action-heading" className="text-xl font-bold">
              As an action
            </h3>
            <ErrorSummary form={actionForm} fields={actionFields} />
            <Form method="post" {...getFormProps(actionForm)} className="space-y-4">
              <input type="hidden" name="as" value="action" />
              <TextField meta={actionFields.title} label="Action" hint="What will be done, in a few words." />
              <SelectField
                meta={actionFields.ownerId}
                label="Who will do it"
                placeholder="Choose a member"
                options={people.map((p) => ({ value: p.id, label: p.label }))}
              />
              <TextField meta={actionFields.dueDate} label="Due by" type="date" width="sm:w-60" />
              <SubmitButton>Create the action</SubmitButton>
            </Form>
          </section>
        </>
      )}
      <Link to="../.." relative="path" className="text-lg text-brand-700 underline">
        Back to the updates
      </Link>
    </div>
  );
}
