import { z } from "zod";
import { EmailSchema } from "~/utils/email";
import { INITIATIVE_ROLES } from "~/utils/policy";

const role = z.enum(INITIATIVE_ROLES, { error: "Choose a role from the list" });

export const InviteSchema = z.object({
  email: EmailSchema,
  role,
  agencyId: z.string({ error: "Choose the agency they will represent" }).max(40, "Choose an agency from the list"),
});
export type InviteInput = z.infer<typeof InviteSchema>;

/** The forms of the members page, told apart by their `intent`. */
export const MembersActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("change-role"),
    membershipId: z.string({ error: "Choose a member" }).max(40),
    role,
  }),
  z.object({ intent: z.literal("revoke-invitation"), invitationId: z.string().max(40) }),
  z.object({ intent: z.literal("renew-invitation-link"), invitationId: z.string().max(40) }),
]);

export const INVITATION_DAYS = 14;
