import { beforeEach, describe, expect, test } from "vitest";
import { closeRound, createConcernAction, openRound, saveResponse, sendReminder } from "~/modules/assessment/commands.server";
import { roundCsv } from "~/modules/assessment/exports.server";
import { getAssessmentSummary, getResponseForm, getRoundResults, listRounds } from "~/modules/assessment/queries.server";
import { type ResponseAnswers } from "~/modules/assessment/schema";
import { SUCCESS_FACTORS, type SuccessFactorKey } from "~/modules/study/study";
import { calendarToday, financialYearEnd, financialYearOf, financialYearStart, toCalendarDateString } from "~/utils/dates";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import type { InitiativeRole } from "~/utils/policy";
import type { InitiativeAccess } from "~/utils/policy.server";
import { action as respondAction } from "~/routes/initiatives.$initiativeId.assessment.$roundId.respond";
import { action as roundAction, loader as roundLoader } from "~/routes/initiatives.$initiativeId.assessment.$roundId._index";
import { addMember, createAgency, createInitiative, createUser, requestAs, routeContext, statementsOf, statusOf } from "../fixtures";

const NOW = new Date("2026-11-26T12:00:00Z");
const LATER = new Date("2026-11-28T09:00:00Z");

let initiativeId: string;
let lead: SessionUser;
let health: SessionUser[]; // the lead and two colleagues
let social: SessionUser[];
let school: SessionUser[];
let observer: SessionUser;

async function accessOf(user: SessionUser): Promise<InitiativeAccess> {
  const m = await prisma.membership.findFirstOrThrow({ where: { initiativeId, userId: user.id } });
  return { user, initiativeId, membership: { id: m.id, role: m.role as InitiativeRole, agencyId: m.agencyId } };
}

/** Every factor rated `rating` (or as overridden), every challenge minor. */
function answers(
  rating: 1 | 2 | 3 | 4 | 5 | null,
  overrides: Partial<Record<SuccessFactorKey, 1 | 2 | 3 | 4 | 5 | null>> = {},
  evidence?: string,
): ResponseAnswers {
  return {
    factors: Object.fromEntries(
      SUCCESS_FACTORS.map((f) => [f.key, { rating: f.key in overrides ? overrides[f.key]! : rating, evidence: evidence ?? null }]),
    ),
    challenges: {
      funding_resources: "major",
      time: "significant",
      different_approaches: "minor",
      role_clarity: "none",
      competing_priorities: "minor",
      recruitment: "none",
    },
    benefits: { communication: "A shared inbox for referrals" },
  };
}

async function open(title = "Autumn review", closesOn = "2026-12-10", now = NOW) {
  const result = await openRound(await accessOf(lead), { title, closesOn }, now);
  if (!result.ok) throw new Error(result.message);
  return result.roundId;
}

async function respond(user: SessionUser, roundId: string, given: ResponseAnswers, submit = true, now = NOW) {
  const existing = await prisma.assessmentResponse.findUnique({ where: { roundId_userId: { roundId, userId: user.id } } });
  const result = await saveResponse(await accessOf(user), roundId, { responseId: existing?.id ?? null, answers: given, submit }, now);
  if (!result.ok) throw new Error(result.message);
  return result;
}

async function storedRows() {
  return {
    responses: await prisma.assessmentResponse.count(),
    factors: await prisma.factorRating.count(),
    challenges: await prisma.challengeRating.count(),
    benefits: await prisma.benefitReport.count(),
  };
}

beforeEach(async () => {
  await prisma.assessmentRound.deleteMany();
  const [trust, childrens, primary] = [await createAgency("health"), await createAgency("social_services"), await createAgency("education")];
  lead = await createUser({ name: "Priya Lead", agencyId: trust.id });
  initiativeId = (await createInitiative(lead, [childrens.id, primary.id])).id;
  health = [lead];
  social = [];
  school = [];
  for (let i = 0; i < 2; i++) health.push(await createUser({ agencyId: trust.id }));
  for (let i = 0; i < 3; i++) social.push(await createUser({ agencyId: childrens.id }));
  for (let i = 0; i < 3; i++) school.push(await createUser({ agencyId: primary.id }));
  for (const user of [...health.slice(1), ...social, ...school]) await addMember(initiativeId, user, "member");
  observer = await createUser({ agencyId: primary.id });
  await addMember(initiativeId, observer, "observer");
});

describe("opening a round", () => {
  test("the lead opens one; it is in the feed and the audit log", async () => {
    const roundId = await open();
    const rounds = await listRounds(initiativeId, lead.id, NOW);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({ id: roundId, title: "Autumn review", open: true, submitted: 0, myResponse: "none" });
    // It closes at the end of its day in London (in winter, midnight UTC).
    expect(rounds[0]!.closesAt.toISOString()).toBe("2026-12-11T00:00:00.000Z");
    const post = await prisma.post.findFirstOrThrow({ where: { initiativeId, systemEvent: "assessment.opened" } });
    expect(post.body).toContain("Autumn review");
    expect(post.linkPath).toBe(`/initiatives/${initiativeId}/assessment/${roundId}`);
    expect(await prisma.auditEvent.count({ where: { initiativeId, action: "assessment.opened", entityId: roundId } })).toBe(1);
  });

  test("in summer the round closes at the end of the London day, 23:00 UTC", async () => {
    await open("Summer review", "2027-07-15", new Date("2027-07-01T12:00:00Z"));
    const [round] = await listRounds(initiativeId, lead.id, new Date("2027-07-15T22:59:00Z"));
    expect(round!.open).toBe(true);
    expect(round!.closesAt.toISOString()).toBe("2027-07-15T23:00:00.000Z");
    expect((await listRounds(initiativeId, lead.id, new Date("2027-07-15T23:00:00Z")))[0]!.open).toBe(false);
  });

  test("only one open round at a time; a past closing date and a member opening are refused", async () => {
    await open();
    expect(await openRound(await accessOf(lead), { title: "Another", closesOn: "2026-12-20" }, NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining("is still open"),
    });
    await prisma.assessmentRound.deleteMany();
    expect(await openRound(await accessOf(lead), { title: "Late", closesOn: "2026-11-25" }, NOW)).toMatchObject({ ok: false, field: "closesOn" });
    expect(await openRound(await accessOf(social[0]!), { title: "Mine", closesOn: "2026-12-10" }, NOW)).toMatchObject({ ok: false });
    expect(await prisma.assessmentRound.count()).toBe(0);
  });

  test("a new round can open once the last has closed", async () => {
    const first = await open();
    await closeRound(await accessOf(lead), first, LATER);
    expect((await openRound(await accessOf(lead), { title: "Spring review", closesOn: "2027-03-01" }, LATER)).ok).toBe(true);
  });
});

