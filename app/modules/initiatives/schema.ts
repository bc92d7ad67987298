import { z } from "zod";
import { MODEL_OF_ACTIVITY_KEYS, RATIONALE_KEYS } from "~/modules/study/study";
import { parseCalendarDate } from "~/utils/dates";

const EARLIEST_START = "1990-01-01";
const LATEST_START = "2100-12-31";

export const InitiativeSchema = z.object({
  name: z
    .string({ error: "Enter the initiative's name" })
    .trim()
    .min(3, "The name must be at least 3 characters")
    .max(120, "The name must be 120 characters or fewer"),
  targetGroup: z
    .string({ error: "Enter the group the initiative works with" })
    .trim()
    .min(3, "The target group must be at least 3 characters")
    .max(120, "The target group must be 120 characters or fewer"),
  rationales: z
    .array(z.enum(RATIONALE_KEYS, { error: "Choose reasons from the list" }), {
      error: "Choose at least one reason the initiative was started",
    })
    .min(1, "Choose at least one reason the initiative was started"),
  modelOfActivity: z.enum(MODEL_OF_ACTIVITY_KEYS, { error: "Choose how the agencies work together" }),
  aims: z
    .string({ error: "Enter the initiative's aims" })
    .trim()
    .min(10, "Describe the aims in at least 10 characters")
    .max(2000, "The aims must be 2,000 characters or fewer"),
  localAuthority: z
    .string({ error: "Enter the local authority" })
    .trim()
    .min(2, "The local authority must be at least 2 characters")
    .max(100, "The local authority must be 100 characters or fewer"),
  startDate: z
    .string({ error: "Enter the start date" })
    .refine((value) => parseCalendarDate(value) !== null, "Enter a real date, like 2026-09-01")
    .refine((value) => value >= EARLIEST_START && value <= LATEST_START, "The start date must be between 1 January 1990 and 31 December 2100"),
  agencyIds: z
    .array(z.string().max(40), { error: "Choose at least one agency taking part" })
    .min(1, "Choose at least one agency taking part")
    .max(50, "Choose 50 agencies or fewer"),
});
export type InitiativeInput = z.infer<typeof InitiativeSchema>;

const INITIATIVE_STATUS_KEYS = ["active", "paused", "closed"] as const;

export const InitiativeSettingsSchema = InitiativeSchema.extend({
  status: z.enum(INITIATIVE_STATUS_KEYS, { error: "Choose the initiative's status" }),
});
export type InitiativeSettingsInput = z.infer<typeof InitiativeSettingsSchema>;
