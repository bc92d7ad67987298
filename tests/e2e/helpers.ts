import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Fails on any serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    `accessibility violations on ${page.url()}`,
  ).toEqual([]);
}

let counter = 0;
export function uniqueSuffix() {
  counter += 1;
  return `${Date.now().toString(36)}${counter}`;
}

export type Person = { name: string; email: string; password: string; agency: string };

/** Signs up a new person with a new agency of their own; ends on "My initiatives". */
export async function signUpNewPerson(page: Page, sector = "Health"): Promise<Person> {
  const suffix = uniqueSuffix();
  const person = {
    name: `Sam Okafor ${suffix}`,
    email: `sam.${suffix}@northshire.example.gov.uk`,
    password: "maple river lantern 42",
    agency: `Northshire Agency ${suffix}`,
  };
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Work email address").fill(person.email);
  await page.getByLabel("Create a password").fill(person.password);
  await page.getByLabel("Job title").fill("Health visitor");
  const agencyName = page.getByLabel("Agency name");
  if (!(await agencyName.isVisible())) await page.getByText("My agency is not in the list").click();
  await agencyName.fill(person.agency);
  await page.getByRole("radio", { name: sector, exact: true }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My initiatives" })).toBeVisible();
  return person;
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
}