describe("responding", () => {
  test("a draft is saved, changed, not counted, then submitted and still changeable until the round closes", async () => {
    const roundId = await open();
    const member = social[0]!;
    const draft = await respond(
      member,
      roundId,
      { factors: { commitment: { rating: 4, evidence: "All agencies at every meeting" } }, challenges: {}, benefits: {} },
      false,
    );
    expect(draft.action).toBe("assessment.draft_saved");
    let form = await getResponseForm(await accessOf(member), roundId, NOW);
    expect(form!.response).toMatchObject({
      submittedAt: null,
      answers: { factors: { commitment: { rating: 4, evidence: "All agencies at every meeting" } } },
    });
    expect((await listRounds(initiativeId, member.id, NOW))[0]).toMatchObject({ submitted: 0, myResponse: "draft" });

    await respond(
      member,
      roundId,
      { factors: { commitment: { rating: 2, evidence: null }, history: { rating: null, evidence: null } }, challenges: {}, benefits: {} },
      false,
    );
    form = await getResponseForm(await accessOf(member), roundId, NOW);
    expect(form!.response!.answers.factors).toEqual({ commitment: { rating: 2, evidence: null }, history: { rating: null, evidence: null } });

    const submitted = await respond(member, roundId, answers(3));
    expect(submitted).toMatchObject({ submitted: true, action: "assessment.response_submitted" });
    expect((await listRounds(initiativeId, member.id, NOW))[0]).toMatchObject({ submitted: 1, myResponse: "submitted" });

    // Changed after submitting: it stays submitted, with its first submission time.
    const changed = await respond(member, roundId, answers(5), false, LATER);
    expect(changed).toMatchObject({ submitted: true, action: "assessment.response_changed" });
    const stored = await prisma.assessmentResponse.findFirstOrThrow({ where: { roundId, userId: member.id }, include: { factors: true } });
    expect(stored.submittedAt?.toISOString()).toBe(NOW.toISOString());
    expect(stored.factors.every((f) => f.rating === 5)).toBe(true);
    expect(await prisma.assessmentResponse.count({ where: { roundId } })).toBe(1);
  });

  test("submitting needs every factor and challenge answered; a draft does not", async () => {
    const roundId = await open();
    const partial = { factors: { commitment: { rating: 4 as const, evidence: null } }, challenges: {}, benefits: {} };
    const result = await saveResponse(await accessOf(social[0]!), roundId, { responseId: null, answers: partial, submit: true }, NOW);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("Not answered yet: Good working relationships") });
    expect(await storedRows()).toEqual({ responses: 0, factors: 0, challenges: 0, benefits: 0 });
  });

  test("a response records the agency the member represents in this initiative", async () => {
    const roundId = await open();
    await respond(school[0]!, roundId, answers(4));
    const stored = await prisma.assessmentResponse.findFirstOrThrow({ where: { roundId } });
    expect(stored.agencyId).toBe(school[0]!.agencyId);
  });
});

describe("bad input is refused and nothing is stored", () => {
  let roundId: string;
  let before: Awaited<ReturnType<typeof storedRows>>;
  beforeEach(async () => {
    roundId = await open();
    await respond(social[0]!, roundId, answers(4, {}, "Weekly huddles"));
    before = await storedRows();
  });

  const attempt = async (user: SessionUser, given: unknown, responseId: string | null = null, now = NOW) =>
    saveResponse(await accessOf(user), roundId, { responseId, answers: given as ResponseAnswers, submit: true }, now);

  test.each([
    ["6", 6],
    ["0", 0],
    ["-1", -1],
    ["2.5", 2.5],
    ["a word", "five"],
  ])("a score of %s", async (_label, rating) => {
    const given = answers(3);
    (given.factors.commitment as { rating: unknown }).rating = rating;
    expect(await attempt(social[1]!, given)).toMatchObject({ ok: false, message: expect.stringContaining("Nothing was saved") });
    expect(await storedRows()).toEqual(before);
  });

  test("rating an unknown factor, challenge or benefit", async () => {
    const unknownFactor = answers(3) as unknown as { factors: Record<string, unknown> };
    unknownFactor.factors["team_spirit"] = { rating: 5, evidence: null };
    expect(await attempt(social[1]!, unknownFactor)).toMatchObject({ ok: false, message: expect.stringContaining("team_spirit") });
    const unknownChallenge = { ...answers(3), challenges: { ...answers(3).challenges, weather: "major" } };
    expect((await attempt(social[1]!, unknownChallenge)).ok).toBe(false);
    const unknownSeverity = { ...answers(3), challenges: { ...answers(3).challenges, time: "catastrophic" } };
    expect((await attempt(social[1]!, unknownSeverity)).ok).toBe(false);
    const unknownBenefit = { ...answers(3), benefits: { free_lunch: "" } };
    expect((await attempt(social[1]!, unknownBenefit)).ok).toBe(false);
    expect(await storedRows()).toEqual(before);
  });

  test("a second response by the same person", async () => {
    // The form was opened before the first response was saved (another tab): it carries no response id.
    expect(await attempt(social[0]!, answers(1))).toMatchObject({ ok: false, message: expect.stringContaining("already responded") });
    expect(await storedRows()).toEqual(before);
    const stored = await prisma.factorRating.findMany({ where: { response: { roundId, userId: social[0]!.id } } });
    expect(stored.every((f) => f.rating === 4)).toBe(true);
    // And the database itself holds one response per person per round.
    await expect(prisma.assessmentResponse.create({ data: { roundId, userId: social[0]!.id, agencyId: social[0]!.agencyId } })).rejects.toThrow();
  });

  test("answers after the round closed, by its date or by the lead", async () => {
    expect(await attempt(social[1]!, answers(3), null, new Date("2026-12-11T00:00:00Z"))).toMatchObject({
      ok: false,
      message: expect.stringContaining("closed"),
    });
    await closeRound(await accessOf(lead), roundId, LATER);
    const response = await prisma.assessmentResponse.findFirstOrThrow({ where: { roundId, userId: social[0]!.id } });
    expect(await attempt(social[0]!, answers(1), response.id, LATER)).toMatchObject({ ok: false, message: expect.stringContaining("closed") });
    expect(await attempt(social[1]!, answers(3), null, LATER)).toMatchObject({ ok: false });
    expect(await storedRows()).toEqual(before);
  });

  test("an observer's answers, and answers to another initiative's round", async () => {
    expect(await attempt(observer, answers(3))).toMatchObject({ ok: false, message: expect.stringContaining("Observers") });
    const otherLead = await createUser();
    const other = await createInitiative(otherLead);
    const otherRound = await prisma.assessmentRound.create({
      data: { initiativeId: other.id, title: "Theirs", closesOn: new Date("2026-12-10"), createdById: otherLead.id },
    });
    expect(await saveResponse(await accessOf(social[1]!), otherRound.id, { responseId: null, answers: answers(3), submit: true }, NOW)).toMatchObject(
      { ok: false },
    );
    expect(await storedRows()).toEqual(before);
  });
});

