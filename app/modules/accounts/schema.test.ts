import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, test } from "vitest";
import { SignUpSchema } from "./schema";

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

const valid = {
  name: "Asha Patel",
  email: " Asha.Patel@Northshire.gov.uk ",
  password: "correct horse battery",
  jobTitle: "Social worker",
  agencyId: "agency-1",
};

describe("SignUpSchema", () => {
  test("trims and lower-cases the email", () => {
    const submission = parseWithZod(form(valid), { schema: SignUpSchema });
    expect(submission.status).toBe("success");
    if (submission.status === "success") expect(submission.value.email).toBe("asha.patel@northshire.gov.uk");
  });

  test("says what is wrong with each field", () => {
    const submission = parseWithZod(form({ name: "", email: "asha", password: "short", jobTitle: "x".repeat(101) }), { schema: SignUpSchema });
    expect(submission.status).toBe("error");
    const errors = submission.reply().error ?? {};
    expect(errors.name).toEqual(["Enter your full name"]);
    expect(errors.email).toEqual(["Enter an email address in the correct format, like name@example.gov.uk"]);
    expect(errors.password).toEqual(["Your password must be at least 12 characters"]);
    expect(errors.jobTitle).toEqual(["Your job title must be 100 characters or fewer"]);
    expect(errors.agencyId).toEqual(["Choose your agency, or add it if it is not in the list"]);
  });

  test("an agency from the list or a new one, not both; a new one needs its sector", () => {
    const both = parseWithZod(form({ ...valid, newAgencyName: "New Agency" }), { schema: SignUpSchema });
    expect(both.reply().error?.newAgencyName).toEqual(["Choose your agency from the list or add a new one, not both"]);
    const { agencyId: _omit, ...withoutAgency } = valid;
    const noSector = parseWithZod(form({ ...withoutAgency, newAgencyName: "New Agency" }), { schema: SignUpSchema });
    expect(noSector.reply().error?.newAgencySector).toEqual(["Choose the sector your agency belongs to"]);
  });
});
