import { z } from "zod";
import { ActionSchema, DecisionSchema } from "~/modules/meetings/schema";

export const POST_CATEGORIES = [
  { key: "announcement", label: "Announcement" },
  { key: "decision", label: "Decision" },
  { key: "information", label: "For information" },
  { key: "help_request", label: "Request for help" },
] as const;
export type PostCategory = (typeof POST_CATEGORIES)[number]["key"];
const CATEGORY_KEYS = POST_CATEGORIES.map((c) => c.key) as [PostCategory, ...PostCategory[]];

export const CATEGORY_LABELS: Record<string, string> = {
  ...Object.fromEntries(POST_CATEGORIES.map((c) => [c.key, c.label])),
  system: "From the portal",
};

/** The longest post or reply: a long email's worth; anything longer belongs in a document. */
export const MAX_POST_LENGTH = 4000;

const body = (what: string) =>
  z
    .string({ error: `Write your ${what}` })
    .trim()
    .min(1, `Write your ${what}`)
    .max(MAX_POST_LENGTH, `Your ${what} is too long: keep it to ${MAX_POST_LENGTH.toLocaleString("en-GB")} characters or fewer`);

export const PostSchema = z.object({
  intent: z.literal("post"),
  category: z.enum(CATEGORY_KEYS, { error: "Choose what kind of update this is" }),
  body: body("update"),
});

export const ReplySchema = z.object({
  intent: z.literal("reply"),
  postId: z.string().max(40),
  body: body("reply"),
});

export const EditPostSchema = z.object({
  category: z.enum(CATEGORY_KEYS, { error: "Choose what kind of update this is" }).optional(),
  body: body("update"),
});

/** A post recorded as a decision, or turned into an action: the same rules as at a meeting. */
export const PromoteSchema = z.discriminatedUnion("as", [
  DecisionSchema.extend({ as: z.literal("decision") }),
  ActionSchema.extend({ as: z.literal("action") }),
]);
export type PromoteInput = z.infer<typeof PromoteSchema>;
