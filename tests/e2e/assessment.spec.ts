import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { CHALLENGES, SUCCESS_FACTORS } from "../../app/modules/study/study";
import { expectAccessible, signInAfterSignUp, signUpNewPerson, uniqueSuffix, type Person } from "./helpers";

type FactorKey = (typeof SUCCESS_FACTORS)[number]["key"];
type Answers = Partial<Record<FactorKey, 1 | 2 | 3 | 4 | 5 | "dont_know">>;

/** Everyone rates 4 unless told otherwise; funding is the major challenge, the rest minor. */
const ANSWERS: Record<"health" | "social" | "education", Answers> = {
  // The lead's agency: sure it owns the partnership, and that it meets regularly.
  health: { joint_ownership: 5, relationships: 2, strategic_meetings: 5, history: "dont_know" },
  social: { joint_ownership: 2, relationships: 2 },
  education: { joint_ownership: 3, relationships: 3 },
};
const ratingOf = (answers: Answers, key: FactorKey) => answers[key] ?? 4;
const SEVERITY_INDEX = (key: string) => (key === "funding_resources" ? 3 : 1);
const SEVERITY_LABELS = ["Not a challenge", "Minor", "Significant", "Major"];

/** A colleague of someone already signed up: same agency, chosen from the list. */
async function signUpColleague(page: Page, agency: string, sector: string): Promise<Person> {
  const suffix = uniqueSuffix();
  const person = { name: `Alex Doyle ${suffix}`, email: `alex.${suffix}@northshire.example.gov.uk`, password: "maple river lantern 42", agency };
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill(person.name);
  await page.getByLabel("Work email address").fill(person.email);
  await page.getByLabel("Create a password").fill(person.password);
  await page.getByLabel("Job title").fill("Practitioner");
  await page.getByLabel("Your agency").selectOption({ label: `${agency} (${sector})` });
  await page.getByRole("button", { name: "Create account" }).click();
  await signInAfterSignUp(page, person.email, person.password);
  await expect(page.getByRole("heading", { level: 1, name: "My initiatives" })).toBeVisible();
  return person;
}

async function inviteAndJoin(lead: Page, initiativeUrl: string, person: Person, memberPage: Page) {
  await lead.goto(`${initiativeUrl}/members/invite`);
  await lead.getByLabel("Their work email address").fill(person.email);
  await lead.getByRole("radio", { name: /^Member/ }).check();
  await lead.getByLabel("The agency they represent").selectOption({ label: person.agency });
  await lead.getByRole("button", { name: /Create invitation|Invite someone else/ }).click();
  const link = await lead.getByLabel("Invitation link", { exact: true }).inputValue();
  await memberPage.goto(link);
  await memberPage.getByRole("button", { name: /^Join/ }).click();
  await expect(memberPage.getByText("Welcome to the initiative")).toBeVisible();
}

/** Answers the whole form with the mouse, and submits it. */
async function respond(page: Page, roundUrl: string, answers: Answers) {
  await page.goto(`${roundUrl}/respond`);
  for (const factor of SUCCESS_FACTORS) {
    const rating = ratingOf(answers, factor.key);
    await page
      .getByRole("group", { name: factor.label })
      .getByRole("radio", { name: rating === "dont_know" ? "Don't know" : new RegExp(`^${rating}`) })
      .check();
  }
  for (const challenge of CHALLENGES) {
    await page
      .getByRole("group", { name: challenge.label })
      .getByRole("radio", { name: SEVERITY_LABELS[SEVERITY_INDEX(challenge.key)] })
      .check();
  }
  await page.getByRole("checkbox", { name: "Improved communication and information sharing" }).check();
  await page.getByRole("button", { name: "Submit your response" }).click();
  await expect(page.getByRole("status")).toContainText("your response is submitted");
}

