import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, signUpNewPerson, uniqueSuffix } from "./helpers";

/** A calendar date some days from today in the UK, as YYYY-MM-DD (the portal's "today" is London's). */
function ukDate(daysFromToday: number) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + daysFromToday);
  return date.toISOString().slice(0, 10);
}

const START = ukDate(-60);
const END = ukDate(300);

async function addStream(page: Page, name: string, agency: string, amount: string, status: "Pledged" | "Confirmed" | "Received") {
  await page.getByRole("link", { name: "Add a funding stream" }).first().click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("radio", { name: /^Pooled budget/ }).check();
  await page.getByLabel("Contributing agency").selectOption({ label: agency });
  await page.getByRole("radio", { name: new RegExp(`^${status}`) }).check();
  await page.getByLabel("Start date", { exact: true }).fill(START);
  await page.getByLabel("End date", { exact: true }).fill(END);
  await page.getByLabel("Total amount, in pounds").fill(amount);
  await page.getByRole("button", { name: "Add funding stream" }).click();
  await expect(page.getByRole("status")).toContainText("Funding stream added");
}

async function recordSpending(page: Page, stream: string, amount: string, description: string) {
  await page
    .getByRole("table", { name: /Each funding stream/ })
    .getByRole("link", { name: stream })
    .click();
  await expect(page.getByRole("heading", { level: 2, name: stream })).toBeVisible();
  await page.getByRole("link", { name: "Record spending" }).first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Record spending" })).toBeVisible();
  await page.getByLabel("Date spent").fill(ukDate(-10));
  await page.getByLabel("Amount, in pounds").fill(amount);
  await page.getByLabel("Category").fill("Commissioned services");
  await page.getByLabel("What it was spent on").fill(description);
  await page.getByLabel("Approved by").fill("Partnership lead");
  await page.getByRole("button", { name: "Record spending" }).click();
}