describe("results", () => {
  /** Known answers: the trust rates commitment 5, children's services 2, the school 4; relationships 2 throughout. */
  async function roundWithKnownAnswers() {
    const roundId = await open();
    for (const user of health) await respond(user, roundId, answers(4, { commitment: 5, relationships: 2 }, "We meet every six weeks"));
    for (const user of social) await respond(user, roundId, answers(4, { commitment: 2, relationships: 2, history: null }));
    for (const user of school) await respond(user, roundId, answers(4, { commitment: 4, relationships: 2 }));
    return roundId;
  }

  test("a round closed with fewer than three responses shows nothing but the count, to the lead too", async () => {
    const roundId = await open();
    await respond(social[0]!, roundId, answers(4));
    // Seen once before the rest respond: the page's kept reading (decision 016) must follow each response.
    expect(await getRoundResults(await accessOf(school[0]!), roundId, NOW)).toMatchObject({
      submittedCount: 1,
      respondentCount: 9,
      myResponse: "none",
    });
    await respond(social[1]!, roundId, answers(2));
    await respond(school[0]!, roundId, answers(3), false); // a draft: never counted
    expect(await getRoundResults(await accessOf(school[0]!), roundId, NOW)).toMatchObject({ submittedCount: 2, myResponse: "draft" });
    await closeRound(await accessOf(lead), roundId, LATER);
    expect(await getRoundResults(await accessOf(lead), roundId, LATER)).toMatchObject({
      submittedCount: 2,
      visible: true,
      enough: false,
      results: null,
    });
    expect((await getRoundResults(await accessOf(social[2]!), roundId, LATER))!.results).toBeNull();
  });

  test("while open, nobody sees results, the lead included: only how many of how many have answered, and nothing by agency", async () => {
    const roundId = await roundWithKnownAnswers();
    for (const viewer of [lead, health[1]!, social[0]!, observer]) {
      const page = (await getRoundResults(await accessOf(viewer), roundId, NOW))!;
      expect(page, viewer === lead ? "the lead" : "a member").toMatchObject({
        visible: false,
        enough: true,
        results: null,
        submittedCount: 9,
        respondentCount: 9,
      });
      // Nothing about who answered, nor from which agency.
      const sent = JSON.stringify(page);
      for (const agency of [health[1]!, social[0]!, school[0]!].map((u) => u.agencyId)) expect(sent).not.toContain(agency);
      for (const person of [...health, ...social, ...school].filter((u) => u !== viewer)) expect(sent).not.toContain(person.id);
      expect(sent).not.toMatch(/mean|band|byAgency|drafts/);
    }
    expect(await getRoundResults(await accessOf(observer), roundId, NOW)).toMatchObject({ mayRespond: false, myResponse: "none" });
  });

  test("a member who answered and then left still counts, among those asked", async () => {
    const roundId = await open();
    for (const user of social) await respond(user, roundId, answers(4));
    await prisma.membership.deleteMany({ where: { initiativeId, userId: social[0]!.id } });
    expect(await getRoundResults(await accessOf(lead), roundId, NOW)).toMatchObject({ submittedCount: 3, respondentCount: 9 });
  });

  test("once closed, everyone (observers too) sees means, bands, agencies side by side and disagreements", async () => {
    const roundId = await roundWithKnownAnswers();
    const closed = await closeRound(await accessOf(lead), roundId, LATER);
    expect(closed.ok).toBe(true);
    const page = await getRoundResults(await accessOf(observer), roundId, LATER);
    const results = page!.results!;
    const factor = (key: SuccessFactorKey) => results.factors.find((f) => f.factorKey === key)!;
    expect(factor("commitment")).toMatchObject({ mean: 3.7, band: "discuss", rated: 9, spread: { min: 2, max: 5 }, distribution: [0, 3, 0, 3, 3] });
    expect(factor("relationships")).toMatchObject({ mean: 2, band: "concern" });
    expect(factor("leadership")).toMatchObject({ mean: 4, band: "strength" });
    expect(factor("history")).toMatchObject({ rated: 6, dontKnow: 3, mean: 4 });
    expect(results.bands).toEqual({ strength: 10, discuss: 1, concern: 1 });

    expect(results.comparison.groups.map((g) => g.respondents)).toEqual([3, 3, 3]);
    const commitment = results.comparison.factors.find((f) => f.factorKey === "commitment")!;
    expect(commitment).toMatchObject({ gap: 3, disagreement: true });
    expect(results.comparison.factors.find((f) => f.factorKey === "leadership")).toMatchObject({ gap: 0, disagreement: false });

    // Health, social services and education together: leadership and joint funding are stressed, and three for all.
    expect(factor("leadership").stressed).toBe("combination");
    expect(factor("commitment").stressed).toBe("all");
    expect(factor("clear_focus").stressed).toBeNull();
    expect(results.combination).toBe("Health, social services and education");

    // Evidence text is shown without names, sorted; challenges ranked; benefits counted.
    expect(factor("commitment").evidence).toEqual(["We meet every six weeks", "We meet every six weeks", "We meet every six weeks"]);
    expect(results.challenges[0]).toMatchObject({ challengeKey: "funding_resources", score: 3 });
    expect(results.benefits.find((b) => b.benefitKey === "communication")).toMatchObject({ count: 9 });
    expect(JSON.stringify(results)).not.toContain(lead.id);
    expect(JSON.stringify(results)).not.toContain(lead.name);
  });

  test("the results page sends one view at a time, every view naming the concerns; an unknown view is a 404", async () => {
    const roundId = await roundWithKnownAnswers();
    expect((await closeRound(await accessOf(lead), roundId, new Date())).ok).toBe(true);
    const view = async (query: string) =>
      roundLoader({
        request: await requestAs(observer, `/initiatives/${initiativeId}/assessment/${roundId}${query}`),
        params: { initiativeId, roundId },
        context: routeContext,
      });
    const concerns = [{ factorKey: "relationships", label: "Good working relationships" }];
    const factors = (await view("")).results!;
    expect(factors).toMatchObject({ concerns, comparison: null, trend: [], challenges: [], benefits: [] });
    expect(factors.factors).toHaveLength(12);
    const agencies = (await view("?view=agencies")).results!;
    expect(agencies).toMatchObject({ concerns, factors: [], challenges: [] });
    expect(agencies.comparison!.groups.map((g) => g.respondents)).toEqual([3, 3, 3]);
    const challenges = (await view("?view=challenges")).results!;
    expect(challenges).toMatchObject({ concerns, factors: [], comparison: null });
    expect(challenges.challenges[0]).toMatchObject({ challengeKey: "funding_resources" });
    expect(challenges.benefits.find((b) => b.benefitKey === "communication")).toMatchObject({ count: 9 });
    expect(await statusOf(() => view("?view=everything"))).toBe(404);
    expect(await view("?view=everything").catch((thrown: unknown) => thrown)).toMatchObject({
      data: { message: expect.stringContaining("agencies side by side") },
    });
  });

  test("an agency with too few respondents is merged so that no group below three is shown", async () => {
    const roundId = await open();
    for (const user of health) await respond(user, roundId, answers(5));
    for (const user of social) await respond(user, roundId, answers(1));
    await respond(school[0]!, roundId, answers(3));
    await closeRound(await accessOf(lead), roundId, LATER);
    const { comparison } = (await getRoundResults(await accessOf(lead), roundId, LATER))!.results!;
    expect(comparison.groups.map((g) => [g.label, g.respondents])).toEqual([
      [expect.stringMatching(/^Agency/), 3],
      ["Other agencies", 4],
    ]);
  });

  test("change since the previous round and the trend over all rounds", async () => {
    const first = await open("Spring review", "2026-12-01");
    for (const user of [...health, ...social]) await respond(user, first, answers(2));
    await closeRound(await accessOf(lead), first, LATER);
    const second = await open("Autumn review", "2027-01-10", new Date("2026-12-01T09:00:00Z"));
    for (const user of [...health, ...social]) await respond(user, second, answers(4, { commitment: 3 }), true, new Date("2026-12-02T09:00:00Z"));
    await closeRound(await accessOf(lead), second, new Date("2026-12-03T09:00:00Z"));
    const results = (await getRoundResults(await accessOf(lead), second, new Date("2026-12-04T09:00:00Z")))!.results!;
    expect(results.previous).toMatchObject({ title: "Spring review" });
    expect(results.factors.find((f) => f.factorKey === "commitment")!.change).toBe(1);
    expect(results.factors.find((f) => f.factorKey === "leadership")!.change).toBe(2);
    const line = results.trend.find((t) => t.factorKey === "commitment")!;
    expect(line.points.map((p) => [p.title, p.mean])).toEqual([
      ["Spring review", 2],
      ["Autumn review", 3],
    ]);
  });
});

