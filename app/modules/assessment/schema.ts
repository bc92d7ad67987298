import { z } from "zod";
import {
  BENEFITS,
  type BenefitKey,
  CHALLENGE_SEVERITIES,
  CHALLENGES,
  type ChallengeKey,
  SUCCESS_FACTORS,
  type SuccessFactorKey,
} from "~/modules/study/study";
import { ActionSchema } from "~/modules/meetings/schema";
import { parseCalendarDate } from "~/utils/dates";
import type { Rating, Severity } from "./aggregate";

/**
 * The self-assessment's forms, shared by the browser and the server. Every key is checked
 * against the framework (study/study.ts): an unknown factor, challenge or benefit is refused.
 */

export const FACTOR_KEYS = SUCCESS_FACTORS.map((f) => f.key) as [SuccessFactorKey, ...SuccessFactorKey[]];
export const CHALLENGE_KEYS = CHALLENGES.map((c) => c.key) as [ChallengeKey, ...ChallengeKey[]];
export const BENEFIT_KEYS = BENEFITS.map((b) => b.key) as [BenefitKey, ...BenefitKey[]];
const SEVERITY_KEYS = CHALLENGE_SEVERITIES.map((s) => s.key) as [Severity, ...Severity[]];

/** The answers to a factor's statement, as the form sends them. */
export const RATING_CHOICES = [
  { value: "1", label: "1", hint: "Strongly disagree" },
  { value: "2", label: "2", hint: "Disagree" },
  { value: "3", label: "3", hint: "Neither agree nor disagree" },
  { value: "4", label: "4", hint: "Agree" },
  { value: "5", label: "5", hint: "Strongly agree" },
  { value: "dont_know", label: "Don't know", hint: "" },
] as const;
type RatingChoice = (typeof RATING_CHOICES)[number]["value"];
const RATING_VALUES = RATING_CHOICES.map((c) => c.value) as [RatingChoice, ...RatingChoice[]];

export const EVIDENCE_MAX = 1000;
export const EXAMPLE_MAX = 500;

/** A strict object with one optional field per key: any other key is refused. */
function eachOf<K extends string, S extends z.ZodType>(keys: readonly K[], field: S) {
  return z.strictObject(Object.fromEntries(keys.map((key) => [key, field.optional()])) as Record<K, z.ZodOptional<S>>);
}

const labelOfFactor = (key: string) => SUCCESS_FACTORS.find((f) => f.key === key)?.label ?? key;
const labelOfChallenge = (key: string) => CHALLENGES.find((c) => c.key === key)?.label ?? key;
const labelOfBenefit = (key: string) => BENEFITS.find((b) => b.key === key)?.label ?? key;

// ─── Opening a round ─────────────────────────────────────────────────────────────────────────

export const OpenRoundSchema = z.object({
  title: z
    .string({ error: "Enter a title for the round" })
    .trim()
    .min(3, "The title must be at least 3 characters")
    .max(120, "The title must be 120 characters or fewer"),
  closesOn: z
    .string({ error: "Enter the closing date" })
    .trim()
    .refine((value) => parseCalendarDate(value) !== null, "Enter the closing date as a real date, like 2027-01-15"),
});
export type OpenRoundInput = z.infer<typeof OpenRoundSchema>;

// ─── A member's response ─────────────────────────────────────────────────────────────────────

/** The response form: field names like `factors.commitment`, `evidence.commitment`, `challenges.time`. */
export const ResponseFormSchema = z
  .object({
    /** "save": keep as a draft; "submit": count it in the results. */
    intent: z.enum(["save", "submit"], { error: "Choose whether to save a draft or submit" }),
    /** The response this form was showing, empty for a first response (so a second one is refused). */
    responseId: z.string().max(40).optional(),
    factors: eachOf(FACTOR_KEYS, z.enum(RATING_VALUES, { error: "Choose a rating from 1 to 5, or don't know" })).default({}),
    evidence: eachOf(
      FACTOR_KEYS,
      z
        .string()
        .trim()
        .max(EVIDENCE_MAX, `The evidence must be ${EVIDENCE_MAX.toLocaleString("en-GB")} characters or fewer`),
    ).default({}),
    challenges: eachOf(CHALLENGE_KEYS, z.enum(SEVERITY_KEYS, { error: "Choose how much of a challenge it is" })).default({}),
    benefits: eachOf(BENEFIT_KEYS, z.literal("yes", { error: "Tick the box, or leave it empty" })).default({}),
    examples: eachOf(
      BENEFIT_KEYS,
      z
        .string()
        .trim()
        .max(EXAMPLE_MAX, `The example must be ${EXAMPLE_MAX.toLocaleString("en-GB")} characters or fewer`),
    ).default({}),
  })
  .superRefine(
    (value, ctx) => {
      for (const key of BENEFIT_KEYS) {
        if (value.examples?.[key] && !value.benefits?.[key]) {
          ctx.addIssue({
            code: "custom",
            path: ["examples", key],
            message: `Tick “${labelOfBenefit(key)}” to give an example of it, or clear the example`,
          });
        }
      }
      if (value.intent !== "submit") return;
      for (const key of FACTOR_KEYS) {
        if (!value.factors?.[key]) {
          ctx.addIssue({ code: "custom", path: ["factors", key], message: `Rate “${labelOfFactor(key)}” from 1 to 5, or choose don't know` });
        }
      }
      for (const key of CHALLENGE_KEYS) {
        if (!value.challenges?.[key]) {
          ctx.addIssue({ code: "custom", path: ["challenges", key], message: `Say how much of a challenge “${labelOfChallenge(key)}” is` });
        }
      }
    },
    { when: () => true },
  );
