import { z } from "zod";
import { parseHundredths } from "~/utils/hundredths";
import { parseCalendarDate } from "~/utils/dates";
import { FUNDING_STATUS_KEYS, FUNDING_TYPE_KEYS, IN_KIND_KIND_KEYS } from "./funding";
import { formatPence, MAX_PENCE, parsePoundsToPence, type MoneyProblem } from "./money";

/** The longest period a stream or contribution may cover; longer is almost surely a typing slip. */
const MAX_PERIOD_YEARS = 10;

const MONEY_MESSAGES: Record<Exclude<MoneyProblem, "empty">, string> = {
  not_a_number: "Enter the amount in pounds as a number, like 1,250 or 1250.50",
  negative: "The amount cannot be negative",
  too_many_decimals: "Enter the amount to the nearest penny: no more than two decimal places",
  too_large: `The amount must be ${formatPence(MAX_PENCE)} or less`,
};

/** An amount of money typed in pounds, as whole pence; more than zero. */
const money = (missing: string) =>
  z
    .string({ error: missing })
    .superRefine((text, ctx) => {
      const parsed = parsePoundsToPence(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem === "empty" ? missing : MONEY_MESSAGES[parsed.problem] });
      else if (parsed.pence === 0) ctx.addIssue({ code: "custom", message: "The amount must be more than £0" });
    })
    .transform((text) => {
      const parsed = parsePoundsToPence(text);
      return parsed.ok ? parsed.pence : 0;
    });

const calendarDate = (missing: string, example: string) =>
  z
    .string({ error: missing })
    .trim()
    .refine((value) => parseCalendarDate(value) !== null, `${missing} as a real date, like ${example}`);

/** The end on or after the start, and the period not absurdly long. */
function checkPeriod(value: { startDate: string; endDate: string }, ctx: z.RefinementCtx) {
  const start = parseCalendarDate(value.startDate);
  const end = parseCalendarDate(value.endDate);
  if (!start || !end) return;
  if (end < start) {
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "The end date must be on or after the start date" });
  } else if (end.getUTCFullYear() - start.getUTCFullYear() > MAX_PERIOD_YEARS) {
    ctx.addIssue({ code: "custom", path: ["endDate"], message: `The period can be at most ${MAX_PERIOD_YEARS} years` });
  }
}

/** "Record it anyway": the confirmation that a change may take a stream over its total. */
const recordAnyway = z.literal("yes", { error: "Tick the box only to record it anyway" }).optional();

export const FundingStreamSchema = z
  .object({
    name: z
      .string({ error: "Enter a name for the funding stream" })
      .trim()
      .min(3, "The name must be at least 3 characters")
      .max(120, "The name must be 120 characters or fewer"),
    type: z.enum(FUNDING_TYPE_KEYS, { error: "Choose the type of funding" }),
    agencyId: z.string().max(40, "Choose an agency from the list").optional(),
    funderName: z.string().trim().max(120, "The funder's name must be 120 characters or fewer").optional(),
    status: z.enum(FUNDING_STATUS_KEYS, { error: "Choose whether the money is pledged, confirmed or received" }),
    startDate: calendarDate("Enter the start date", "2026-04-01"),
    endDate: calendarDate("Enter the end date", "2027-03-31"),
    totalAmount: money("Enter the total amount"),
    conditions: z.string().trim().max(300, "The conditions must be 300 characters or fewer").optional(),
    successorId: z.string().max(40, "Choose a stream from the list").optional(),
    recordAnyway,
  })
  .superRefine(
    (stream, ctx) => {
      if (!stream.agencyId && !stream.funderName) {
        ctx.addIssue({ code: "custom", path: ["agencyId"], message: "Choose the contributing agency, or name the outside funder" });
      }
      if (stream.agencyId && stream.funderName) {
        ctx.addIssue({
          code: "custom",
          path: ["funderName"],
          message: "Leave the outside funder's name empty when one of the initiative's agencies gives the money",
        });
      }
      checkPeriod(stream, ctx);
    },
    { when: () => true },
  );
export type FundingStreamInput = z.infer<typeof FundingStreamSchema>;

export const ExpenditureSchema = z.object({
  streamId: z.string({ error: "Choose the funding stream the money came from" }).max(40, "Choose a stream from the list"),
  spentOn: calendarDate("Enter the date of the spending", "2026-10-15"),
  amount: money("Enter the amount spent"),
  category: z
    .string({ error: "Enter a category, like Staff or Training" })
    .trim()
    .min(2, "The category must be at least 2 characters")
    .max(60, "The category must be 60 characters or fewer"),
  description: z
    .string({ error: "Say what the money was spent on" })
    .trim()
    .min(3, "The description must be at least 3 characters")
    .max(500, "The description must be 500 characters or fewer"),
  approvedBy: z
    .string({ error: "Enter who approved the spending" })
    .trim()
    .min(2, "Enter who approved the spending: their name and role")
    .max(120, "Who approved it must be 120 characters or fewer"),
  recordAnyway,
});
export type ExpenditureInput = z.infer<typeof ExpenditureSchema>;

export const InKindSchema = z
  .object({
    agencyId: z.string({ error: "Choose the agency that gives it" }).max(40, "Choose an agency from the list"),
    kind: z.enum(IN_KIND_KIND_KEYS, { error: "Choose what kind of contribution it is" }),
    description: z
      .string({ error: "Describe the contribution" })
      .trim()
      .min(3, "The description must be at least 3 characters")
      .max(300, "The description must be 300 characters or fewer"),
    fte: z
      .string()
      .trim()
      .optional()
      .refine((text) => !text?.startsWith("-"), "The FTE cannot be negative")
      .refine(
        (text) => !text || text.startsWith("-") || parseHundredths(text) !== null,
        "Enter the FTE as a number, like 0.4, with at most two decimal places",
      )
      .transform((text) => (text ? parseHundredths(text) : null)),
    startDate: calendarDate("Enter the start date", "2026-04-01"),
    endDate: calendarDate("Enter the end date", "2027-03-31"),
    value: money("Enter the contribution's value in pounds"),
    valuationMethod: z
      .string({ error: "Say how the value was worked out" })
      .trim()
      .min(3, "Say how the value was worked out, in at least 3 characters")
      .max(300, "How it was valued must be 300 characters or fewer"),
    status: z.enum(FUNDING_STATUS_KEYS, { error: "Choose whether it is pledged, confirmed or received" }),
  })
  .superRefine(
    (item, ctx) => {
      if (item.kind === "staff_time") {
        if (item.fte === null) {
          ctx.addIssue({ code: "custom", path: ["fte"], message: "Enter the staff time in FTE, like 0.4" });
        } else if (item.fte === 0) {
          ctx.addIssue({ code: "custom", path: ["fte"], message: "The FTE must be more than 0" });
        } else if (item.fte > 5000) {
          ctx.addIssue({ code: "custom", path: ["fte"], message: "Record at most 50 FTE in one contribution" });
        }
      }
      checkPeriod(item, ctx);
    },
    { when: () => true },
  );
export type InKindInput = z.infer<typeof InKindSchema>;
