import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useLocation, useNavigation } from "@remix-run/react";
import { ErrorSummary, SelectField, SubmitButton, TextareaField, useSchemaForm } from "~/components/forms";
import { MAX_POST_LENGTH, POST_CATEGORIES, PostSchema } from "~/modules/updates/schema";

/** The form on the updates page for a new update, with whom it can mention. */
export function NewPostForm({
  lastResult,
  mentionables,
}: {
  lastResult?: SubmissionResult<string[]>;
  mentionables: {
    people: ReadonlyArray<{ id: string; name: string; agencyName: string; mention: string }>;
    agencies: Array<{ id: string; name: string }>;
  };
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
              <strong>Do not include personal details of children, families or other service users</strong>: use the case system for those. Up to{" "}
              {MAX_POST_LENGTH.toLocaleString("en-GB")} characters. Mention someone with @ and their name, or an agency to tell all its members.
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
