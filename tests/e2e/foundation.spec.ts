import { expect, test } from "@playwright/test";
import { expectAccessible, signOut, signUpNewPerson, uniqueSuffix } from "./helpers";

test("a practitioner signs up, creates an initiative and lands on its dashboard", async ({ page }) => {
  // About 30 s on a quiet machine (two argon2 hashes, a sign-in and an accessibility scan of each page).
  test.setTimeout(120_000);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Run your multi-agency partnership in one place" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Create an account" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await expectAccessible(page);

  // Bad input: every problem listed at the top, linked to its field, nothing stored.
  await page.getByLabel("Full name").fill("Sam Okafor");
  await page.getByLabel("Work email address").fill("not-an-email");
  await page.getByRole("button", { name: "Create account" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link", { name: /Enter an email address in the correct format/ })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Enter a password" })).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Sam Okafor");
  await expectAccessible(page);

  const person = await signUpNewPerson(page, "Health");
  await expect(page.getByText("You are not part of any initiative yet")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Create an initiative" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an initiative" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Create initiative" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await expect(page.getByText("Choose at least one reason the initiative was started").first()).toBeVisible();
  await expectAccessible(page);

  const name = `Northshire SEND Early Help ${uniqueSuffix()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Who the initiative is for").fill("Children with special educational needs and disabilities");
  // Close the field's list of suggestions, as a person moving on would.
  await page.keyboard.press("Escape");
  await page.getByRole("checkbox", { name: /The needs of the target group/ }).check();
  await page.getByRole("checkbox", { name: /A shortage of provision/ }).check();
  await page.getByRole("radio", { name: /Coordinated delivery/ }).check();
  await page.getByLabel("Aims").fill("Spot needs early and agree one plan for each family across agencies.");
  await page.getByLabel("Local authority").fill("Northshire County Council");
  await page.getByLabel("Start date").fill("2026-09-01");
  await expect(page.getByRole("checkbox", { name: new RegExp(person.agency) })).toBeChecked();
  await page.getByRole("button", { name: "Create initiative" }).click();

  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Initiative created");
  await expect(page.getByText("1 September 2026")).toBeVisible();
  await expect(page.getByText("Coordinated delivery")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Strategic planning meetings" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "My initiatives" }).first().click();
  await expect(page.getByRole("link", { name })).toBeVisible();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

test("signed out, protected pages send you to sign in and bring you back", async ({ page }) => {
  // Signs up, then signs in (argon2 twice, on purpose), and scans pages for accessibility: up to 35 s on a busy machine.
  test.setTimeout(90_000);
  const person = await signUpNewPerson(page);
  await signOut(page);
  await expectAccessible(page);

  await page.goto("/initiatives/new");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Finitiatives%2Fnew/);

  // A wrong password and an unknown email get the same message.
  await page.getByLabel("Email address").fill(person.email);
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  const wrong = "The email address or password is not right. Check them and try again.";
  await expect(page.getByRole("alert")).toContainText(wrong);
  await page.getByLabel("Email address").fill(`nobody-${person.email}`);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText(wrong);
  await expectAccessible(page);

  await page.getByLabel("Email address").fill(person.email.toUpperCase());
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an initiative" })).toBeVisible();
});

test("someone else's initiative and unknown addresses get the same friendly 404", async ({ browser, page }) => {
  // Signs up, then signs in (argon2 twice, on purpose), and scans pages for accessibility: up to 35 s on a busy machine.
  test.setTimeout(90_000);
  await signUpNewPerson(page);
  await page.getByRole("link", { name: "Create an initiative" }).click();
  await page.getByLabel("Name", { exact: true }).fill(`Private partnership ${uniqueSuffix()}`);
  await page.getByLabel("Who the initiative is for").fill("Looked-after children");
  await page.keyboard.press("Escape");
  await page.getByRole("checkbox", { name: /The government agenda/ }).check();
  await page.getByRole("radio", { name: /Decision-making group/ }).check();
  await page.getByLabel("Aims").fill("Keep placements stable and schooling uninterrupted.");
  await page.getByLabel("Local authority").fill("Northshire County Council");
  await page.getByLabel("Start date").fill("2026-04-01");
  await page.getByRole("button", { name: "Create initiative" }).click();
  await expect(page.getByRole("status")).toContainText("Initiative created");
  const initiativeUrl = page.url().replace(/\?.*$/, "");

  const outsiderContext = await browser.newContext();
  const outsider = await outsiderContext.newPage();
  await signUpNewPerson(outsider, "Education");
  const response = await outsider.goto(initiativeUrl);
  expect(response?.status()).toBe(404);
  await expect(outsider.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(outsider.getByText("Private partnership")).toHaveCount(0);
  const missing = await outsider.goto("/initiatives/no-such-initiative");
  expect(missing?.status()).toBe(404);
  await expect(outsider.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await outsiderContext.close();

  const unknown = await page.goto("/no/such/page");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
});

test("works by keyboard: skip link, then every field in order", async ({ page }) => {
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main-content")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email address")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.press("Tab");
  const keep = page.getByLabel("Keep me signed in on this device for 30 days");
  await expect(keep).toBeFocused();
  await page.keyboard.press("Space");
  await expect(keep).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeFocused();
});

test("the accessibility statement is reachable from every page", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Accessibility statement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Accessibility statement" })).toBeVisible();
  await expectAccessible(page);
});

test("links are followed inside the page, by mouse and keyboard, and the navigation marks the current page", async ({ page }) => {
  await signUpNewPerson(page);
  await page.waitForLoadState("networkidle");
  // A mark on the window survives a navigation inside the page, not a reload (decision 018).
  await page.evaluate(() => Object.assign(window, { stayedOnThePage: true }));
  const stayed = () => page.evaluate(() => (window as Window & { stayedOnThePage?: boolean }).stayedOnThePage === true);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: /My initiatives/ })).toHaveAttribute("aria-current", "page");

  await nav.getByRole("link", { name: "My actions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My actions" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "My actions" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: /My initiatives/ })).not.toHaveAttribute("aria-current");

  await nav.getByRole("link", { name: "Mentions" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Mentions" })).toBeVisible();
  expect(await stayed()).toBe(true);

  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "My actions" })).toBeVisible();
  expect(await stayed()).toBe(true);
  await expectAccessible(page);
});
