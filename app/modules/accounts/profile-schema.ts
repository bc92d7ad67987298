import { z } from "zod";
import { SignUpSchema } from "./schema";

/** The details a person keeps up to date themselves, with the same rules and messages as at sign-up. */
export const ProfileSchema = z.object({
  name: SignUpSchema.shape.name,
  jobTitle: SignUpSchema.shape.jobTitle,
  agencyId: z.string({ error: "Choose your agency from the list" }).max(40, "Choose your agency from the list"),
});
export type ProfileInput = z.infer<typeof ProfileSchema>;

/**
 * The session forms of "Your account", told apart by their intent. A session is named by its
 * key (a hash of its id), never by the id itself: the id is the secret the cookie carries.
 * Without `confirmed`, the page asks first.
 */
export const SessionActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("revoke-session"),
    session: z.string({ error: "Choose a session" }).max(64, "Choose a session"),
    confirmed: z.literal("yes").optional(),
  }),
  z.object({
    intent: z.literal("revoke-other-sessions"),
    confirmed: z.literal("yes").optional(),
  }),
]);

/** "Show when I am online": on or off. */
export const PresenceSchema = z.object({
  intent: z.literal("presence"),
  showPresence: z.enum(["on", "off"], { error: "Choose whether others see when you are online" }),
});