describe("evidence from the portal's own records", () => {
  test("indicators are computed from meetings, actions, roles, funding and activity, beside their factors", async () => {
    // Memberships and audit entries are written at the real time, so this test runs at it too.
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const [trustId, childrensId, schoolId] = [health[0]!.agencyId, social[0]!.agencyId, school[0]!.agencyId];
    // Two strategic meetings in the last year, one with every agency present.
    for (const [ago, agencies] of [
      [40, [trustId, childrensId, schoolId]],
      [100, [trustId, childrensId]],
    ] as const) {
      await prisma.meeting.create({
        data: {
          initiativeId,
          title: "Strategic group",
          type: "strategic_planning",
          startsAt: daysAgo(ago),
          endsAt: new Date(daysAgo(ago).getTime() + 3_600_000),
          createdById: lead.id,
          attendances: { create: agencies.map((agencyId, i) => ({ userId: [health[0]!, social[0]!, school[0]!][i]!.id, agencyId, present: true })) },
        },
      });
    }
    // Three open actions overdue (weak leadership evidence), and one done before it was due.
    for (const title of ["One", "Two", "Three"]) {
      await prisma.actionItem.create({
        data: {
          initiativeId,
          title,
          ownerId: lead.id,
          agencyId: trustId,
          dueDate: calendarToday(daysAgo(30)),
          createdById: lead.id,
          createdAt: daysAgo(60),
        },
      });
    }
    await prisma.actionItem.create({
      data: {
        initiativeId,
        title: "Done",
        ownerId: lead.id,
        agencyId: trustId,
        dueDate: calendarToday(daysAgo(30)),
        status: "done",
        closedAt: daysAgo(45),
        createdById: lead.id,
        createdAt: daysAgo(60),
      },
    });
    // One role, vacant; one responsibility with nobody accountable.
    await prisma.registerRole.create({
      data: { initiativeId, title: "Key worker", agencyId: childrensId, timeUnit: "fte", timeAmount: 100, createdById: lead.id },
    });
    await prisma.sharedResponsibility.create({
      data: { initiativeId, title: "Hold the budget", assignments: { create: [{ agencyId: trustId, kind: "responsible" }] } },
    });
    // This financial year's money: one agency gives 90%.
    const year = financialYearOf(calendarToday(now));
    for (const [agencyId, pence] of [
      [trustId, 90_000_00],
      [childrensId, 10_000_00],
    ] as const) {
      await prisma.fundingStream.create({
        data: {
          initiativeId,
          name: `Stream ${pence}`,
          type: "pooled",
          agencyId,
          status: "confirmed",
          startDate: financialYearStart(year),
          endDate: financialYearEnd(year),
          createdById: lead.id,
          amounts: { create: [{ financialYear: year, amountPence: pence }] },
        },
      });
    }

    const roundId = await open("Autumn review", toCalendarDateString(calendarToday(daysAgo(-30))), now);
    for (const user of [...health, ...social, ...school]) await respond(user, roundId, answers(5), true, now);
    // Results are shown once the round has closed (decision 010), with the evidence as it stood then.
    await closeRound(await accessOf(lead), roundId, new Date(now.getTime() + 1000));
    const results = (await getRoundResults(await accessOf(lead), roundId, new Date(now.getTime() + 2000)))!.results!;
    const factor = (key: SuccessFactorKey) => results.factors.find((f) => f.factorKey === key)!;

    expect(factor("strategic_meetings").indicator).toMatchObject({ value: "2 held in 12 months; 1 of 2 with every agency", signal: "neutral" });
    expect(factor("leadership").indicator).toMatchObject({ value: "3 of 3 open actions overdue", signal: "weak" });
    expect(factor("relevant_professionals").indicator).toMatchObject({
      value: "1 of 1 role vacant; 1 shared responsibility with no agency accountable",
      signal: "weak",
    });
    expect(factor("joint_funding").indicator).toMatchObject({
      value: expect.stringContaining("Largest of 2 contributors gives 90%"),
      signal: "weak",
    });
    // Everyone who answered is active (answering writes to the audit log); observers are left out.
    expect(factor("commitment").indicator).toMatchObject({ value: "9 of 9 members; every agency active", signal: "strong" });
    expect(factor("clear_focus").indicator).toBeNull();
    // Rated a strength, but the records are weak: the page says so.
    expect(factor("leadership").evidenceNote).toMatchObject({ kind: "strength_but_weak_evidence" });
    expect(factor("commitment").evidenceNote).toBeNull();
    expect(factor("leadership").indicator!.howComputed).toMatch(/due date has passed/);
  });

  test("a closed round's indicators are as things stood when it closed", async () => {
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    // Overdue when the round closed; done the day after.
    await prisma.actionItem.create({
      data: {
        initiativeId,
        title: "Late",
        ownerId: lead.id,
        agencyId: lead.agencyId,
        dueDate: calendarToday(daysAgo(30)),
        status: "done",
        closedAt: daysAgo(-1),
        createdById: lead.id,
        createdAt: daysAgo(60),
      },
    });
    const roundId = await open("Autumn review", toCalendarDateString(calendarToday(daysAgo(-30))), now);
    for (const user of [...health, ...social]) await respond(user, roundId, answers(4), true, now);
    await closeRound(await accessOf(lead), roundId, daysAgo(-0.001));
    const later = (await getRoundResults(await accessOf(lead), roundId, daysAgo(-10)))!.results!;
    expect(later.factors.find((f) => f.factorKey === "leadership")!.indicator).toMatchObject({ value: "1 of 1 open action overdue", signal: "weak" });
    // Kept between views (decision 016), the evidence still follows a record of that time added afterwards.
    await prisma.actionItem.create({
      data: {
        initiativeId,
        title: "Also late",
        ownerId: lead.id,
        agencyId: lead.agencyId,
        dueDate: calendarToday(daysAgo(20)),
        status: "open",
        createdById: lead.id,
        createdAt: daysAgo(50),
      },
    });
    const again = (await getRoundResults(await accessOf(lead), roundId, daysAgo(-10)))!.results!;
    expect(again.factors.find((f) => f.factorKey === "leadership")!.indicator).toMatchObject({ value: "2 of 2 open actions overdue" });
  });
});

