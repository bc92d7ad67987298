import { z } from "zod";
import { parseCalendarDate } from "~/utils/dates";

const optionalDate = (label: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const date = parseCalendarDate(value);
      if (!date) {
        ctx.addIssue({ code: "custom", message: `Enter the "${label}" date as a real date, like 2026-09-01` });
        return z.NEVER;
      }
      return date;
    });

/** The audit log's filters, from the query string. Unknown or malformed values are errors. */
const AuditFilterSchema = z
  .object({
    action: z
      .string()
      .max(60, "Choose a kind of change from the list")
      .regex(/^[a-z_.]*$/, "Choose a kind of change from the list")
      .optional(),
    person: z.string().trim().max(100, "The name must be 100 characters or fewer").optional(),
    from: optionalDate("from"),
    to: optionalDate("to"),
    page: z.coerce
      .number({ message: "The page must be a whole number" })
      .int("The page must be a whole number")
      .min(1, "The page must be 1 or more")
      .max(100_000, "There is no such page")
      .default(1),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: 'The "from" date must be on or before the "to" date',
    path: ["to"],
  });

export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export function parseAuditFilter(searchParams: URLSearchParams) {
  const raw = Object.fromEntries(
    ["action", "person", "from", "to", "page"]
      .map((key) => [key, searchParams.get(key) ?? undefined] as const)
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  return AuditFilterSchema.safeParse(raw);
}
