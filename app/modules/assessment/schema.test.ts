import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, test } from "vitest";
import { CHALLENGES, SUCCESS_FACTORS } from "~/modules/study/study";
import { answersFromForm, formValuesFromAnswers, OpenRoundSchema, ResponseFormSchema, unansweredQuestions } from "./schema";

/** The response form as a browser sends it. */
function form(entries: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.append(name, value);
  return parseWithZod(data, { schema: ResponseFormSchema });
}

const everything = () => ({
  ...Object.fromEntries(SUCCESS_FACTORS.map((f) => [`factors.${f.key}`, "4"])),
  ...Object.fromEntries(CHALLENGES.map((c) => [`challenges.${c.key}`, "minor"])),
});

describe("the response form", () => {
  test("a draft may leave questions unanswered", () => {
    const submission = form({ intent: "save", "factors.commitment": "5" });
    expect(submission.status).toBe("success");
  });

  test("submitting needs every factor and challenge, each error on its own field", () => {
    const submission = form({ intent: "submit", "factors.commitment": "5" });
    expect(submission.status).toBe("error");
    const errors = submission.status === "error" ? (submission.error ?? {}) : {};
    expect(Object.keys(errors)).toContain("factors.relationships");
    expect(Object.keys(errors)).toContain("challenges.time");
    expect(Object.keys(errors)).not.toContain("factors.commitment");
    expect(form({ intent: "submit", ...everything() }).status).toBe("success");
  });

  test.each([
    ["a score above 5", { "factors.commitment": "6" }],
    ["a score of 0", { "factors.commitment": "0" }],
    ["a score that is not whole", { "factors.commitment": "4.5" }],
    ["an unknown factor", { "factors.team_spirit": "5" }],
    ["evidence for an unknown factor", { "evidence.team_spirit": "Yes" }],
    ["an unknown severity", { "challenges.time": "catastrophic" }],
    ["an unknown challenge", { "challenges.weather": "major" }],
    ["an unknown benefit", { "benefits.free_lunch": "yes" }],
  ])("%s is refused", (_label, extra) => {
    expect(form({ intent: "save", ...extra }).status).toBe("error");
  });

  test("an example needs its benefit ticked", () => {
    const submission = form({ intent: "save", "examples.communication": "A shared inbox" });
    expect(submission.status === "error" && Object.keys(submission.error ?? {})).toEqual(["examples.communication"]);
  });

  test("the form's values become answers, and back", () => {
    const submission = form({
      intent: "submit",
      ...everything(),
      "factors.history": "dont_know",
      "evidence.commitment": "  Every agency at every meeting  ",
      "benefits.communication": "yes",
      "examples.communication": "A shared inbox",
      "benefits.relationships": "yes",
    });
    if (submission.status !== "success") throw new Error("expected success");
    const answers = answersFromForm(submission.value);
    expect(answers.factors.commitment).toEqual({ rating: 4, evidence: "Every agency at every meeting" });
    expect(answers.factors.history).toEqual({ rating: null, evidence: null });
    expect(answers.benefits).toEqual({ communication: "A shared inbox", relationships: "" });
    expect(unansweredQuestions(answers)).toEqual([]);
    const values = formValuesFromAnswers(answers);
    expect(values.factors.history).toBe("dont_know");
    expect(values.benefits).toEqual({ communication: "yes", relationships: "yes" });
    expect(values.examples).toEqual({ communication: "A shared inbox" });
  });
});

describe("opening a round", () => {
  test("needs a title and a real closing date", () => {
    expect(OpenRoundSchema.safeParse({ title: "Autumn review", closesOn: "2027-01-15" }).success).toBe(true);
    expect(OpenRoundSchema.safeParse({ title: "Au", closesOn: "2027-01-15" }).success).toBe(false);
    expect(OpenRoundSchema.safeParse({ title: "Autumn review", closesOn: "2027-02-30" }).success).toBe(false);
  });
});