describe("concerns into actions", () => {
  test("once the round has closed, the lead turns a concern into an action in one step; it is in the initiative's actions", async () => {
    const roundId = await open();
    for (const user of [...health, ...social]) await respond(user, roundId, answers(4, { relationships: 2 }));
    await closeRound(await accessOf(lead), roundId, LATER);
    const result = await createConcernAction(
      await accessOf(lead),
      roundId,
      { factorKey: "relationships", title: "Agree how to improve: Good working relationships", ownerId: social[0]!.id, dueDate: "2027-01-31" },
      LATER,
    );
    if (!result.ok) throw new Error(result.message);
    const action = await prisma.actionItem.findUniqueOrThrow({ where: { id: result.actionId } });
    expect(action).toMatchObject({
      initiativeId,
      title: "Agree how to improve: Good working relationships",
      ownerId: social[0]!.id,
      agencyId: social[0]!.agencyId,
      status: "open",
      meetingId: null,
    });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "assessment.actions_created" } });
    expect(JSON.parse(audit.after!)).toMatchObject({
      factor: "Good working relationships",
      action: "Agree how to improve: Good working relationships",
    });
  });

  test("refused while the round is open, with the same words for every factor: whether one is a concern is itself a result", async () => {
    const roundId = await open();
    for (const user of social) await respond(user, roundId, answers(4, { commitment: 1 }));
    const refusals = new Set<string>();
    for (const factor of SUCCESS_FACTORS) {
      const result = await createConcernAction(
        await accessOf(lead),
        roundId,
        { factorKey: factor.key, title: "Do better", ownerId: lead.id, dueDate: "2027-01-31" },
        NOW,
      );
      expect(result.ok).toBe(false);
      if (!result.ok) refusals.add(result.message);
    }
    expect([...refusals]).toEqual(["Concerns become actions once the round has closed and its results are shown."]);
    expect(await prisma.actionItem.count({ where: { initiativeId } })).toBe(0);
  });

  test("refused for a factor that is not a concern, for a member, and when too few answered for results", async () => {
    const roundId = await open();
    await respond(social[0]!, roundId, answers(1));
    await closeRound(await accessOf(lead), roundId, LATER);
    const input = { factorKey: "commitment" as const, title: "Do better", ownerId: lead.id, dueDate: "2027-01-31" };
    expect(await createConcernAction(await accessOf(lead), roundId, input, LATER)).toMatchObject({
      ok: false,
      message: expect.stringContaining("fewer than three"),
    });
    const second = await open("Spring review", "2027-03-01", LATER);
    for (const user of social) await respond(user, second, answers(4, { commitment: 1 }), true, LATER);
    await closeRound(await accessOf(lead), second, new Date("2026-11-29T09:00:00Z"));
    const after = new Date("2026-11-30T09:00:00Z");
    expect(await createConcernAction(await accessOf(lead), second, { ...input, factorKey: "leadership" }, after)).toMatchObject({
      ok: false,
      message: expect.stringContaining("not rated a concern"),
    });
    expect((await createConcernAction(await accessOf(social[0]!), second, input, after)).ok).toBe(false);
    expect(await prisma.actionItem.count({ where: { initiativeId } })).toBe(0);
    expect((await createConcernAction(await accessOf(lead), second, input, after)).ok).toBe(true);
  });
});

