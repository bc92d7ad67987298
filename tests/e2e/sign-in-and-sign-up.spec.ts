import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signInAfterSignUp, signOut, signUpNewPerson, uniqueSuffix } from "./helpers";

async function signInThrough(page: Page, path: string, email: string, password: string) {
  await page.goto(path);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

// Ways out of a site through its "return to" address; each must end on the portal. Without
// JavaScript the browser itself follows the Location header; with it, Remix's router does.
const MALICIOUS = {
  withoutScript: ["//evil.example/", "/\\evil.example/", "/\t/evil.example/", "/.//evil.example/"],
  withScript: ["/%5Cevil.example/", "https://evil.example/"],
};

test("signing in with a malicious return address ends on the portal, with or without JavaScript", async ({ browser, page }) => {
  test.setTimeout(150_000);
  const person = await signUpNewPerson(page);
  await signOut(page);
  const origin = new URL(page.url()).origin;

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  for (const [context, shapes] of [
    [noScript, MALICIOUS.withoutScript],
    [page.context(), MALICIOUS.withScript],
  ] as const) {
    const tab = await context.newPage();
    for (const shape of shapes) {
      await signInThrough(tab, `/sign-in?${new URLSearchParams({ redirectTo: shape })}`, person.email, person.password);
      await expect(tab.getByRole("heading", { level: 1, name: "My initiatives" }), shape).toBeVisible();
      expect(new URL(tab.url()).origin, shape).toBe(origin);
      await tab.context().clearCookies();
    }
    await tab.close();
  }
  await noScript.close();
});

test("creating an account with an address that already has one says what a new address hears, and signs nobody in", async ({ page }) => {
  test.setTimeout(120_000);
  const person = await signUpNewPerson(page);
  await signOut(page);

  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Someone Else");
  await page.getByLabel("Work email address").fill(person.email);
  await page.getByLabel("Create a password").fill("velvet harbour pigeon");
  await page.getByLabel("Job title").fill("Practitioner");
  await page.getByLabel("Your agency").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expectAccessible(page);
  // Only the account's own password signs in.
  await signInAfterSignUp(page, person.email, "velvet harbour pigeon");
  await expect(page.getByRole("alert").filter({ hasText: "The email address or password is not right" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My initiatives" })).toBeVisible();
});

test("a guessable password is refused with advice; ‘keep me signed in’ keeps the cookie beyond the browser", async ({ page }) => {
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const email = `pat.${suffix}@northshire.example.gov.uk`;
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Pat Quinn");
  await page.getByLabel("Work email address").fill(email);
  await page.getByLabel("Create a password").fill("Password123!");
  await page.getByLabel("Job title").fill("School nurse");
  await page.getByLabel("Your agency").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Create account" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary.getByRole("link", { name: /many people use.*three random words/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Create a password").fill("lantern quiver doughnut");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await page.getByLabel("Password", { exact: true }).fill("lantern quiver doughnut");
  await page.getByLabel("Keep me signed in on this device for 30 days").check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My initiatives" })).toBeVisible();
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === "portal_session");
  const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29.9);
  expect(days).toBeLessThanOrEqual(30);

  // Without it: a cookie that ends with the browser.
  await signOut(page);
  await signInThrough(page, "/sign-in", email, "lantern quiver doughnut");
  await expect(page.getByRole("heading", { level: 1, name: "My initiatives" })).toBeVisible();
  const [sessionCookie] = (await page.context().cookies()).filter((c) => c.name === "portal_session");
  expect(sessionCookie!.expires).toBe(-1);
});
