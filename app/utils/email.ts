import { z } from "zod";

/** An email address as every form takes it (signing up, signing in, inviting a member): trimmed and lower-cased. */
export const EmailSchema = z
  .string({ error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .max(254, "Your email address must be 254 characters or fewer")
  .pipe(z.email("Enter an email address in the correct format, like name@example.gov.uk"));
