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
  await page.getByRole("radio", { name: new RegExp(`^${sector}`) }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await signInAfterSignUp(page, person.email, person.password);
  await expect(page.getByRole("heading", { level: 1, name: "My initiatives" })).toBeVisible();
  return person;
}

/**
 * After "Create account": the sign-in page says what happens next (the same whether or not the
 * address already had an account), with the address filled in; signs in with the password.
 */
export async function signInAfterSignUp(page: Page, email: string, password: string) {
  await expect(page.getByRole("status").filter({ hasText: "If this address was new to the portal, your account is ready" })).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
}

/** Opens the form for a new initiative and fills it in, without sending it. */
export async function fillInitiativeForm(page: Page, name: string) {
  await page.goto("/initiatives/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Who the initiative is for").fill("Looked-after children");
  // Close the field's list of suggestions, as a person moving on would.
  await page.keyboard.press("Escape");
  await page.getByRole("checkbox", { name: /The needs of the target group/ }).check();
  await page.getByRole("radio", { name: /Decision-making group/ }).check();
  await page.getByLabel("Aims").fill("Keep placements stable and schooling uninterrupted.");
  await page.getByLabel("Local authority").fill("Northshire County Council");
  await page.getByLabel("Start date").fill("2026-04-01");
}

/** Creates an initiative through the form; ends on its dashboard and returns its address. */
export async function createInitiativeThroughForm(page: Page, name: string) {
  await fillInitiativeForm(page, name);
  await page.getByRole("button", { name: "Create initiative" }).click();
  await expect(page.getByRole("status")).toContainText("Initiative created");
  return page.url().replace(/\?.*$/, "");
}

/**
 * Invites someone from the members page, to represent `agency` (by default the first in the list);
 * returns the invitation link shown to copy.
 */
export async function invite(
  page: Page,
  initiativeUrl: string,
  email: string,
  role: "Lead" | "Coordinator" | "Member" | "Observer",
  agency?: string,
) {
  await page.goto(`${initiativeUrl}/members/invite`);
  await page.getByLabel("Their work email address").fill(email);
  await page.getByRole("radio", { name: new RegExp(`^${role}`) }).check();
  await page.getByLabel("The agency they represent").selectOption(agency ? { label: agency } : { index: 1 });
  await page.getByRole("button", { name: /Create invitation|Invite someone else/ }).click();
  await expect(page.getByText(`Invitation ready for ${email}`)).toBeVisible();
  return page.getByLabel("Invitation link", { exact: true }).inputValue();
}

/**
 * The portal's administrator, created from this machine as the first account before any test runs
 * (tests/e2e/global-setup.ts): the database is shared, so "the first account" must not be left to chance.
 */
export const ADMIN_EMAIL = "admin.e2e@northshire.example.gov.uk";
export const ADMIN_PASSWORD = "copper kettle orchard 17";

export async function signInAsAdministrator(page: Page) {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My initiatives" })).toBeVisible();
}