describe("reminding those who have not answered", () => {
  // Everyone joined before the round opened (the fixtures join at the real time, later than NOW).
  beforeEach(async () => {
    await prisma.membership.updateMany({ where: { initiativeId }, data: { joinedAt: new Date("2026-11-01T09:00:00Z") } });
  });

  test("the lead reminds; each member who may answer and has not sees it until they submit; nobody is told who", async () => {
    const roundId = await open();
    for (const user of [...social, school[0]!]) await respond(user, roundId, answers(4));
    await respond(school[1]!, roundId, answers(4), false); // a draft: still to answer
    const sentAt = new Date("2026-11-27T10:00:00Z");
    expect(await sendReminder(await accessOf(lead), roundId, sentAt)).toEqual({ ok: true, reminded: 5 });

    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "assessment.reminder_sent" } });
    expect(audit).toMatchObject({ actorId: lead.id, entity: "assessment_round", entityId: roundId });
    expect(JSON.parse(audit.after!)).toEqual({ round: "Autumn review", reminded: 5 });

    const later = new Date("2026-11-27T12:00:00Z");
    const expected = { roundId, roundTitle: "Autumn review", closesOn: new Date("2026-12-10T00:00:00Z"), sentAt, sentByName: lead.name };
    // Those still to answer, the lead too, see it on the overview and the round's page.
    for (const user of [lead, health[1]!, school[1]!]) {
      expect((await getAssessmentSummary(await accessOf(user), later)).open!.reminder).toEqual(expected);
      expect((await getRoundResults(await accessOf(user), roundId, later))!.reminder).toEqual(expected);
    }
    // Not those who answered, nor observers.
    for (const user of [social[0]!, school[0]!, observer]) {
      expect((await getAssessmentSummary(await accessOf(user), later)).open!.reminder).toBeNull();
      expect((await getRoundResults(await accessOf(user), roundId, later))!.reminder).toBeNull();
    }
    // The lead learns how many have answered, and when they may remind again: never who.
    const leadsPage = (await getRoundResults(await accessOf(lead), roundId, later))!;
    expect(leadsPage).toMatchObject({
      submittedCount: 4,
      respondentCount: 9,
      reminding: { last: { sentAt, sentByName: lead.name }, nextFrom: new Date("2026-11-28T10:00:00Z") },
    });
    for (const person of [...health.slice(1), ...social, ...school]) {
      expect(JSON.stringify(leadsPage)).not.toContain(person.id);
      expect(JSON.stringify(leadsPage)).not.toContain(person.name);
    }

    // Once they submit, it is gone.
    await respond(school[1]!, roundId, answers(4), true, later);
    expect((await getAssessmentSummary(await accessOf(school[1]!), later)).open!.reminder).toBeNull();
    // And when the round closes, for everyone.
    expect((await getAssessmentSummary(await accessOf(health[1]!), new Date("2026-12-11T00:00:00Z"))).open).toBeNull();
    expect((await getRoundResults(await accessOf(health[1]!), roundId, new Date("2026-12-11T00:00:00Z")))!.reminder).toBeNull();
  });

  test("one a day: a second within 24 hours is refused with when the next can be sent; then it can", async () => {
    const roundId = await open();
    expect((await sendReminder(await accessOf(lead), roundId, new Date("2026-11-27T10:00:00Z"))).ok).toBe(true);
    expect(await sendReminder(await accessOf(lead), roundId, new Date("2026-11-28T09:59:00Z"))).toEqual({
      ok: false,
      message: `${lead.name} sent a reminder on 27 November 2026 at 10:00. One reminder can be sent a day, so the next can be sent from 28 November 2026 at 10:00.`,
    });
    expect((await sendReminder(await accessOf(lead), roundId, new Date("2026-11-28T10:00:01Z"))).ok).toBe(true);
    expect(await prisma.assessmentReminder.count({ where: { roundId } })).toBe(2);
  });

  test("refused for a coordinator or member, for a closed round, another initiative's round, and when everyone has answered", async () => {
    const roundId = await open();
    await prisma.membership.updateMany({ where: { initiativeId, userId: health[1]!.id }, data: { role: "coordinator" } });
    for (const user of [health[1]!, social[0]!, observer]) {
      expect(await sendReminder(await accessOf(user), roundId, NOW)).toMatchObject({
        ok: false,
        message: expect.stringContaining("Only the initiative's lead"),
      });
    }
    const otherLead = await createUser();
    const other = await createInitiative(otherLead);
    const theirs = await prisma.assessmentRound.create({
      data: { initiativeId: other.id, title: "Theirs", closesOn: new Date("2026-12-10"), createdById: otherLead.id },
    });
    expect(await sendReminder(await accessOf(lead), theirs.id, NOW)).toMatchObject({ ok: false, message: "That round is not in this initiative." });
    for (const user of [...health, ...social, ...school]) await respond(user, roundId, answers(4));
    expect(await sendReminder(await accessOf(lead), roundId, NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining("Everyone who can answer has answered"),
    });
    await closeRound(await accessOf(lead), roundId, LATER);
    expect(await sendReminder(await accessOf(lead), roundId, LATER)).toMatchObject({ ok: false, message: expect.stringContaining("closed") });
    expect(await prisma.assessmentReminder.count()).toBe(0);
  });

  test("someone who joined after the reminder was sent is not told they were reminded", async () => {
    const roundId = await open();
    await sendReminder(await accessOf(lead), roundId, new Date("2026-11-27T10:00:00Z"));
    const newcomer = await createUser({ agencyId: school[0]!.agencyId });
    await addMember(initiativeId, newcomer, "member");
    await prisma.membership.updateMany({ where: { initiativeId, userId: newcomer.id }, data: { joinedAt: new Date("2026-11-27T11:00:00Z") } });
    const later = new Date("2026-11-27T12:00:00Z");
    expect((await getAssessmentSummary(await accessOf(newcomer), later)).open!.reminder).toBeNull();
    expect((await getAssessmentSummary(await accessOf(school[0]!), later)).open!.reminder).not.toBeNull();
  });
});

