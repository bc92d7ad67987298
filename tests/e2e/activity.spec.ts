import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createInitiativeThroughForm, expectAccessible, fillInitiativeForm, signInAsAdministrator, signUpNewPerson, uniqueSuffix } from "./helpers";

test("an administrator filters the audit of activity, pages through it by keyboard, is told about a bad filter or page, and downloads a table as CSV", async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  // Someone's initiatives (health only: "one of the three sectors"): more than a page of them.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUpNewPerson(other, "Health");
  const name = `Audited partnership ${uniqueSuffix()}`;
  await createInitiativeThroughForm(other, name);
  // The other 25 sent with the same form, as its page would send it (faster than filling it in 25 times).
  const more = Array.from({ length: 25 }, (_, i) => `${name} ${String(i + 1).padStart(2, "0")}`);
  await fillInitiativeForm(other, more[0]!);
  const sent = await other.evaluate(async (names) => {
    const form = document.querySelector<HTMLInputElement>("input[name=name]")!.form!;
    const outcomes: string[] = [];
    for (const initiativeName of names) {
      const body = new FormData(form);
      body.set("name", initiativeName);
      outcomes.push((await fetch("/initiatives/new", { method: "POST", body, redirect: "manual" })).type);
    }
    return outcomes;
  }, more);
  // Each was created and answered with a redirect to its dashboard.
  expect(sent).toEqual(more.map(() => "opaqueredirect"));
  await otherContext.close();

  await signInAsAdministrator(page);
  await page.getByRole("link", { name: "Audit of activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit of activity" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("combobox", { name: "Agency combination" }).selectOption({ label: "One of the three sectors" });
  await page.getByRole("combobox", { name: "Status" }).selectOption({ label: "Active" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("status")).toContainText("match the filters");
  await expect(page.getByRole("rowheader", { name: new RegExp(`^${name}`) }).first()).toBeVisible();
  const combination = page.getByRole("region", { name: "Agency combination" });
  await expect(combination.getByRole("rowheader")).toHaveText(["One of the three sectors"]);

  // A page at a time, the filters kept; by keyboard from the line saying what is shown.
  const list = page.getByRole("region", { name: "Each initiative at a glance" });
  await expect(list.getByText(/^Showing 1–20 of \d+ initiatives/)).toBeVisible();
  await expect(list.getByRole("row")).toHaveCount(21);
  const pages = list.getByRole("navigation", { name: "Pages of the list of initiatives" });
  await expect(pages.getByRole("link", { name: "Previous page" })).toHaveCount(0);
  await list.getByText(/^Showing 1–20/).focus();
  await page.keyboard.press("Tab");
  await expect(pages.getByRole("link", { name: "Next page" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/combination=single_sector/);
  await expect(page).toHaveURL(/status=active/);
  await expect(page).toHaveURL(/page=2/);
  // Where the keyboard now is: the line saying which initiatives are shown.
  await expect(list.getByText(/^Showing 21–\d+ of \d+ initiatives/)).toBeFocused();
  await expect(pages).toContainText(/Page 2 of \d+/);
  await expectAccessible(page);
  await page.keyboard.press("Tab");
  await expect(pages.getByRole("link", { name: "Previous page" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(list.getByText(/^Showing 1–20/)).toBeFocused();

  // The download has every initiative matching the filters, not just the page.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as CSV" }).click();
  const csv = await readFile((await (await download).path())!, "utf8");
  expect(csv.split("\r\n")[0]).toMatch(/^Initiative,Status,Agency combination/);
  for (const initiativeName of [name, ...more]) expect(csv).toContain(`${initiativeName},`);

  // A page past the end says so, and leads to the last one.
  await page.goto("/activity?combination=single_sector&status=active&page=40");
  await expect(list.getByText(/^There is no page 40: the \d+ initiatives fit on \d+ pages\./)).toBeVisible();
  await list.getByRole("link", { name: "Go to the last page" }).click();
  await expect(list.getByText(/^Showing 21–/)).toBeVisible();

  // A page that is not a page, and a date that does not exist: explained, and no figures in
  // place of the ones asked for.
  await page.goto("/activity?status=active&page=two");
  await expect(page.getByRole("alert")).toContainText("Page: The page must be a whole number.");
  await expect(page.getByText(/initiatives? match the filters/)).toHaveCount(0);
  await page.getByRole("link", { name: "Show the first page" }).click();
  await expect(page.getByRole("status")).toContainText("match the filters");
  await page.goto("/activity?from=2026-02-30&status=active");
  await expect(page.getByRole("alert")).toContainText("Enter the “from” date as a real date");
  await expect(page.getByText(/initiatives? match the filters/)).toHaveCount(0);
  await expectAccessible(page);
});

test("someone without the permission gets the page-not-found", async ({ page }) => {
  await signUpNewPerson(page);
  await expect(page.getByRole("link", { name: "Audit of activity" })).toHaveCount(0);
  await page.goto("/activity");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
