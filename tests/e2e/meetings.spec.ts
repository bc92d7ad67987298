import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import ICAL from "ical.js";
import { expectAccessible, fillInitiativeForm, invite, signUpNewPerson, uniqueSuffix } from "./helpers";

function isoDate(daysFromToday: number) {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

test("a lead runs the meeting cycle: series, agenda, replies, attendance, minutes, decision, action carried forward", async ({ browser, page }) => {
  // Two people sign up and sign in, and every page is scanned for accessibility.
  test.setTimeout(180_000);
  const lead = await signUpNewPerson(page, "Health");
  // A colleague from another agency joins, to reply and to own an action: two agencies, so that
  // the quorum ("every agency represented") can be missed.
  const colleagueContext = await browser.newContext();
  const colleaguePage = await colleagueContext.newPage();
  const colleague = await signUpNewPerson(colleaguePage, "Education");
  await fillInitiativeForm(page, `Strategic group test ${uniqueSuffix()}`);
  await page.getByRole("checkbox", { name: new RegExp(colleague.agency) }).check();
  await page.getByRole("button", { name: "Create initiative" }).click();
  await expect(page.getByRole("status")).toContainText("Initiative created");
  const initiativeUrl = page.url().replace(/\?.*$/, "");
  const link = await invite(page, initiativeUrl, colleague.email, "Member", colleague.agency);
  await colleaguePage.goto(link);
  await colleaguePage.getByRole("button", { name: /^Join/ }).click();
  await expect(colleaguePage.getByText("Welcome to the initiative")).toBeVisible();

  await page.goto(`${initiativeUrl}/meetings`);
  await expect(page.getByText("No meetings scheduled.")).toBeVisible();
  await expectAccessible(page);

  // A recurring series, with bad input first.
  await page.getByRole("link", { name: "Schedule a meeting" }).click();
  await page.getByLabel("Title").fill("Strategic group");
  await page.getByLabel(/^Date/).fill(isoDate(-3));
  await page.getByLabel("Starts at").fill("14:00");
  await page.getByLabel("Ends at").fill("13:00");
  await page.getByRole("button", { name: "Schedule meeting" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("The end time must be after the start time");
  await expectAccessible(page);
  await page.getByLabel("Ends at").fill("16:00");
  await page.getByRole("button", { name: "Schedule meeting" }).click();
  await expect(summary).toContainText("That date and time has passed");
  await page.getByLabel(/^Date/).fill(isoDate(14));
  await page.getByRole("radio", { name: /Every few weeks/ }).check();
  await page.getByLabel("Every how many weeks").fill("6");
  await page.getByLabel("How many meetings to schedule").fill("4");
  await page.getByLabel("Reply by (optional)").fill(isoDate(12));
  await page.getByRole("button", { name: "Schedule meeting" }).click();
  await expect(page.getByText("Meeting scheduled: 4 meetings in the series")).toBeVisible();
  const seriesMeetingUrl = page.url().replace(/\?.*$/, "");

  // The agenda: two items, reordered without dragging.
  for (const title of ["Budget for next year", "Welcome and apologies"]) {
    // The form stays open after an item is added, ready for the next.
    if (!(await page.getByLabel("Item").isVisible())) await page.getByText("Add an agenda item").click();
    await page.getByLabel("Item").fill(title);
    await page.getByRole("button", { name: "Add to agenda" }).click();
    await expect(page.getByText("Agenda item added")).toBeVisible();
  }
  await page.getByRole("button", { name: "Move up: Welcome and apologies" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "1. Welcome and apologies" })).toBeVisible();
  await expectAccessible(page);

  // Removing an item asks first.
  await page.getByRole("link", { name: "Remove: Budget for next year" }).click();
  await expect(page.getByText("Remove “Budget for next year” from the agenda?")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "No, keep it" }).click();
  await expect(page.getByText("2. Budget for next year")).toBeVisible();
  await page.getByRole("link", { name: "Remove: Budget for next year" }).click();
  await page.getByRole("button", { name: "Yes, remove it" }).click();
  await expect(page.getByText("Agenda item removed")).toBeVisible();
  await expect(page.getByText("Budget for next year")).toHaveCount(0);

  // The colleague replies.
  await colleaguePage.goto(seriesMeetingUrl);
  await colleaguePage.getByRole("radio", { name: "Sending apologies" }).check();
  await colleaguePage.getByRole("button", { name: "Send reply" }).click();
  await expect(colleaguePage.getByText("your reply is “Sending apologies”")).toBeVisible();
  await expect(colleaguePage.getByRole("link", { name: "Change the meeting" })).toHaveCount(0);
  await expectAccessible(colleaguePage);

  // An observer follows the meeting but is not offered a reply, and is told why.
  const observerPage = await (await browser.newContext()).newPage();
  const observer = await signUpNewPerson(observerPage, "Other");
  await observerPage.goto(await invite(page, initiativeUrl, observer.email, "Observer"));
  await observerPage.getByRole("button", { name: /^Join/ }).click();
  await expect(observerPage.getByText("Welcome to the initiative")).toBeVisible();
  await observerPage.goto(seriesMeetingUrl);
  await expect(observerPage.getByText("Observers follow the meetings but do not reply to them.")).toBeVisible();
  await expect(observerPage.getByRole("button", { name: "Send reply" })).toHaveCount(0);
  await expect(observerPage.getByText("1 sending apologies · 0 not sure yet · 1 not replied")).toBeVisible();
  await page.goto(seriesMeetingUrl); // the lead, back from the invitation form

  // The calendar file parses with a real iCalendar parser, in UK time.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add to your calendar (.ics)" }).click();
  const ics = await readFile((await (await download).path())!, "utf8");
  const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!;
  expect(event.getFirstPropertyValue("summary")).toContain("Strategic group");
  const start = (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate();
  expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(start)).toBe("14:00");
  expect(ics).not.toContain(colleague.name);

  // A meeting that already took place: attendance, quorum, minutes, a decision and an action.
  await page.goto(`${initiativeUrl}/meetings/new`);
  await page.getByLabel("Title").fill("Launch meeting");
  await page.getByLabel(/^Date/).fill(isoDate(-7));
  await page.getByLabel("Starts at").fill("10:00");
  await page.getByLabel("Ends at").fill("11:00");
  await page.getByLabel(/already taken place/).check();
  await page.getByRole("button", { name: "Schedule meeting" }).click();
  await expect(page.getByText("Meeting scheduled")).toBeVisible();
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByText(/Quorum met|Quorum not met/)).toBeVisible();
  await page.getByRole("checkbox", { name: new RegExp(lead.name) }).check();
  await page.getByRole("button", { name: "Save attendance" }).click();
  // Exactly this text: the first save (nobody present) said both agencies were missing.
  await expect(page.getByText(`Quorum not met: ${colleague.agency} is not represented.`)).toBeVisible();
  await page.getByLabel("Draft minutes").fill("The partnership agreed its terms of reference.");
  await page.getByRole("button", { name: "Save draft minutes" }).click();
  await expect(page.getByText("Draft minutes saved")).toBeVisible();
  await page.getByLabel("Record a decision").fill("Adopt the terms of reference");
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Adopt the terms of reference" })).toBeVisible();
  await page.getByText("Add an action").click();
  await page.getByLabel("Action", { exact: true }).fill("Share the terms of reference with schools");
  const owner = page.getByLabel("Who will do it");
  await owner.selectOption({ label: (await owner.locator("option", { hasText: colleague.name }).textContent())! });
  await page.getByLabel("Due by").fill(isoDate(-1));
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page.getByText("Action added")).toBeVisible();
  await expectAccessible(page);

  // The open action is on the next meeting's agenda; the minutes await approval there later.
  await page.goto(seriesMeetingUrl);
  await expect(page.getByText("Open actions carried forward from earlier meetings")).toBeVisible();
  await expect(page.getByText(/Share the terms of reference with schools/)).toBeVisible();

  // The owner sees it in My actions, overdue, and marks it done; it leaves the next agenda.
  await colleaguePage.goto("/my-actions");
  await expect(colleaguePage.getByRole("cell", { name: /overdue/ })).toBeVisible();
  await expectAccessible(colleaguePage);
  await colleaguePage.goto(`${initiativeUrl}/actions`);
  await colleaguePage.getByLabel("Status of Share the terms of reference with schools").selectOption("done");
  await colleaguePage.getByRole("button", { name: "Update Share the terms of reference with schools" }).click();
  await expect(colleaguePage.getByText("is now done")).toBeVisible();
  await page.goto(seriesMeetingUrl);
  await expect(page.getByText("Open actions carried forward from earlier meetings")).toHaveCount(0);

  await page.goto(`${initiativeUrl}/meetings`);
  await expect(page.getByText(/1 meeting held/)).toBeVisible();
  await expectAccessible(page);
  await colleagueContext.close();
});