/** Answers the whole form with the keyboard only, from the first question to the submit button. */
async function respondByKeyboard(page: Page, roundUrl: string, answers: Answers) {
  await page.goto(`${roundUrl}/respond`);
  await page.getByRole("link", { name: /Success factors/ }).focus();
  // Past the two other contents links, into the form: the first question's radios.
  for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
  for (const factor of SUCCESS_FACTORS) {
    const rating = ratingOf(answers, factor.key);
    const steps = rating === "dont_know" ? 5 : rating - 1;
    await page.keyboard.press("Space");
    for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowRight");
    const group = page.getByRole("group", { name: factor.label });
    await expect(group.getByRole("radio", { checked: true })).toHaveAccessibleName(rating === "dont_know" ? "Don't know" : new RegExp(`^${rating}`));
    await page.keyboard.press("Tab"); // Why this matters
    if (factor.key === "commitment") {
      await expect(page.locator(":focus")).toHaveText("Why this matters");
      await page.keyboard.press("Enter");
      await expect(group.getByText(SUCCESS_FACTORS[0].whyItMatters)).toBeVisible();
    }
    await page.keyboard.press("Tab"); // Evidence
    if (factor.key === "commitment") await page.keyboard.type("Every agency came to the launch");
    await page.keyboard.press("Tab"); // the next question, or Save as draft
  }
  await expect(page.locator(":focus")).toHaveText("Save as draft");
  await page.keyboard.press("Tab");
  for (const challenge of CHALLENGES) {
    await page.keyboard.press("Space");
    for (let i = 0; i < SEVERITY_INDEX(challenge.key); i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Tab");
  }
  await expect(page.locator(":focus")).toHaveText("Save as draft");
  await page.keyboard.press("Tab");
  await expect(page.locator(":focus")).toHaveAccessibleName(/Better understanding/);
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.type("We know who to call in each agency");
  // Past the other three benefits and their examples.
  for (let i = 0; i < 7; i++) await page.keyboard.press("Tab");
  await expect(page.locator(":focus")).toHaveText("Submit your response");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("your response is submitted");
}

async function newMember(browser: Browser, make: (page: Page) => Promise<Person>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const person = await make(page);
  return { person, page, close: () => context.close() };
}

test("members of three agencies respond, one after the lead's reminder; nobody sees results until the lead closes the round; then everyone sees the agencies side by side, a disagreement and the evidence", async ({
  browser,
  page,
}) => {
  // Ten browsers, eleven sign-ups then sign-ins and nine full forms: 10 minutes measured on 2 cores shared with other builds (load 15).
  test.setTimeout(1_200_000);
  const social = await newMember(browser, (p) => signUpNewPerson(p, "Social services"));
  const education = await newMember(browser, (p) => signUpNewPerson(p, "Education"));
  const lead = await signUpNewPerson(page, "Health");

  const name = `Self-assessment partnership ${uniqueSuffix()}`;
  await page.goto("/initiatives/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Who the initiative is for").fill("Children with special educational needs");
  await page.keyboard.press("Escape");
  await page.getByRole("checkbox", { name: /The needs of the target group/ }).check();
  await page.getByRole("radio", { name: /Coordinated delivery/ }).check();
  await page.getByLabel("Aims").fill("One plan per family across health, social care and education.");
  await page.getByLabel("Local authority").fill("Northshire County Council");
  await page.getByLabel("Start date", { exact: true }).fill("2026-04-01");
  await page.getByRole("checkbox", { name: new RegExp(social.person.agency) }).check();
  await page.getByRole("checkbox", { name: new RegExp(education.person.agency) }).check();
  await page.getByRole("button", { name: "Create initiative" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const initiativeUrl = page.url().replace(/\?.*$/, "");

  // The overview's card and the empty self-assessment page say what to do.
  await expect(page.getByRole("region", { name: "Self-assessment" })).toContainText("No self-assessment yet");
  await page.getByRole("navigation", { name: "Initiative" }).getByRole("link", { name: "Self-assessment" }).click();
  await expect(page.getByText("No self-assessment rounds yet.")).toBeVisible();
  await expectAccessible(page);

  // Opening a round, with a closing date in the past first: refused, nothing opened.
  await page.getByRole("link", { name: "Open a round" }).click();
  await page.getByLabel("Title").fill("Autumn review");
  await page.getByLabel("Closing date").fill("2020-01-31");
  await page.getByRole("button", { name: "Open the round" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("The closing date has passed");
  await expectAccessible(page);
  const closesOn = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Closing date").fill(closesOn);
  await page.getByRole("button", { name: "Open the round" }).click();
  await expect(page.getByRole("status")).toContainText("Round opened");
  const roundUrl = page.url().replace(/\?.*$/, "");

  // The lead answers with the keyboard alone.
  await respondByKeyboard(page, roundUrl, ANSWERS.health);
  await expect(page.getByText("1 of 1 member has answered so far.")).toBeVisible();
  // Nobody sees results while the round is open, the lead included; the page says who sees what, and when.
  await expect(page.getByText("Results are shown when the round closes, to everyone at once.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Who sees what, and when" })).toContainText("nobody sees any results, not even the lead");
  await expectAccessible(page);

  // Two colleagues from the lead's agency, and three from each of the other two.
  const members = [
    { ...social, answers: ANSWERS.social },
    { ...education, answers: ANSWERS.education },
  ];
  for (const [agency, sector, answers] of [
    [lead.agency, "Health", ANSWERS.health],
    [lead.agency, "Health", ANSWERS.health],
    [social.person.agency, "Social services", ANSWERS.social],
    [social.person.agency, "Social services", ANSWERS.social],
    [education.person.agency, "Education", ANSWERS.education],
    [education.person.agency, "Education", ANSWERS.education],
  ] as const) {
    members.push({ ...(await newMember(browser, (p) => signUpColleague(p, agency, sector))), answers });
  }

  for (const [index, member] of members.entries()) {
    await inviteAndJoin(page, initiativeUrl, member.person, member.page);
    if (index === 0) {
      // A member sees the open round on the overview, and cannot see results before it closes.
      await expect(member.page.getByRole("region", { name: "Self-assessment" })).toContainText("You have not responded yet");
      await member.page.goto(roundUrl);
      await expect(member.page.getByText("Results are shown when the round closes, to everyone at once.")).toBeVisible();
      await expectAccessible(member.page);

      // The lead reminds those who have not answered: told how many, never who; one reminder a day.
      await page.goto(roundUrl);
      await expect(page.getByText("1 of 2 members have answered so far.")).toBeVisible();
      await page.getByRole("button", { name: "Remind those who have not answered" }).click();
      await expect(page.getByRole("status")).toContainText("Reminder sent. 1 member who has not answered will see it");
      await expect(page.getByText(/The next can be sent from/)).toBeVisible();
      await expect(page.getByRole("button", { name: "Remind those who have not answered" })).toHaveCount(0);
      await expectAccessible(page);
      // The member sees the reminder on the overview and on the round's page, with the way to answer.
      const reminder = new RegExp(`${lead.name} reminded you on .+ to answer “Autumn review” by `);
      await member.page.goto(initiativeUrl);
      await expect(member.page.getByText(reminder)).toBeVisible();
      await expectAccessible(member.page);
      await member.page.goto(roundUrl);
      await expect(member.page.getByText(reminder)).toBeVisible();

      // Submitting half a form is refused, with each missing answer listed.
      await member.page.goto(`${roundUrl}/respond`);
      await member.page.getByRole("group", { name: "Commitment of those involved" }).getByRole("radio", { name: /^5/ }).check();
      await member.page.getByRole("button", { name: "Submit your response" }).click();
      const summary = member.page.getByRole("alert").filter({ hasText: "There is a problem" });
      await expect(summary).toContainText("Rate “Good working relationships” from 1 to 5, or choose don't know");
      await expect(summary).toContainText("Say how much of a challenge “Recruitment” is");
      await expectAccessible(member.page);
    }
    await respond(member.page, roundUrl, member.answers);
    if (index === 0) {
      // Answered: the reminder is gone.
      await member.page.goto(initiativeUrl);
      await expect(member.page.getByText(/reminded you on/)).toHaveCount(0);
    }
  }

  // While it is open the lead sees how many have answered in all, and nothing else: no results, nothing by agency.
  await page.goto(roundUrl);
  await expect(page.getByText("9 of 9 members have answered so far.")).toBeVisible();
  await expect(page.getByText("Everyone who can answer has answered.")).toBeVisible();
  await expect(page.getByText("Results are shown when the round closes, to everyone at once.")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);

  // Closing early asks first.
  await page.getByRole("link", { name: "Close this round early" }).click();
  await expect(page.getByRole("heading", { name: "Close “Autumn review” now?" })).toBeVisible();
  await expect(page.getByText("9 of 9 members have answered.")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Yes, close the round" }).click();
  await expect(page.getByRole("status")).toContainText("The round is closed");

  // The agencies side by side, a view of their own: three groups of three, joint ownership marked as a disagreement.
  await page.getByRole("navigation", { name: "Views of the results" }).getByRole("link", { name: "Agencies side by side" }).click();
  await expect(page.getByRole("link", { name: "Agencies side by side", exact: true })).toHaveAttribute("aria-current", "page");
  const agencies = page.getByRole("table", { name: "Each factor's mean by agency, and where agencies disagree" });
  for (const agency of [lead.agency, social.person.agency, education.person.agency]) {
    await expect(agencies.getByRole("columnheader", { name: new RegExp(agency) })).toContainText("3 respondents");
  }
  const ownership = agencies.getByRole("row", { name: /Joint ownership/ });
  await expect(ownership).toContainText("5.0");
  await expect(ownership).toContainText("2.0");
  await expect(ownership).toContainText("Disagree: 3.0 points apart");
  await expect(agencies.getByRole("row", { name: /Commitment of those involved/ })).toContainText("Within 0.0");
  await expect(page.getByRole("img", { name: /Each factor's mean by agency/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Challenges and benefits" }).click();
  await expect(page.getByRole("heading", { name: "Challenges, most severe first" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Benefits reported" })).toBeVisible();
  await page.getByRole("link", { name: "Change over time" }).click();
  await expect(page.getByRole("heading", { name: "Change over time" })).toBeVisible();
  await page.getByRole("link", { name: "Each success factor" }).click();

  // The evidence beside its factor: no strategic meetings recorded, though members rate it a strength.
  const meetings = page.getByRole("article", { name: "Regular strategic planning meetings" });
  await expect(meetings).toContainText("4.3");
  await expect(meetings.getByText("Strength", { exact: true })).toBeVisible();
  await expect(meetings).toContainText("Strategic planning meetings: None held in 12 months");
  await expect(meetings).toContainText("Rated a strength, but the records suggest otherwise");
  await meetings.getByText("How this was worked out").click();
  await expect(meetings).toContainText("Strategic planning meetings that were not cancelled and took place in the last 12 months");
  await expect(page.getByRole("article", { name: "Leadership and drive" })).toContainText("Key for health, social services and education");
  await expectAccessible(page);

  // The concern (working relationships, 2.3) becomes an action in one step, by keyboard.
  const relationships = page.getByRole("article", { name: "Good working relationships" });
  await expect(relationships).toContainText("2.3");
  await expect(relationships.getByText("Concern", { exact: true })).toBeVisible();
  await relationships.getByText("Create an action").focus();
  await page.keyboard.press("Enter");
  // The link opens that concern's form alone, its wording ready to change.
  await expect(relationships.getByLabel("Action", { exact: true })).toBeFocused();
  await expect(relationships.getByLabel("Action", { exact: true })).toHaveValue("Agree how to improve: Good working relationships");
  await relationships.getByLabel("Who will do it").selectOption({ label: `${social.person.name} (${social.person.agency})` });
  await expectAccessible(page);
  await relationships.getByRole("button", { name: /Create the action/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Action created: “Agree how to improve: Good working relationships”");
  await page.getByRole("status").getByRole("link", { name: "Actions page" }).click();
  await expect(page.getByRole("rowheader", { name: "Agree how to improve: Good working relationships" })).toBeVisible();

  // Everyone now sees the results; individual answers never appear.
  const member = members[0]!;
  await member.page.goto(`${roundUrl}?view=agencies`);
  await expect(member.page.getByRole("table", { name: "Each factor's mean by agency, and where agencies disagree" })).toBeVisible();
  await member.page.goto(roundUrl);
  await expect(member.page.getByText("Create an action")).toHaveCount(0);
  // Evidence is shown without a name, behind its disclosure.
  await member.page.getByText(/What members wrote as evidence \(1\)/).click();
  await expect(member.page.getByText("Every agency came to the launch")).toBeVisible();

  // The CSV and the printable summary.
  await page.goto(roundUrl);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "agencies side by side", exact: true }).click();
  const csv = await readFile((await (await download).path())!, "utf8");
  expect(csv.split("\r\n")[0]).toMatch(/\(3 respondents\) mean,.*\(3 respondents\) mean,.*\(3 respondents\) mean,gap/);
  const ownershipLine = csv.split("\r\n").find((line) => line.startsWith("Joint ownership,"))!;
  expect(ownershipLine.split(",").slice(1, 4).sort()).toEqual(["2.0", "3.0", "5.0"]);
  expect(ownershipLine).toMatch(/,3\.0,yes$/);
  await page.getByRole("link", { name: "Printable summary" }).click();
  await expect(page.getByRole("heading", { name: "Autumn review" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Each factor's mean by agency, and where agencies disagree" })).toBeVisible();
  await expectAccessible(page);

  for (const m of members) await m.close();
});