describe("the audit log", () => {
  test("records rounds, responses and results: who answered, never a score, a word of evidence or a count of their answers", async () => {
    const roundId = await open();
    for (const user of [...health, ...social])
      await respond(user, roundId, answers(4, { relationships: 2 }, "A confidential remark about Riverside"), false);
    for (const user of [...health, ...social])
      await respond(user, roundId, answers(4, { relationships: 2 }, "A confidential remark about Riverside"));
    await closeRound(await accessOf(lead), roundId, LATER);
    await createConcernAction(
      await accessOf(lead),
      roundId,
      { factorKey: "relationships", title: "Agree how to improve", ownerId: lead.id, dueDate: "2027-01-31" },
      LATER,
    );

    const events = await prisma.auditEvent.findMany({ where: { initiativeId, action: { startsWith: "assessment." } }, orderBy: { at: "asc" } });
    expect(new Set(events.map((e) => e.action))).toEqual(
      new Set(["assessment.opened", "assessment.draft_saved", "assessment.response_submitted", "assessment.actions_created", "assessment.closed"]),
    );
    // That the person answered, and nothing of what: not even how many questions (decision 010).
    for (const event of events.filter((e) => e.entity === "assessment_response"))
      expect(JSON.parse(event.after!)).toEqual({ round: "Autumn review" });
    for (const event of events) {
      const text = `${event.before ?? ""}${event.after ?? ""}`;
      expect(text).not.toContain("confidential");
      expect(text).not.toContain("shared inbox");
      expect(text).not.toMatch(/"rating"/);
    }
    const closed = events.find((e) => e.action === "assessment.closed")!;
    expect(JSON.parse(closed.after!)).toEqual({ title: "Autumn review", responses: 6, strengths: 11, toDiscuss: 0, concerns: 1 });
  });
});

describe("exports and the overview", () => {
  test("the CSV has aggregates only, and says so while results cannot be shown", async () => {
    const roundId = await open();
    await respond(social[0]!, roundId, answers(4));
    expect(await roundCsv(await accessOf(lead), roundId, "factors", NOW)).toContain("1 of 9 members have answered so far");
    for (const user of [social[1]!, social[2]!, ...school]) await respond(user, roundId, answers(2, {}, "Private words"));
    // While open, the same message for everyone, the lead included, whatever part is asked for.
    for (const viewer of [lead, social[0]!]) {
      for (const part of ["factors", "agencies", "challenges", "benefits"] as const) {
        expect(await roundCsv(await accessOf(viewer), roundId, part, NOW)).toBe(
          'message\r\n"6 of 9 members have answered so far. Results are shown to everyone when the round closes, and to nobody before."\r\n',
        );
      }
    }
    await closeRound(await accessOf(lead), roundId, LATER);
    const csv = (await roundCsv(await accessOf(social[0]!), roundId, "factors", LATER))!;
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(1 + SUCCESS_FACTORS.length);
    expect(lines[1]).toMatch(/^Commitment of those involved,.*,2\.3,Concern,6,0,2,4,/);
    expect(csv).not.toContain(social[0]!.name);
    const agencies = (await roundCsv(await accessOf(social[0]!), roundId, "agencies", LATER))!;
    expect(agencies.split("\r\n")[0]).toContain("(3 respondents) mean");
    expect(await roundCsv(await accessOf(social[0]!), roundId, "challenges", LATER)).toContain("Funding and resources,3.0,6,0,0,0,6");
    expect(await roundCsv(await accessOf(social[0]!), roundId, "benefits", LATER)).toContain(
      "Improved communication and information sharing,6,A shared inbox for referrals",
    );
  });

  test("the overview: the open round and whether I have answered; the last closed round's bands", async () => {
    expect(await getAssessmentSummary(await accessOf(lead), NOW)).toEqual({ rounds: 0, open: null, lastClosed: null });
    const first = await open();
    for (const user of [...social, ...school]) await respond(user, first, answers(4, { relationships: 2, commitment: 3 }));
    await closeRound(await accessOf(lead), first, LATER);
    await openRound(await accessOf(lead), { title: "Spring review", closesOn: "2027-03-01" }, LATER);
    await respond(social[0]!, (await listRounds(initiativeId, lead.id, LATER))[0]!.id, answers(4), false, LATER);
    const summary = await getAssessmentSummary(await accessOf(social[0]!), LATER);
    expect(summary.open).toEqual({
      id: expect.any(String),
      title: "Spring review",
      closesOn: expect.any(Date),
      myResponse: "draft",
      submittedCount: 0,
      respondentCount: 9,
      reminder: null,
    });
    expect(summary.lastClosed).toMatchObject({ title: "Autumn review", submitted: 6, bands: { strength: 10, discuss: 1, concern: 1 } });
  });

  test("the list of rounds, kept between views, follows each response, a new round and a renamed lead (decision 016)", async () => {
    const roundId = await open();
    const rounds = () => listRounds(initiativeId, social[0]!.id, NOW);
    expect(await rounds()).toMatchObject([{ submitted: 0, myResponse: "none", createdBy: { name: lead.name } }]);
    // Nothing changed: only the versions are read.
    expect(await statementsOf(rounds)).toBe(1);
    await respond(social[0]!, roundId, answers(4), false);
    expect(await rounds()).toMatchObject([{ submitted: 0, myResponse: "draft" }]);
    await respond(social[0]!, roundId, answers(4));
    await respond(school[0]!, roundId, answers(3));
    expect(await rounds()).toMatchObject([{ submitted: 2, myResponse: "submitted" }]);
    await closeRound(await accessOf(lead), roundId, LATER);
    await openRound(await accessOf(lead), { title: "Spring review", closesOn: "2027-03-01" }, LATER);
    await prisma.user.update({ where: { id: lead.id }, data: { name: "Priya Shah-Evans" } });
    expect((await listRounds(initiativeId, social[0]!.id, LATER)).map((r) => [r.title, r.open, r.createdBy.name])).toEqual([
      ["Spring review", true, "Priya Shah-Evans"],
      ["Autumn review", false, "Priya Shah-Evans"],
    ]);
  });

  test("a closed round's results, kept between views, follow a response removed with its author (decision 016)", async () => {
    const first = await open();
    for (const [i, user] of [...social, ...school].entries()) await respond(user, first, answers(4, { relationships: i === 0 ? 1 : 2 }));
    await closeRound(await accessOf(lead), first, LATER);
    const relationships = async () =>
      (await getRoundResults(await accessOf(lead), first, LATER))!.results!.factors.find((f) => f.factorKey === "relationships")!.mean;
    const bands = async () => (await getAssessmentSummary(await accessOf(lead), LATER)).lastClosed!.bands;
    // Five 2s and a 1.
    expect(await relationships()).toBe(1.8);
    expect(await bands()).toEqual({ strength: 11, discuss: 0, concern: 1 });
    await prisma.user.delete({ where: { id: social[0]!.id } });
    expect(await relationships()).toBe(2);
    expect((await getAssessmentSummary(await accessOf(lead), LATER)).lastClosed!.submitted).toBe(5);
  });
});

