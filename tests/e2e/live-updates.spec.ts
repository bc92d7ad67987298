import { expect, test } from "@playwright/test";
import { createInitiativeThroughForm, invite, signUpNewPerson, uniqueSuffix } from "./helpers";

test("a change made by one member appears on another member's open page without a reload", async ({ browser, page }) => {
  test.setTimeout(90_000);
  const lead = await signUpNewPerson(page);
  const initiativeUrl = await createInitiativeThroughForm(page, `Live partnership ${uniqueSuffix()}`);

  const observerContext = await browser.newContext();
  const observer = await observerContext.newPage();
  const person = await signUpNewPerson(observer, "Education");
  await observer.goto(await invite(page, initiativeUrl, person.email, "Observer"));
  await observer.getByRole("button", { name: /^Join/ }).click();
  await expect(observer.getByText("Welcome to the initiative")).toBeVisible();

  await observer.goto(`${initiativeUrl}/roles`);
  await expect(observer.getByText("No roles recorded yet.")).toBeVisible();
  // Mark the page: a reload would lose this, a live refresh keeps it.
  await observer.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  await page.goto(`${initiativeUrl}/roles/new`);
  await page.getByLabel("Role title").fill("Chair of the live group");
  await page.getByLabel("Agency", { exact: true }).selectOption({ label: lead.agency });
  await page.getByLabel("Amount").fill("2");
  await page.getByRole("button", { name: "Add role" }).click();
  await expect(page.getByText("Role added")).toBeVisible();

  await expect(observer.getByRole("rowheader", { name: /Chair of the live group/ })).toBeVisible({ timeout: 5_000 });
  expect(await observer.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await observerContext.close();
});
