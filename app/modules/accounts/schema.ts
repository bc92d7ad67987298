import { z } from "zod";
import { SECTOR_KEYS } from "~/modules/study/study";
import { EmailSchema } from "~/utils/email";

const name = z.string({ error: "Enter your full name" }).trim().min(1, "Enter your full name").max(100, "Your name must be 100 characters or fewer");

export const PASSWORD_MIN = 12;
const PASSWORD_MAX = 128;

export const SignUpSchema = z
  .object({
    name,
    email: EmailSchema,
    password: z
      .string({ error: "Enter a password" })
      .min(PASSWORD_MIN, `Your password must be at least ${PASSWORD_MIN} characters`)
      .max(PASSWORD_MAX, `Your password must be ${PASSWORD_MAX} characters or fewer`),
    jobTitle: z
      .string({ error: "Enter your job title" })
      .trim()
      .min(1, "Enter your job title")
      .max(100, "Your job title must be 100 characters or fewer"),
    agencyId: z.string().max(40, "Choose your agency from the list").optional(),
    newAgencyName: z
      .string()
      .trim()
      .min(2, "The agency name must be at least 2 characters")
      .max(120, "The agency name must be 120 characters or fewer")
      .optional(),
    newAgencySector: z.enum(SECTOR_KEYS, { error: "Choose the sector your agency belongs to" }).optional(),
    /** The one-time code that makes the first administrator (asked only while there is none). */
    setupCode: z.string().trim().max(64, "Enter the set-up code as it was printed: 12 letters and digits").optional(),
    /** Where to go afterwards (an invitation link, say); anything unsafe is ignored, not refused. */
    redirectTo: z.string().optional(),
  })
  // `when`: check the agency even while other fields have errors, so that every problem shows at once.
  .superRefine(
    (value, ctx) => {
      if (value.agencyId && value.newAgencyName) {
        ctx.addIssue({
          code: "custom",
          path: ["newAgencyName"],
          message: "Choose your agency from the list or add a new one, not both",
        });
      } else if (!value.agencyId && !value.newAgencyName) {
        ctx.addIssue({
          code: "custom",
          path: ["agencyId"],
          message: "Choose your agency, or add it if it is not in the list",
        });
      }
      if (value.newAgencyName && !value.newAgencySector) {
        ctx.addIssue({
          code: "custom",
          path: ["newAgencySector"],
          message: "Choose the sector your agency belongs to",
        });
      }
    },
    { when: () => true },
  );
export type SignUpInput = z.infer<typeof SignUpSchema>;

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: "Enter your password" }).max(PASSWORD_MAX, "Enter your password"),
  /** "Keep me signed in on this device" (30 days); otherwise until the browser closes or 2 hours unused. */
  keepSignedIn: z.literal("yes").optional(),
  redirectTo: z.string().optional(),
});
