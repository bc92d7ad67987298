import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { NoteField, ScaleField, TickField } from "~/components/assessment/answer-fields";
import { WhoSeesWhat } from "~/components/assessment/privacy";
import { ErrorSummary, useSchemaForm } from "~/components/forms";
import { saveResponse } from "~/modules/assessment/commands.server";
import { getResponseForm } from "~/modules/assessment/queries.server";
import { answersFromForm, EVIDENCE_MAX, EXAMPLE_MAX, formValuesFromAnswers, RATING_CHOICES, ResponseFormSchema } from "~/modules/assessment/schema";
import { BENEFITS, CHALLENGE_SEVERITIES, CHALLENGES, SUCCESS_FACTORS } from "~/modules/study/study";
import { closedText } from "~/components/assessment/results";
import { formatCalendarDate, formatDateTime } from "~/utils/dates";
import { notFound, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Your response: ${data.round.title}` : "Self-assessment"} – Partnership Portal` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "respond_to_assessments");
  const form = await getResponseForm(access, params.roundId ?? "");
  if (!form) notFound();
  return {
    initiativeId: access.initiativeId,
    round: {
      id: form.round.id,
      title: form.round.title,
      open: form.round.open,
      closesOn: form.round.closesOn,
      endedAt: form.round.endedAt,
      closedEarly: form.round.closedEarly,
    },
    response: form.response ? { id: form.response.id, submittedAt: form.response.submittedAt, updatedAt: form.response.updatedAt } : null,
    defaultValue: form.response ? formValuesFromAnswers(form.response.answers) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId, "respond_to_assessments");
  const submission = parseWithZod(await request.formData(), { schema: ResponseFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const result = await saveResponse(access, params.roundId ?? "", {
    responseId: value.responseId || null,
    answers: answersFromForm(value),
    submit: value.intent === "submit",
  });
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  const done = result.action === "assessment.response_changed" ? "changed" : result.submitted ? "submitted" : "draft";
  return redirect(`/initiatives/${access.initiativeId}/assessment/${params.roundId}?done=${done}`);
}

const SCALE_OPTIONS = RATING_CHOICES.map((c) => ({ value: c.value, label: c.label, hint: c.hint || undefined }));
const SEVERITY_OPTIONS = CHALLENGE_SEVERITIES.map((s) => ({ value: s.key, label: s.label }));

const secondaryButton = "border-2 border-slate-800 bg-white px-4 py-2 text-lg font-bold text-slate-900 hover:bg-slate-100";
const primaryButton = "bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800";

export default function Respond() {
  const { initiativeId, round, response, defaultValue } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const pending = navigation.state !== "idle";
  const roundPath = `/initiatives/${initiativeId}/assessment/${round.id}`;
  const [form, fields] = useSchemaForm(ResponseFormSchema, {
    id: "response",
    lastResult,
    defaultValue: { responseId: response?.id ?? "", ...(defaultValue ?? {}) },
  });
  const factorFields = fields.factors.getFieldset();
  const evidenceFields = fields.evidence.getFieldset();
  const challengeFields = fields.challenges.getFieldset();
  const benefitFields = fields.benefits.getFieldset();
  const exampleFields = fields.examples.getFieldset();
  const submitted = Boolean(response?.submittedAt);

  if (!round.open) {
    return (
      <div className="max-w-2xl space-y-4">
        <h2 className="text-2xl font-bold">{round.title}</h2>
        <p className="border-l-4 border-brand-600 bg-white p-4 text-lg">
          This round closed {round.closedEarly ? "on" : "at"} {closedText(round)}. Answers can no longer be given or changed.
        </p>
        <Link to={roundPath} className="text-lg text-brand-700 underline">
          See the round and its results
        </Link>
      </div>
    );
  }

  const saveDraft = submitted ? null : (
    <button type="submit" name="intent" value="save" aria-disabled={pending || undefined} className={secondaryButton}>
      Save as draft
    </button>
  );

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <p className="text-lg text-slate-700">Self-assessment</p>
        <h2 className="text-2xl font-bold">{submitted ? `Change your response: ${round.title}` : `Your response: ${round.title}`}</h2>
      </div>
      <ErrorSummary form={form} fields={fields} />
      <div className="space-y-3 text-lg">
        <p>
          How does the partnership stand on each of the success factors the research found? Rate each statement from{" "}
          <strong>1 (strongly disagree)</strong> to <strong>5 (strongly agree)</strong>, or choose <strong>don&apos;t know</strong>. Then say how much
          of a challenge each of the common difficulties is, and tick the benefits the partnership has brought.
        </p>
        <p>
          {submitted
            ? `You submitted your response on ${formatDateTime(response!.submittedAt!)}. You can change it until the round closes at the end of ${formatCalendarDate(round.closesOn)}.`
            : response
              ? `Your draft was last saved on ${formatDateTime(response.updatedAt)}. Drafts are not counted: submit it once every question is answered, by the end of ${formatCalendarDate(round.closesOn)}.`
              : `Save a draft at any time and come back to it. Only submitted responses are counted. The round closes at the end of ${formatCalendarDate(round.closesOn)}.`}
        </p>
      </div>
      <WhoSeesWhat />

      <nav aria-labelledby="contents-heading" className="border-l-4 border-slate-300 pl-4">
        <h3 id="contents-heading" className="font-bold">
          Contents
        </h3>
        <ol className="list-decimal pl-6 text-brand-700">
          <li>
            <a href="#factors-heading" className="underline">
              Success factors ({SUCCESS_FACTORS.length} statements)
            </a>
          </li>
          <li>
            <a href="#challenges-heading" className="underline">
              Challenges ({CHALLENGES.length})
            </a>
          </li>
          <li>
            <a href="#benefits-heading" className="underline">
              Benefits ({BENEFITS.length})
            </a>
          </li>
        </ol>
      </nav>

      <Form method="post" {...getFormProps(form)} className="space-y-12">
        <input {...getInputProps(fields.responseId, { type: "hidden" })} key={fields.responseId.key} />

        <section aria-labelledby="factors-heading" className="space-y-6">
          <h3 id="factors-heading" className="text-xl font-bold">
            1. Success factors
          </h3>
          {SUCCESS_FACTORS.map((factor, index) => (
            <ScaleField
              key={factor.key}
              meta={factorFields[factor.key]}
              caption={`${index + 1}. ${factor.label}`}
              legend={factor.statement}
              options={SCALE_OPTIONS}
            >
              <details className="max-w-2xl">
                <summary className="cursor-pointer text-brand-700 underline">Why this matters</summary>
                <p className="mt-1 border-l-4 border-slate-300 pl-3">{factor.whyItMatters}</p>
              </details>
              <NoteField
                meta={evidenceFields[factor.key]}
                label="Evidence (optional)"
                hint={`What makes you say so: an example or a fact. Up to ${EVIDENCE_MAX.toLocaleString("en-GB")} characters.`}
              />
            </ScaleField>
          ))}
          {saveDraft}
        </section>

        <section aria-labelledby="challenges-heading" className="space-y-6">
          <h3 id="challenges-heading" className="text-xl font-bold">
            2. Challenges
          </h3>
          <p className="text-lg">How much of a challenge is each of these for the partnership now?</p>
          {CHALLENGES.map((challenge) => (
            <ScaleField key={challenge.key} meta={challengeFields[challenge.key]} legend={challenge.label} options={SEVERITY_OPTIONS}>
              <p className="text-sm text-slate-700">In the research: {challenge.whyItMatters}</p>
            </ScaleField>
          ))}
          {saveDraft}
        </section>

        <section aria-labelledby="benefits-heading" className="space-y-6">
          <h3 id="benefits-heading" className="text-xl font-bold">
            3. Benefits
          </h3>
          <p className="text-lg">Tick each benefit the partnership has brought so far, with an example if you can. Leave the others empty.</p>
          {BENEFITS.map((benefit) => (
            <div key={benefit.key} className="space-y-3 border-t border-slate-300 pt-5">
              <TickField meta={benefitFields[benefit.key]} label={benefit.label} />
              <div className="pl-9">
                <NoteField
                  meta={exampleFields[benefit.key]}
                  label="Example (optional)"
                  hint={`What changed, in a sentence. Up to ${EXAMPLE_MAX.toLocaleString("en-GB")} characters.`}
                />
              </div>
            </div>
          ))}
        </section>

        <div className="flex flex-wrap items-center gap-6 border-t-2 border-slate-800 pt-6">
          <button type="submit" name="intent" value="submit" aria-disabled={pending || undefined} className={primaryButton}>
            {submitted ? "Save your changes" : "Submit your response"}
          </button>
          {saveDraft}
          <Link to={roundPath} className="text-lg text-brand-700 underline">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}
