import { expect, test } from "@playwright/test";
import { expectAccessible, signUpNewPerson, uniqueSuffix } from "./helpers";

test("a lead fills the register for a three-agency initiative, sees a gap flagged, then closes it", async ({ browser, page }) => {
  test.setTimeout(90_000);
  // Two colleagues bring their agencies to the portal.
  const bringAgency = async (sector: string) => {
    const context = await browser.newContext();
    const person = await signUpNewPerson(await context.newPage(), sector);
    await context.close();
    return person;
  };
  const social = await bringAgency("Social services");
  const education = await bringAgency("Education");
  const lead = await signUpNewPerson(page, "Health");

  const name = `Three-agency partnership ${uniqueSuffix()}`;
  await page.goto("/initiatives/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Who the initiative is for").fill("Families under stress");
  await page.keyboard.press("Escape");
  await page.getByRole("checkbox", { name: /The needs of the target group/ }).check();
  await page.getByRole("radio", { name: /Operational-team delivery/ }).check();
  await page.getByLabel("Aims").fill("One team around each family, from all three services.");
  await page.getByLabel("Local authority").fill("Northshire County Council");
  await page.getByLabel("Start date").fill("2026-06-01");
  await page.getByRole("checkbox", { name: new RegExp(social.agency) }).check();
  await page.getByRole("checkbox", { name: new RegExp(education.agency) }).check();
  await page.getByRole("button", { name: "Create initiative" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByRole("navigation", { name: "Initiative" }).getByRole("link", { name: "Roles" }).click();
  await expect(page.getByText("No roles recorded yet.")).toBeVisible();
  await expect(page.getByText("No shared responsibilities yet.")).toBeVisible();
  await expectAccessible(page);

  // A role, with bad input first.
  await page.getByRole("link", { name: "Add a role" }).click();
  await page.getByLabel("Amount").fill("-3");
  await page.getByLabel("End date (optional)").fill("2026-01-01");
  await page.getByLabel("Start date (optional)").fill("2026-06-01");
  await page.getByRole("button", { name: "Add role" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Enter the role's title");
  await expect(summary).toContainText("The time committed cannot be negative");
  await expect(summary).toContainText("The end date must be on or after the start date");
  await expectAccessible(page);
  await page.getByLabel("Role title").fill("Team manager");
  await page.getByLabel("Agency", { exact: true }).selectOption({ label: lead.agency });
  await page.getByLabel("Who holds it").selectOption({ label: `${lead.name} (${lead.agency})` }); // each member with their agency
  await page.getByLabel("Responsibilities").fill("Allocates families to key workers\nChairs the weekly team meeting");
  await page.getByRole("radio", { name: "Full-time equivalent (FTE)" }).check();
  await page.getByLabel("Amount").fill("0.5");
  await page.getByLabel("End date (optional)").fill("");
  await page.getByRole("button", { name: "Add role" }).click();
  await expect(page.getByText("Role added")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: /Team manager/ })).toBeVisible();
  await expect(page.getByText("0.5 FTE (18.8 hours a week)")).toBeVisible();

  // A shared responsibility with nobody accountable: a gap.
  await page.getByRole("link", { name: "Add a shared responsibility" }).click();
  await expectAccessible(page);
  await page.getByLabel("Responsibility", { exact: true }).fill("Keep the case list");
  await page.getByRole("checkbox", { name: `${social.agency}: responsible` }).check();
  await page.getByRole("checkbox", { name: `${education.agency}: consulted` }).check();
  await page.getByRole("button", { name: "Add responsibility" }).click();
  const row = page.getByRole("row", { name: /Keep the case list/ });
  await expect(row).toContainText("Gap: no agency is accountable");
  await expect(page.getByRole("listitem").filter({ hasText: "Responsibilities with a gap" })).toContainText("1");
  await expectAccessible(page);

  // The gap closed: Education becomes accountable.
  await row.getByRole("link", { name: "Keep the case list" }).click();
  await expect(page.getByRole("checkbox", { name: `${social.agency}: responsible` })).toBeChecked();
  await page.getByRole("checkbox", { name: `${education.agency}: accountable` }).check();
  await page.getByRole("button", { name: "Save responsibility" }).click();
  await expect(page.getByRole("row", { name: /Keep the case list/ })).toContainText("Clear");
  await expect(page.getByRole("listitem").filter({ hasText: "Responsibilities with a gap" })).toContainText("0");

  // The holder confirms their role; the register exports as CSV.
  await page.getByRole("button", { name: "Confirm my role is right: Team manager" }).click();
  await expect(page.getByText("“Team manager” is confirmed as recorded")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as CSV" }).click();
  const { readFile } = await import("node:fs/promises");
  const csv = await readFile((await (await download).path())!, "utf8");
  expect(csv).toContain("Team manager");

  // The agency's page across initiatives.
  await page.getByRole("link", { name: lead.agency }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: lead.agency })).toBeVisible();
  await expect(page.getByText(/In all: 18.8 hours a week across 1 initiative/)).toBeVisible();
  await expectAccessible(page);
});