test("a lead records two agencies' cash, an in-kind contribution and spending, and sees the shares and balance", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const bringAgency = async (sector: string) => {
    const context = await browser.newContext();
    const person = await signUpNewPerson(await context.newPage(), sector);
    await context.close();
    return person;
  };
  const social = await bringAgency("Social services");
  const school = await bringAgency("Education");
  const lead = await signUpNewPerson(page, "Health");

  const name = `Joint funding partnership ${uniqueSuffix()}`;
  await page.goto("/initiatives/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Who the initiative is for").fill("Children with special educational needs");
  await page.keyboard.press("Escape");
  await page.getByRole("checkbox", { name: /The needs of the target group/ }).check();
  await page.getByRole("radio", { name: /Coordinated delivery/ }).check();
  await page.getByLabel("Aims").fill("One plan per family, paid for from a pooled budget.");
  await page.getByLabel("Local authority").fill("Northshire County Council");
  await page.getByLabel("Start date", { exact: true }).fill("2026-04-01");
  await page.getByRole("checkbox", { name: new RegExp(social.agency) }).check();
  await page.getByRole("checkbox", { name: new RegExp(school.agency) }).check();
  await page.getByRole("button", { name: "Create initiative" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const budgetUrl = `${page.url().replace(/\?.*$/, "")}/funding`;

  // An empty budget says what to do next.
  await page.goto(budgetUrl);
  await expect(page.getByText("No funding recorded yet.")).toBeVisible();
  await expectAccessible(page);

  // Bad input first: a negative amount and an end before the start; nothing is stored.
  await page.getByRole("link", { name: "Add a funding stream" }).first().click();
  await page.getByLabel("Total amount, in pounds").fill("-5");
  await page.getByLabel("Start date", { exact: true }).fill(START);
  await page.getByLabel("End date", { exact: true }).fill(ukDate(-61));
  await page.getByRole("button", { name: "Add funding stream" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Enter a name for the funding stream");
  await expect(summary).toContainText("The amount cannot be negative");
  await expect(summary).toContainText("The end date must be on or after the start date");
  await expectAccessible(page);
  await page.getByLabel("Total amount, in pounds").fill("12.345");
  await page.getByRole("button", { name: "Add funding stream" }).click();
  await expect(summary).toContainText("no more than two decimal places");
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page.getByText("No funding recorded yet.")).toBeVisible();

  // Two agencies' cash into a pooled budget.
  await addStream(page, "Pooled budget: health", lead.agency, "60,000", "Confirmed");
  await addStream(page, "Pooled budget: social care", social.agency, "£40,000.00", "Received");

  // The school gives staff time.
  await page.getByRole("link", { name: "Record an in-kind contribution" }).first().click();
  await page.getByLabel("Agency giving it").selectOption({ label: school.agency });
  await page.getByRole("radio", { name: /^Staff time/ }).check();
  await page.getByLabel("Description").fill("SENCo time for transition meetings");
  await page.getByLabel("Staff time, in FTE (staff time only)").fill("0.2");
  await page.getByLabel("Start date", { exact: true }).fill(START);
  await page.getByLabel("End date", { exact: true }).fill(END);
  await page.getByLabel("Value, in pounds").fill("25,000");
  await page.getByLabel("How the value was worked out").fill("Salary and on-costs of the SENCo, 0.2 FTE");
  await page.getByRole("radio", { name: /^Confirmed/ }).check();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Record contribution" }).click();
  await expect(page.getByRole("status")).toContainText("In-kind contribution recorded");

  // Spending within the total.
  await recordSpending(page, "Pooled budget: health", "12,500.50", "Speech and language therapy sessions");
  await expect(page.getByRole("status")).toContainText("Spending recorded");
  await expect(page.getByRole("status")).toContainText("£47,499.50 is left of £60,000.00");
  await expect(page.getByRole("rowheader", { name: /Speech and language therapy sessions/ })).toBeVisible();
  await expectAccessible(page);

  // Spending over the total is held back with a warning until "Record it anyway" is ticked.
  await page.getByRole("link", { name: "‹ Back to the budget" }).click();
  await recordSpending(page, "Pooled budget: social care", "45,000", "Family key worker, six months");
  await expect(summary).toContainText("£5,000.00 more than its total of £40,000.00");
  await expectAccessible(page);
  await page.getByRole("checkbox", { name: /Record it anyway/ }).check();
  await page.getByRole("button", { name: "Record spending" }).click();
  await expect(page.getByRole("status")).toContainText("Spending recorded");

  // The budget: each agency's share adds up to 100%, the balance, and the overspent stream flagged.
  await page.getByRole("link", { name: "‹ Back to the budget" }).click();
  const shares = page.getByRole("table", { name: /Each contributor/ });
  await expect(shares.getByRole("row", { name: new RegExp(lead.agency) })).toContainText("48.0%");
  await expect(shares.getByRole("row", { name: new RegExp(social.agency) })).toContainText("32.0%");
  await expect(shares.getByRole("row", { name: new RegExp(school.agency) })).toContainText("£25,000.00");
  await expect(shares.getByRole("row", { name: new RegExp(school.agency) })).toContainText("20.0%");
  await expect(shares.getByRole("row", { name: /All contributors/ })).toContainText("100.0%");
  const glance = page.getByRole("list", { name: "Budget at a glance" });
  await expect(glance.getByRole("listitem").filter({ hasText: /^Cash budget/ })).toContainText("£100,000.00");
  await expect(glance.getByRole("listitem").filter({ hasText: /^Committed in all/ })).toContainText("£125,000.00");
  await expect(glance.getByRole("listitem").filter({ hasText: /^Spent/ })).toContainText("£57,500.50");
  await expect(glance.getByRole("listitem").filter({ hasText: /^Balance/ })).toContainText("£42,499.50");
  await expect(page.getByRole("listitem").filter({ hasText: "is overspent by £5,000.00" })).toContainText("Pooled budget: social care");
  const streams = page.getByRole("table", { name: /Each funding stream/ });
  await expect(streams.getByRole("row", { name: /Pooled budget: health/ })).toContainText("£47,499.50");
  await expect(streams.getByRole("row", { name: /Pooled budget: health/ })).toContainText(/Around \d+ \w+ \d{4}/);
  await expectAccessible(page);

  // The records export as CSV.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "All spending (CSV)" }).click();
  const csv = await readFile((await (await download).path())!, "utf8");
  expect(csv).toContain("Speech and language therapy sessions");
  expect(csv).toContain("12500.50");
});
