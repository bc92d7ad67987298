import { z } from "zod";
import { SECTOR_KEYS } from "~/modules/study/study";

const AGENCY_NAME_MIN = 2;
const AGENCY_NAME_MAX = 120;

/** An agency as an administrator adds or changes it. Same length rules as adding one at sign-up. */
export const AgencySchema = z.object({
  name: z
    .string({ error: "Enter the agency's name" })
    .trim()
    .min(AGENCY_NAME_MIN, `The agency name must be at least ${AGENCY_NAME_MIN} characters`)
    .max(AGENCY_NAME_MAX, `The agency name must be ${AGENCY_NAME_MAX} characters or fewer`),
  sector: z.enum(SECTOR_KEYS, { error: "Choose the sector the agency belongs to" }),
});
export type AgencyInput = z.infer<typeof AgencySchema>;

/**
 * One person's portal-wide permissions, as the row of the people page sends them: a ticked box
 * is "on", an unticked one is absent. Removing an administrator role is asked about first.
 */
export const GrantsSchema = z.object({
  intent: z.literal("change-grants"),
  userId: z.string({ error: "Choose a person" }).max(40, "Choose a person"),
  isAdmin: z.boolean().default(false),
  canViewActivityAudit: z.boolean().default(false),
  confirmed: z.literal("yes").optional(),
});
export type GrantsInput = z.infer<typeof GrantsSchema>;
