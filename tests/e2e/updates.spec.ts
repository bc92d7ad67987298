import { expect, test, type Browser, type Page } from "@playwright/test";
import { createInitiativeThroughForm, expectAccessible, invite, signUpNewPerson, uniqueSuffix } from "./helpers";

async function memberInNewContext(browser: Browser, lead: Page, initiativeUrl: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const person = await signUpNewPerson(page, "Education");
  await page.goto(await invite(lead, initiativeUrl, person.email, "Member"));
  await page.getByRole("button", { name: /^Join/ }).click();
  await expect(page.getByText("Welcome to the initiative")).toBeVisible();
  return { context, page, person };
}

test("one member posts; another, with the feed open, sees it without reloading, with the unread count elsewhere", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const lead = await signUpNewPerson(page);
  const initiativeUrl = await createInitiativeThroughForm(page, `Feed partnership ${uniqueSuffix()}`);
  const teacher = await memberInNewContext(browser, page, initiativeUrl);

  // The teacher opens the feed: an empty state, then marks the page so a reload would show.
  await teacher.page.getByRole("navigation", { name: "Initiative" }).getByRole("link", { name: "Updates" }).click();
  await expect(teacher.page.getByText("No updates yet. Post the first")).toBeVisible();
  await expectAccessible(teacher.page);
  await teacher.page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // The lead posts, mentioning the teacher by name, using only the keyboard for the form.
  await page.goto(`${initiativeUrl}/updates`);
  await expect(page.getByText("Do not include personal details of children, families or other service users")).toBeVisible();
  await page.getByLabel("What kind of update is it?").selectOption({ label: "Announcement" });
  await page.getByLabel("Your update").fill(`Panel moves to Thursday. @${teacher.person.name}, can you bring the attendance figures?`);
  await page.getByLabel("Your update").press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Your update is posted")).toBeVisible();
  await expect(page.getByText("The person you mentioned has been told.")).toBeVisible();
  await expectAccessible(page);

  // Live on the teacher's open page, marked new, announced, without a reload.
  const post = teacher.page.getByRole("article", { name: new RegExp(lead.name) }).first();
  await expect(post).toContainText("Panel moves to Thursday", { timeout: 5_000 });
  await expect(post.getByText("New", { exact: true })).toBeVisible();
  await expect(teacher.page.getByRole("status").filter({ hasText: "1 new update arrived" })).toBeVisible();
  expect(await teacher.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // The teacher replies; the lead, now on the overview, sees the count in the navigation live.
  await page.goto(initiativeUrl);
  await teacher.page
    .getByRole("link", { name: `Reply to ${lead.name}` })
    .first()
    .click();
  // Only the thread being replied to carries a form, and it takes the focus.
  await expect(teacher.page.getByLabel("Your reply")).toBeFocused();
  await teacher.page.getByLabel("Your reply").fill("Yes, I will bring them.");
  await teacher.page.getByRole("button", { name: "Post reply" }).click();
  await expect(teacher.page.getByText("Your reply is posted")).toBeVisible();
  await expect(page.getByRole("link", { name: /Updates \(1 new\)/ })).toBeVisible({ timeout: 5_000 });
  await expect(page.getByRole("link", { name: /My initiatives 1 new/ })).toBeVisible();

  // The mention is in the teacher's mentions list.
  await teacher.page.getByRole("link", { name: /^Mentions/ }).click();
  await expect(teacher.page.getByRole("heading", { level: 1, name: "Mentions" })).toBeVisible();
  await expect(teacher.page.getByText("Panel moves to Thursday")).toBeVisible();
  await expectAccessible(teacher.page);
  await teacher.context.close();
});

test("a lead edits, records as a decision, and removes posts; a bad mention is explained", async ({ page }) => {
  test.setTimeout(90_000);
  await signUpNewPerson(page);
  const initiativeUrl = await createInitiativeThroughForm(page, `Feed records ${uniqueSuffix()}`);
  await page.goto(`${initiativeUrl}/updates`);

  // A mention of someone who is not a member: the form says so, and nothing is posted.
  await page.getByLabel("What kind of update is it?").selectOption({ label: "Decision" });
  await page.getByLabel("Your update").fill("We agreed to pool the training budget. Thanks @Nobody Here");
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(page.getByRole("alert")).toContainText("“@Nobody” is not a member or agency of this initiative");
  await expect(page.getByText("No updates yet. Post the first")).toBeVisible();

  await page.getByLabel("Your update").fill("We agreed to pool the training budget.");
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(page.getByText("Your update is posted")).toBeVisible();

  await page.getByRole("link", { name: /^Edit your update/ }).click();
  await expect(page.getByRole("heading", { name: "Edit your update" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Your update").fill("We agreed to pool the training budget from April.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("We agreed to pool the training budget from April.")).toBeVisible();
  await expect(page.getByText(/\(edited /)).toBeVisible();

  await page.getByRole("link", { name: "Record as a decision or action" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Record the decision" }).click();
  await expect(page.getByText("The decision was recorded")).toBeVisible();
  await expect(page.getByText("Recorded as a decision.")).toBeVisible();
  await page.getByRole("link", { name: "See actions and decisions" }).click();
  await expect(page.getByText("We agreed to pool the training budget from April.")).toBeVisible();

  await page.goto(`${initiativeUrl}/updates`);
  await page.getByRole("link", { name: /^Remove the update/ }).click();
  await expect(page.getByRole("heading", { name: "Remove your update?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Yes, remove the update" }).click();
  await expect(page.getByText("The update was removed")).toBeVisible();
  await expect(page.getByText(/This update was removed by .* on /)).toBeVisible();
  await expect(page.getByText("We agreed to pool the training budget from April.")).toHaveCount(0);

  // A made-up page of older updates says what is wrong and how to get there.
  const missing = await page.goto(`${initiativeUrl}/updates?before=nonsense`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByText("That page of updates does not exist. Older updates are reached by the link under the latest ones.")).toBeVisible();
  await expectAccessible(page);
});
