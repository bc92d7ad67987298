import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, signInAsAdministrator, signUpNewPerson, uniqueSuffix, type Person } from "./helpers";

test("an administrator adds and changes an agency, grants a permission and reads the portal's audit log", async ({ browser, page }) => {
  // Three sign-ups (argon2 on purpose) and an accessibility scan of every page: slower than most.
  test.slow();
  const colleagueContext = await browser.newContext();
  const colleague = await signUpNewPerson(await colleagueContext.newPage());
  await colleagueContext.close();

  await signInAsAdministrator(page);
  await page.getByRole("link", { name: "Administration" }).click();
  await expect(page).toHaveURL(/\/admin\/agencies$/);
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Agencies" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  // Administrators are not members of initiatives: nothing here leads into one.
  await expect(page.locator('main a[href^="/initiatives/"]')).toHaveCount(0);
  await expectAccessible(page);

  // Nothing filled in: every problem at the top, linked to its field.
  await page.getByRole("button", { name: "Add agency" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary.getByRole("link", { name: "Enter the agency's name" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Choose the sector the agency belongs to" })).toBeVisible();
  await expect(summary).toBeFocused();
  await expectAccessible(page);

  const agency = `Northshire Young Carers ${uniqueSuffix()}`;
  await page.getByLabel("Agency name").fill(agency);
  await page.getByRole("radio", { name: "Education", exact: true }).check();
  await page.getByRole("button", { name: "Add agency" }).click();
  await expect(page.getByRole("status")).toContainText(`Agency added: ${agency}`);
  const row = page.getByRole("row").filter({ hasText: agency });
  await expect(row.getByRole("cell", { name: "Education", exact: true })).toBeVisible();
  await expectAccessible(page);

  // The same name again, in other capitals: refused beside the field.
  await page.getByLabel("Agency name").fill(agency.toUpperCase());
  await page.getByRole("radio", { name: "Health", exact: true }).check();
  await page.getByRole("button", { name: "Add agency" }).click();
  await expect(summary.getByRole("link", { name: `There is already an agency called ${agency}` })).toBeVisible();
  // (hasText ignores case: this counts both spellings.)
  await expect(page.getByRole("row").filter({ hasText: agency })).toHaveCount(1);

  await page.getByRole("link", { name: `Change ${agency}` }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Change ${agency}` })).toBeVisible();
  await expect(page.getByLabel("Agency name")).toHaveValue(agency);
  await expect(page.getByRole("radio", { name: "Education", exact: true })).toBeChecked();
  await expectAccessible(page);
  const renamed = `${agency} Service`;
  await page.getByLabel("Agency name").fill(renamed);
  await page.getByRole("radio", { name: "Social services", exact: true }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText(`Agency saved: ${renamed}`);
  await expect(page.getByRole("row").filter({ hasText: renamed }).getByRole("cell", { name: "Social services" })).toBeVisible();

  await page.getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "People" })).toBeVisible();
  await expectAccessible(page);
  const person = page.getByRole("row").filter({ hasText: colleague.email });
  const auditOfActivity = person.getByRole("checkbox", { name: "Can view the audit of activity" });
  const administrator = person.getByRole("checkbox", { name: "Portal administrator" });
  // On a fresh database the colleague's is the first account, which makes them an administrator too.
  const wasAdministrator = await administrator.isChecked();
  await expect(auditOfActivity).not.toBeChecked();
  await auditOfActivity.check();
  await person.getByRole("button", { name: `Save permissions for ${colleague.name}` }).click();
  await expect(page.getByRole("status")).toContainText(`Permissions saved for ${colleague.name}`);
  await expect(auditOfActivity).toBeChecked();
  await expect(administrator).toBeChecked({ checked: wasAdministrator });
  await expectAccessible(page);

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Audit log" })).toBeVisible();
  const events = page.getByRole("row");
  await expect(events.filter({ hasText: "Agency added" }).filter({ hasText: agency }).first()).toBeVisible();
  await expect(events.filter({ hasText: "Agency changed" }).filter({ hasText: renamed })).toBeVisible();
  await expect(events.filter({ hasText: "Permissions changed" }).filter({ hasText: colleague.name })).toBeVisible();
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as CSV" }).click();
  const file = await (await download).path();
  const csv = await readFile(file, "utf8");
  expect(csv).toContain("agency.created");
  expect(csv).toContain("agency.updated");
  expect(csv).toContain("user.grants_changed");
  expect(csv).toContain(renamed);
});

test("anyone but an administrator gets Page not found in the administration", async ({ page }) => {
  // Signs up, then signs in (argon2 twice, on purpose), and scans pages for accessibility: up to 35 s on a busy machine.
  test.setTimeout(90_000);
  await signUpNewPerson(page);
  await expect(page.getByRole("link", { name: "Administration" })).toHaveCount(0);
  for (const path of ["/admin", "/admin/agencies", "/admin/people", "/admin/audit"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  }
  await expectAccessible(page);
  const csv = await page.request.get("/admin/audit.csv");
  expect(csv.status()).toBe(404);
  expect(await csv.text()).not.toContain("user.signed_up");
});

test("a person keeps their details up to date and signs out their other sessions", async ({ browser, page }) => {
  test.slow();
  const otherContext = await browser.newContext();
  const colleague = await signUpNewPerson(await otherContext.newPage(), "Education");
  await otherContext.close();
  const person: Person = await signUpNewPerson(page);

  await page.getByRole("link", { name: `Your account: ${person.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue(person.name);
  await expect(page.getByText(person.email)).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Full name").fill("");
  await page.getByRole("button", { name: "Save your details" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary.getByRole("link", { name: "Enter your full name" })).toBeVisible();
  await expectAccessible(page);

  const newName = `${person.name} Adeyemi`;
  await page.getByLabel("Full name").fill(newName);
  await page.getByLabel("Job title").fill("Family support worker");
  await page.getByLabel("Your agency").selectOption({ label: `${colleague.agency} (Education)` });
  await page.getByRole("button", { name: "Save your details" }).click();
  await expect(page.getByRole("status")).toContainText("Your details have been saved");
  await expect(page.getByRole("link", { name: `Your account: ${newName}` })).toBeVisible();
  await expect(page.getByLabel("Job title")).toHaveValue("Family support worker");
  await expect(page.getByLabel("Your agency").locator("option:checked")).toHaveText(`${colleague.agency} (Education)`);
  await expectAccessible(page);

  // The same account in a second browser.
  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await signIn(second, person.email, person.password);

  await page.reload();
  const sessions = page.getByRole("table", { name: "Browsers signed in to your account" });
  await expect(sessions.getByRole("row")).toHaveCount(3);
  await expect(sessions.getByRole("row").filter({ hasText: "This browser" })).toHaveCount(1);
  await expectAccessible(page);

  await sessions.getByRole("button", { name: /^Sign out this session/ }).click();
  const question = page.getByRole("heading", { name: /^Sign out .+\?$/ });
  await expect(question).toBeVisible();
  // The question takes focus; its answer is the next stop for the keyboard.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Yes, sign out that session" })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("That session has been signed out");
  await expect(sessions.getByRole("row")).toHaveCount(2);
  await expect(page.getByText("You are not signed in anywhere else.")).toBeVisible();
  await expectAccessible(page);

  await second.goto("/account");
  await expect(second).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);

  // Signing in there again, then out of every other session at once.
  await signIn(second, person.email, person.password);
  await page.reload();
  await page.getByRole("button", { name: "Sign out of all other sessions" }).click();
  await expect(page.getByRole("heading", { name: "Sign out of all other sessions?" })).toBeVisible();
  await page.getByRole("button", { name: "Yes, sign out all other sessions" }).click();
  await expect(page.getByRole("status")).toContainText("You have signed out of 1 other session");
  await second.goto("/initiatives");
  await expect(second).toHaveURL(/\/sign-in/);
  await secondContext.close();

  // Still signed in here.
  await page.goto("/initiatives");
  await expect(page.getByRole("heading", { level: 1, name: "My initiatives" })).toBeVisible();
});