describe("through the pages' forms", () => {
  const post = async (user: SessionUser, roundId: string, path: string, entries: Record<string, string>) => {
    const body = new FormData();
    for (const [name, value] of Object.entries(entries)) body.append(name, value);
    return requestAs(user, `/initiatives/${initiativeId}/assessment/${roundId}${path}`, { method: "POST", body });
  };
  // The pages work to the real clock, so the round is open from now.
  const openNow = () => open("Autumn review", toCalendarDateString(calendarToday(new Date(Date.now() + 30 * 86_400_000))), new Date());
  const complete = () => ({
    intent: "submit",
    ...Object.fromEntries(SUCCESS_FACTORS.map((f) => [`factors.${f.key}`, "4"])),
    "challenges.funding_resources": "major",
    "challenges.time": "minor",
    "challenges.different_approaches": "minor",
    "challenges.role_clarity": "none",
    "challenges.competing_priorities": "minor",
    "challenges.recruitment": "none",
  });

  test("a forged form (a score of 7, an unknown factor) is refused with 400 and nothing is stored; a real one is saved", async () => {
    const roundId = await openNow();
    const params = { initiativeId, roundId };
    for (const forged of [
      { ...complete(), "factors.commitment": "7" },
      { ...complete(), "factors.team_spirit": "5" },
      { ...complete(), "challenges.weather": "major" },
    ]) {
      const request = await post(social[0]!, roundId, "/respond", forged);
      expect(await statusOf(() => respondAction({ request, params, context: routeContext }))).toBe(400);
    }
    expect(await storedRows()).toEqual({ responses: 0, factors: 0, challenges: 0, benefits: 0 });
    const request = await post(social[0]!, roundId, "/respond", complete());
    expect(await statusOf(() => respondAction({ request, params, context: routeContext }))).toBe(302);
    expect(await storedRows()).toMatchObject({ responses: 1, factors: 12, challenges: 6 });
    // The same form again, without the response's id: a second response, refused.
    const again = await post(social[0]!, roundId, "/respond", complete());
    expect(await statusOf(() => respondAction({ request: again, params, context: routeContext }))).toBe(400);
    expect(await storedRows()).toMatchObject({ responses: 1 });
  });

  test("the lead's reminder from the round's page: sent once, refused the second time with when; a coordinator's or member's post is refused (403)", async () => {
    const roundId = await openNow();
    const params = { initiativeId, roundId };
    const remind = async (user: SessionUser) =>
      roundAction({ request: await post(user, roundId, "", { intent: "remind" }), params, context: routeContext });
    await prisma.membership.updateMany({ where: { initiativeId, userId: health[1]!.id }, data: { role: "coordinator" } });
    for (const user of [health[1]!, social[0]!]) expect(await statusOf(() => remind(user))).toBe(403);
    expect(await prisma.assessmentReminder.count()).toBe(0);
    const sent = (await remind(lead)) as Response;
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/initiatives/${initiativeId}/assessment/${roundId}?done=reminded&count=9`);
    const again = await remind(lead);
    expect(again).toMatchObject({ init: { status: 400 }, data: { reminderRefused: expect.stringContaining("the next can be sent from") } });
    expect(await prisma.assessmentReminder.count({ where: { roundId } })).toBe(1);
  });

  test("only the lead may turn a concern into an action: a member's post is refused (403) and recorded", async () => {
    const roundId = await openNow();
    const request = await post(social[0]!, roundId, "", {
      intent: "create-action",
      factorKey: "relationships",
      title: "Do better",
      ownerId: lead.id,
      dueDate: "2027-01-31",
    });
    expect(await statusOf(() => roundAction({ request, params: { initiativeId, roundId }, context: routeContext }))).toBe(403);
    expect(await prisma.auditEvent.count({ where: { initiativeId, action: "access.refused", actorId: social[0]!.id } })).toBe(1);
    expect(await prisma.actionItem.count({ where: { initiativeId } })).toBe(0);
  });
});
