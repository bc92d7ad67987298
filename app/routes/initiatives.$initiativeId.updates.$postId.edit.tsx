import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, FormActions, SelectField, TextareaField, useSchemaForm } from "~/components/forms";
import { MAX_POST_LENGTH, POST_CATEGORIES, EditPostSchema } from "~/modules/updates/schema";
import { editPost } from "~/modules/updates/commands.server";
import { editRefusal } from "~/modules/updates/permissions";
import { getPost } from "~/modules/updates/queries.server";
import { forbidden, notFound, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Edit your update – Partnership Portal" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "post_updates");
  const post = await getPost(access.initiativeId, params.postId ?? "");
  if (!post) notFound();
  if (editRefusal(access, post)) forbidden();
  return { post: { id: post.id, category: post.category, body: post.body, isReply: post.parentId !== null }, initiativeId: access.initiativeId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "post_updates");
  const submission = parseWithZod(await request.formData(), { schema: EditPostSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await editPost(access, params.postId ?? "", submission.value);
  if (!result.ok) return data(submission.reply(refusalErrors(result, "body")), { status: 400 });
  return redirect(`/initiatives/${access.initiativeId}/updates#post-${params.postId}`);
}

export default function EditPost() {
  const { post, initiativeId } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(EditPostSchema, {
    id: "edit-post",
    lastResult,
    defaultValue: { category: post.isReply ? undefined : (post.category as (typeof POST_CATEGORIES)[number]["key"]), body: post.body },
  });
  return (
    <div className="max-w-2xl">
      <h2 className="mb-2 text-2xl font-bold">Edit your {post.isReply ? "reply" : "update"}</h2>
      <p className="mb-6 text-lg">Everyone will see that it was edited, and when. The earlier text is kept in the initiative’s audit log.</p>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        {post.isReply ? null : (
          <SelectField
            meta={fields.category}
            label="What kind of update is it?"
            options={POST_CATEGORIES.map((c) => ({ value: c.key, label: c.label }))}
          />
        )}
        <TextareaField
          meta={fields.body}
          label={post.isReply ? "Your reply" : "Your update"}
          rows={6}
          hint={`No personal details of service users. Up to ${MAX_POST_LENGTH.toLocaleString("en-GB")} characters.`}
        />
        <FormActions submitLabel="Save changes" pending={navigation.state !== "idle"} cancelTo={`/initiatives/${initiativeId}/updates`} />
      </Form>
    </div>
  );
}