type ResponseFormValue = z.infer<typeof ResponseFormSchema>;

/** A response's answers as the module stores them. A missing key is a question not answered. */
export type ResponseAnswers = {
  factors: Partial<Record<SuccessFactorKey, { rating: Rating; evidence: string | null }>>;
  challenges: Partial<Record<ChallengeKey, Severity>>;
  /** A ticked benefit and its example ("" for none). */
  benefits: Partial<Record<BenefitKey, string>>;
};

/** The module's own check of what it is asked to store, whatever called it. */
export const ResponseAnswersSchema = z.object({
  factors: eachOf(
    FACTOR_KEYS,
    z.object({
      rating: z.number().int("A rating is a whole number from 1 to 5").min(1, "A rating is from 1 to 5").max(5, "A rating is from 1 to 5").nullable(),
      evidence: z.string().max(EVIDENCE_MAX).nullable(),
    }),
  ),
  challenges: eachOf(CHALLENGE_KEYS, z.enum(SEVERITY_KEYS)),
  benefits: eachOf(BENEFIT_KEYS, z.string().max(EXAMPLE_MAX)),
});

/** Whether every factor and challenge is answered: what a submitted response needs. */
export function unansweredQuestions(answers: ResponseAnswers): string[] {
  return [
    ...FACTOR_KEYS.filter((key) => answers.factors[key] === undefined).map(labelOfFactor),
    ...CHALLENGE_KEYS.filter((key) => answers.challenges[key] === undefined).map(labelOfChallenge),
  ];
}

/** The form's values as answers to store. */
export function answersFromForm(value: ResponseFormValue): ResponseAnswers {
  const answers: ResponseAnswers = { factors: {}, challenges: {}, benefits: {} };
  for (const key of FACTOR_KEYS) {
    const choice = value.factors?.[key];
    const evidence = value.evidence?.[key] || null;
    if (choice) answers.factors[key] = { rating: choice === "dont_know" ? null : (Number(choice) as Rating), evidence };
  }
  for (const key of CHALLENGE_KEYS) {
    const severity = value.challenges?.[key];
    if (severity) answers.challenges[key] = severity;
  }
  for (const key of BENEFIT_KEYS) {
    if (value.benefits?.[key]) answers.benefits[key] = value.examples?.[key] ?? "";
  }
  return answers;
}

/** Stored answers as the form's default values. */
export function formValuesFromAnswers(answers: ResponseAnswers) {
  const factors: Record<string, string> = {};
  const evidence: Record<string, string> = {};
  for (const key of FACTOR_KEYS) {
    const answer = answers.factors[key];
    if (!answer) continue;
    factors[key] = answer.rating === null ? "dont_know" : String(answer.rating);
    if (answer.evidence) evidence[key] = answer.evidence;
  }
  const benefits: Record<string, "yes"> = {};
  const examples: Record<string, string> = {};
  for (const key of BENEFIT_KEYS) {
    const example = answers.benefits[key];
    if (example === undefined) continue;
    benefits[key] = "yes";
    if (example) examples[key] = example;
  }
  return { factors, evidence, challenges: { ...answers.challenges }, benefits, examples };
}

// ─── A concern turned into an action ─────────────────────────────────────────────────────────

export const ConcernActionSchema = ActionSchema.extend({
  intent: z.literal("create-action"),
  factorKey: z.enum(FACTOR_KEYS, { error: "That is not one of the success factors" }),
});

// ─── Exports ─────────────────────────────────────────────────────────────────────────────────

const CSV_PARTS = ["factors", "agencies", "challenges", "benefits"] as const;
export type CsvPart = (typeof CSV_PARTS)[number];
export const CsvQuerySchema = z.object({
  part: z.enum(CSV_PARTS, { error: "Ask for part=factors, agencies, challenges or benefits" }).default("factors"),
});
