import { z } from "zod";
import { parseCalendarDate } from "~/utils/dates";
import { parseHundredths } from "~/utils/hundredths";
import { RACI_KINDS, TIME_UNITS, type TimeUnit } from "./register";

const optionalDate = (message: string) =>
  z
    .string()
    .optional()
    .refine((value) => !value || parseCalendarDate(value) !== null, message);

const TIME_UNIT_KEYS = TIME_UNITS.map((unit) => unit.key) as [TimeUnit, ...TimeUnit[]];

export const MAX_RESPONSIBILITIES = 20;

export const RoleSchema = z
  .object({
    title: z
      .string({ error: "Enter the role's title" })
      .trim()
      .min(2, "The title must be at least 2 characters")
      .max(120, "The title must be 120 characters or fewer"),
    agencyId: z.string({ error: "Choose the agency the role belongs to" }).max(40, "Choose an agency from the list"),
    holderId: z.string().max(40, "Choose a member from the list").optional(),
    responsibilities: z
      .string()
      .max(4000, "The responsibilities must be 4,000 characters or fewer in all")
      .optional()
      .transform((text) =>
        (text ?? "")
          .split(/\r?\n/)
          .map((line) => line.replace(/^[-•*]\s*/, "").trim())
          .filter(Boolean),
      )
      .refine((lines) => lines.length <= MAX_RESPONSIBILITIES, `List ${MAX_RESPONSIBILITIES} responsibilities or fewer`)
      .refine((lines) => lines.every((line) => line.length <= 200), "Keep each responsibility to 200 characters or fewer"),
    accountableToId: z.string().max(40, "Choose a role from the list").optional(),
    timeUnit: z.enum(TIME_UNIT_KEYS, { error: "Choose hours a week or FTE" }),
    timeAmount: z
      .string({ error: "Enter the time committed" })
      .trim()
      .refine((text) => !text.startsWith("-"), "The time committed cannot be negative")
      .refine(
        (text) => text.startsWith("-") || parseHundredths(text) !== null,
        "Enter the time as a number, like 7.5, with at most two decimal places",
      )
      .transform((text) => parseHundredths(text) ?? 0),
    startDate: optionalDate("Enter the start date as a real date, like 2026-09-01"),
    endDate: optionalDate("Enter the end date as a real date, like 2027-03-31"),
  })
  .superRefine(
    (role, ctx) => {
      if (role.timeUnit === "hours_per_week" && role.timeAmount > 168 * 100) {
        ctx.addIssue({ code: "custom", path: ["timeAmount"], message: "There are only 168 hours in a week" });
      }
      if (role.timeUnit === "fte" && role.timeAmount > 100) {
        ctx.addIssue({ code: "custom", path: ["timeAmount"], message: "One role can be at most 1.0 FTE" });
      }
      if (role.startDate && role.endDate && role.endDate < role.startDate) {
        ctx.addIssue({ code: "custom", path: ["endDate"], message: "The end date must be on or after the start date" });
      }
    },
    { when: () => true },
  );
export type RoleInput = z.infer<typeof RoleSchema>;

export const ResponsibilitySchema = z.object({
  title: z
    .string({ error: "Enter the responsibility" })
    .trim()
    .min(3, "The responsibility must be at least 3 characters")
    .max(160, "The responsibility must be 160 characters or fewer"),
  /** "<agencyId>:<kind>" for each ticked box of the grid. */
  assignments: z
    .array(z.string().regex(new RegExp(`^[A-Za-z0-9_-]{1,40}:(${RACI_KINDS.join("|")})$`), "Choose from the grid"))
    .max(200)
    .default([]),
});
export type ResponsibilityInput = z.infer<typeof ResponsibilitySchema>;

/** The register page's small forms, told apart by their intent. */
export const RegisterActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm-role"), roleId: z.string().max(40) }),
  z.object({ intent: z.literal("request-confirmation"), roleId: z.string().max(40).optional() }),
]);
