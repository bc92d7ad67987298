import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createInitiativeThroughForm, expectAccessible, signInAsAdministrator, signUpNewPerson, uniqueSuffix } from "./helpers";

test("an administrator filters the audit of activity, is told about a bad filter, and downloads a table as CSV", async ({ browser, page }) => {
  test.setTimeout(90_000);
  // Someone's initiative (health only: "one of the three sectors").
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUpNewPerson(other, "Health");
  const name = `Audited partnership ${uniqueSuffix()}`;
  await createInitiativeThroughForm(other, name);
  await otherContext.close();

  await signInAsAdministrator(page);
  await page.getByRole("link", { name: "Audit of activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit of activity" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("combobox", { name: "Agency combination" }).selectOption({ label: "One of the three sectors" });
  await page.getByRole("combobox", { name: "Status" }).selectOption({ label: "Active" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("status")).toContainText("match the filters");
  await expect(page.getByRole("rowheader", { name: new RegExp(name) })).toBeVisible();
  const combination = page.getByRole("region", { name: "Agency combination" });
  await expect(combination.getByRole("rowheader")).toHaveText(["One of the three sectors"]);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as CSV" }).click();
  const csv = await readFile((await (await download).path())!, "utf8");
  expect(csv).toContain(name);
  expect(csv.split("\r\n")[0]).toMatch(/^Initiative,Status,Agency combination/);

  // A date that does not exist: explained, and no figures in place of the ones asked for.
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
