import { expect, test, type Browser } from "@playwright/test";
import { createInitiativeThroughForm, expectAccessible, invite, signInAfterSignUp, signUpNewPerson, uniqueSuffix } from "./helpers";

async function newPerson(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

test("a lead invites a colleague, who joins through the link; an observer sees no edit controls", async ({ browser, page }) => {
  // One long story across four people, each signing up and then in: 57 s on a quiet machine.
  test.setTimeout(180_000);
  await signUpNewPerson(page, "Social services");
  const name = `Virtual School Partnership ${uniqueSuffix()}`;
  const initiativeUrl = await createInitiativeThroughForm(page, name);

  await page.getByRole("navigation", { name: "Initiative" }).getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: /Members/ })).toBeVisible();
  await expect(page.getByText("No invitations waiting.")).toBeVisible();
  await expectAccessible(page);

  // Bad input on the invitation form: nothing created.
  await page.getByRole("link", { name: "Invite someone" }).click();
  await page.getByRole("button", { name: "Create invitation" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await expectAccessible(page);

  // The colleague has no account yet: they create one through the link.
  const colleagueEmail = `colleague.${uniqueSuffix()}@northshire.example.gov.uk`;
  const link = await invite(page, initiativeUrl, colleagueEmail, "Member");
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{40,}$/);
  // A change to the initiative elsewhere (a second invitation, from another tab) re-reads this page
  // live: the link stays to be copied.
  const reread = page.waitForResponse((response) => response.request().method() === "GET" && response.url().includes(".data"));
  const secondTab = await page.context().newPage();
  await invite(secondTab, initiativeUrl, `second.${uniqueSuffix()}@northshire.example.gov.uk`, "Member");
  await secondTab.close();
  await reread;
  await expect(page.getByLabel("Invitation link", { exact: true })).toHaveValue(link);
  await expectAccessible(page);

  const colleague = await newPerson(browser);
  await colleague.page.goto(link);
  await expect(colleague.page.getByRole("heading", { name: `Join ${name}` })).toBeVisible();
  await expectAccessible(colleague.page);
  await colleague.page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
  await expect(colleague.page.getByLabel("Work email address")).toHaveValue(colleagueEmail);
  await colleague.page.getByLabel("Full name").fill("Ravi Menon");
  await colleague.page.getByLabel("Create a password").fill("copper kettle autumn 9");
  await colleague.page.getByLabel("Job title").fill("Designated teacher");
  await colleague.page.getByText("My agency is not in the list").click();
  await colleague.page.getByLabel("Agency name").fill(`Riverside Academy ${uniqueSuffix()}`);
  await colleague.page.getByRole("radio", { name: "Education", exact: true }).check();
  await colleague.page.getByRole("button", { name: "Create account" }).click();
  // Signed in with the new account, back to the invitation.
  await signInAfterSignUp(colleague.page, colleagueEmail, "copper kettle autumn 9");
  await colleague.page.getByRole("button", { name: `Join ${name}` }).click();
  await expect(colleague.page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(colleague.page.getByText("Welcome to the initiative")).toBeVisible();

  // The link works once.
  await colleague.page.goto(link);
  await expect(colleague.page.getByRole("heading", { name: `You are already a member of ${name}` })).toBeVisible();

  // The lead sees them on the members page, by agency.
  await page.goto(`${initiativeUrl}/members`);
  await expect(page.getByRole("rowheader", { name: "Ravi Menon" })).toBeVisible();

  // An observer signs in through an invitation and sees no edit controls.
  const observer = await newPerson(browser);
  const person = await signUpNewPerson(observer.page, "Other");
  const observerLink = await invite(page, initiativeUrl, person.email, "Observer");
  await observer.page.goto(observerLink);
  await observer.page.getByRole("button", { name: `Join ${name}` }).click();
  await expect(observer.page.getByRole("heading", { level: 1, name })).toBeVisible();
  const tabs = observer.page.getByRole("navigation", { name: "Initiative" });
  await expect(tabs.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(tabs.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await tabs.getByRole("link", { name: "Members" }).click();
  await expect(observer.page.getByRole("rowheader", { name: "Ravi Menon" })).toBeVisible();
  await expect(observer.page.getByRole("link", { name: "Invite someone" })).toHaveCount(0);
  await expect(observer.page.getByRole("button", { name: /Change role/ })).toHaveCount(0);
  await expect(observer.page.getByRole("link", { name: /^Remove/ })).toHaveCount(0);
  await expectAccessible(observer.page);
  const forbidden = await observer.page.goto(`${initiativeUrl}/settings`);
  expect(forbidden?.status()).toBe(403);
  await expect(observer.page.getByRole("heading", { name: "You cannot do that" })).toBeVisible();

  // A used, a withdrawn and a wrong-account link each say which.
  const stranger = await newPerson(browser);
  await signUpNewPerson(stranger.page);
  const withdrawnEmail = `withdrawn.${uniqueSuffix()}@northshire.example.gov.uk`;
  const withdrawnLink = await invite(page, initiativeUrl, withdrawnEmail, "Member");
  await stranger.page.goto(withdrawnLink);
  await expect(stranger.page.getByText("This invitation is for someone else")).toBeVisible();
  await page.goto(`${initiativeUrl}/members`);
  await page.getByRole("button", { name: `Withdraw the invitation to ${withdrawnEmail}` }).click();
  await expect(page.getByText(`The invitation to ${withdrawnEmail} was withdrawn`)).toBeVisible();
  await stranger.page.goto(withdrawnLink);
  await expect(stranger.page.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
  await stranger.page.goto(link);
  await expect(stranger.page.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
  await expectAccessible(stranger.page);

  // A non-member gets the 404 for the initiative and each of its pages.
  for (const path of ["", "/members", "/settings", "/audit", "/audit.csv", "/members/invite"]) {
    const response = await stranger.page.goto(`${initiativeUrl}${path}`);
    expect(response?.status(), path).toBe(404);
  }

  // The lead changes the observer's role, and the audit log shows all of it.
  await page.goto(`${initiativeUrl}/members`);
  await page.getByLabel(`Role of ${person.name}`).selectOption("member");
  await page.getByRole("button", { name: `Change role of ${person.name}` }).click();
  await expect(page.getByText(`${person.name} is now member.`)).toBeVisible();
  await page.getByRole("navigation", { name: "Initiative" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("cell", { name: /Role changed/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: /Member joined/ }).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Kind of change").selectOption("membership.role_changed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("1 change, newest first.")).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as CSV" }).click();
  const file = await (await download).path();
  const { readFile } = await import("node:fs/promises");
  const csv = await readFile(file, "utf8");
  expect(csv).toContain("membership.role_changed");
  expect(csv).not.toContain("membership.joined");

  for (const other of [colleague, observer, stranger]) await other.context.close();
});

test("the last lead cannot leave; settings changes are saved and shown", async ({ page }) => {
  // Signs up, then signs in (argon2 twice, on purpose), and scans pages for accessibility: up to 35 s on a busy machine.
  test.setTimeout(90_000);
  await signUpNewPerson(page);
  const name = `Healthy Minds ${uniqueSuffix()}`;
  const initiativeUrl = await createInitiativeThroughForm(page, name);
  await page.goto(`${initiativeUrl}/members`);
  await page.getByRole("link", { name: "Leave this initiative" }).click();
  await expect(page.getByRole("heading", { name: "Leave this initiative?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Yes, leave" }).click();
  await expect(page.getByRole("alert")).toContainText("An initiative must keep at least one lead");

  await page.getByRole("navigation", { name: "Initiative" }).getByRole("link", { name: "Settings" }).click();
  await expectAccessible(page);
  await page.getByRole("radio", { name: "Paused" }).check();
  await page.getByLabel("Name", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Enter the initiative's name");
  await page.getByLabel("Name", { exact: true }).fill(`${name} (paused)`);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: `${name} (paused)` })).toBeVisible();
  await expect(page.getByText("Paused", { exact: true })).toBeVisible();
});

test("a post from another website is refused", async ({ page }) => {
  await signUpNewPerson(page);
  const response = await page.request.post("/initiatives/new", {
    headers: { Origin: "https://evil.example" },
    form: { name: "Forged" },
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("sent from another website");
});
