import { beforeAll, describe, expect, test } from "vitest";
import { ACTIVITY_PAGE_SIZE, loadActivity, parseActivityFilters } from "~/modules/activity/queries.server";
import { activityCsv } from "~/modules/activity/exports.server";
import { loader as activityLoader } from "~/routes/activity";
import { loader as activityCsvLoader } from "~/routes/activity[.]csv";
import { prisma } from "~/utils/db.server";
import { withRequestMemo } from "~/utils/request-memo.server";
import { createAgency, createUser, requestAs, routeContext, statementsOf } from "../fixtures";

/**
 * The audit of activity as the portal grows: the list of initiatives a page at a time, the CSV
 * with every one, and the same number of queries at any size (issue 10). Initiatives are written
 * with createMany: what matters here is how many there are.
 */
const NOW = new Date("2026-11-26T12:00:00Z");
let agencies: Array<{ id: string }> = [];
let creatorId = "";
let made = 0;

/** `count` more initiatives, each with two agencies, a member, a funding stream with spending and a closed round of three responses. */
async function addInitiatives(count: number, status: "active" | "paused" = "active") {
  const first = made;
  made += count;
  const numbers = Array.from({ length: count }, (_, i) => first + i);
  const id = (kind: string, n: number) => `pages-${kind}-${String(n).padStart(5, "0")}`;
  await prisma.initiative.createMany({
    data: numbers.map((n) => ({
      id: id("i", n),
      name: `Paged initiative ${String(n).padStart(5, "0")}`,
      targetGroup: "Children in need",
      modelOfActivity: "decision_making_group",
      aims: "Generated for the paging test.",
      localAuthority: "Northshire County Council",
      status,
      startDate: new Date("2025-04-01T00:00:00Z"),
    })),
  });
  await prisma.initiativeAgency.createMany({
    data: numbers.flatMap((n) => [0, 1].map((j) => ({ initiativeId: id("i", n), agencyId: agencies[(n + j) % agencies.length]!.id }))),
  });
  await prisma.membership.createMany({
    data: numbers.map((n) => ({ initiativeId: id("i", n), userId: creatorId, role: "lead", agencyId: agencies[n % agencies.length]!.id })),
  });
  await prisma.fundingStream.createMany({
    data: numbers.map((n) => ({
      id: id("s", n),
      initiativeId: id("i", n),
      name: "Pooled",
      type: "pooled",
      funderName: "Trust",
      status: "confirmed",
      startDate: new Date("2026-04-01T00:00:00Z"),
      endDate: new Date("2027-03-31T00:00:00Z"),
      createdById: creatorId,
    })),
  });
  await prisma.fundingAmount.createMany({ data: numbers.map((n) => ({ streamId: id("s", n), financialYear: 2026, amountPence: 1_200_000 })) });
  await prisma.expenditure.createMany({
    data: numbers.map((n) => ({
      streamId: id("s", n),
      spentOn: new Date("2026-10-01T00:00:00Z"),
      amountPence: 100_000,
      category: "Staff",
      description: "Key worker",
      approvedBy: "Lead",
      createdById: creatorId,
    })),
  });
  await prisma.assessmentRound.createMany({
    data: numbers.map((n) => ({
      id: id("r", n),
      initiativeId: id("i", n),
      title: "Autumn",
      closesOn: new Date("2026-10-01T00:00:00Z"),
      createdById: creatorId,
    })),
  });
  const responders = await Promise.all([0, 1, 2].map(() => createUser({ agencyId: agencies[0]!.id })));
  await prisma.assessmentResponse.createMany({
    data: numbers.flatMap((n) =>
      responders.map((person, k) => ({
        id: id(`p${k}`, n),
        roundId: id("r", n),
        userId: person.id,
        agencyId: person.agencyId,
        submittedAt: new Date("2026-09-20T00:00:00Z"),
      })),
    ),
  });
  await prisma.factorRating.createMany({
    data: numbers.flatMap((n) => [0, 1, 2].map((k) => ({ responseId: id(`p${k}`, n), factorKey: "commitment", rating: 3 + k }))),
  });
  await prisma.challengeRating.createMany({
    data: numbers.flatMap((n) => [0, 1, 2].map((k) => ({ responseId: id(`p${k}`, n), challengeKey: "time", severity: "significant" }))),
  });
  await prisma.benefitReport.createMany({ data: numbers.map((n) => ({ responseId: id("p0", n), benefitKey: "communication", example: "" })) });
}

async function filtersOf(query: string) {
  const parsed = await parseActivityFilters(new URLSearchParams(query));
  if (!parsed.filters) throw new Error(JSON.stringify(parsed.errors));
  return parsed.filters;
}

beforeAll(async () => {
  agencies = await Promise.all([createAgency("health"), createAgency("education"), createAgency("social_services")]);
  creatorId = (await createUser({ agencyId: agencies[0]!.id })).id;
  await addInitiatives(60);
});

describe("the list of initiatives, a page at a time", () => {
  test("the first page has the first 20 by name; the counts and results are of every initiative", async () => {
    const data = await loadActivity(await filtersOf(""), NOW);
    expect(data.total).toBe(60);
    expect(data.page).toMatchObject({ number: 1, count: 3, first: 1, last: ACTIVITY_PAGE_SIZE, pastTheEnd: false });
    expect(data.health).toHaveLength(ACTIVITY_PAGE_SIZE);
    expect(data.health[0]!.name).toBe("Paged initiative 00000");
    expect(data.health.at(-1)!.name).toBe("Paged initiative 00019");
    expect(data.tables.find((t) => t.id === "status")!.rows).toEqual([{ key: "active", label: "Active", count: 60 }]);
    expect(data.assessedCount).toBe(60);
    // Ratings 3, 4 and 5 in every initiative.
    expect(data.factors.find((f) => f.key === "commitment")).toMatchObject({ mean: 4, initiatives: 60 });
    expect(data.health[0]).toMatchObject({
      memberCount: 1,
      cashPence: 1_200_000,
      balancePence: 1_100_000,
      assessment: { title: "Autumn", bands: { strength: 1, discuss: 0, concern: 0 } },
    });
  });

  test("the last page has the rest, and a page past the end has none but says how many there are", async () => {
    const last = await loadActivity(await filtersOf("page=3"), NOW);
    expect(last.page).toMatchObject({ number: 3, count: 3, first: 41, last: 60, pastTheEnd: false });
    expect(last.health.map((h) => h.name)).toEqual(Array.from({ length: 20 }, (_, i) => `Paged initiative ${String(40 + i).padStart(5, "0")}`));
    const beyond = await loadActivity(await filtersOf("page=4"), NOW);
    expect(beyond.page).toMatchObject({ number: 4, count: 3, pastTheEnd: true });
    expect(beyond.health).toEqual([]);
    expect(beyond.total).toBe(60);
  });

  test("pages follow the filters", async () => {
    // Agencies go round health, education, social services, and initiative n has agencies n and
    // n + 1: health and education are every third initiative from the first.
    const filtered = await loadActivity(await filtersOf("status=active&combination=health_education"), NOW);
    expect(filtered.total).toBe(20);
    expect(filtered.page).toMatchObject({ number: 1, count: 1, first: 1, last: 20 });
    expect(filtered.health.map((h) => h.combination)).toEqual(Array(20).fill("Health and education"));
    const second = await loadActivity(await filtersOf("status=active&combination=health_education&page=2"), NOW);
    expect(second.page).toMatchObject({ number: 2, count: 1, pastTheEnd: true });
  });

  test.each([
    ["page=two", "The page must be a whole number"],
    ["page=1.5", "The page must be a whole number"],
    ["page=0", "The page must be 1 or more"],
    ["page=-2", "The page must be 1 or more"],
  ])("%s is explained like a bad filter, and no figures are given instead", async (query, message) => {
    const parsed = await parseActivityFilters(new URLSearchParams(query));
    expect(parsed.filters).toBeNull();
    expect(parsed.errors.page).toBe(message);
    const admin = await createUser({ isAdmin: true });
    const page = (await activityLoader({
      request: await requestAs(admin, `/activity?status=active&${query}`),
      params: {},
      context: routeContext,
    })) as {
      activity: unknown;
      errors: Record<string, string>;
      filtered: boolean;
    };
    expect(page.activity).toBeNull();
    expect(page.errors).toEqual({ page: message });
  });

  test("the CSV has every initiative matching the filters, whatever page its link was on", async () => {
    const rows = (await activityCsv(await filtersOf(""), "initiatives", NOW))!.trim().split("\r\n");
    expect(rows).toHaveLength(61);
    const admin = await createUser({ isAdmin: true });
    const response = (await activityCsvLoader({
      request: await requestAs(admin, "/activity.csv?table=initiatives&page=3"),
      params: {},
      context: routeContext,
    })) as Response;
    expect(response.status).toBe(200);
    expect((await response.text()).trim().split("\r\n")).toHaveLength(61);
  });

  test("a closed round's results are worked out again when its responses change", async () => {
    const before = await loadActivity(await filtersOf(""), NOW);
    expect(before.factors.find((f) => f.key === "commitment")!.mean).toBe(4);
    // A fourth response rating commitment 1 in the first initiative's round: its mean is 3.3, not 4.0.
    const person = await createUser({ agencyId: agencies[0]!.id });
    await prisma.assessmentResponse.create({
      data: {
        roundId: "pages-r-00000",
        userId: person.id,
        agencyId: person.agencyId,
        submittedAt: new Date("2026-09-21T00:00:00Z"),
        factors: { create: [{ factorKey: "commitment", rating: 1 }] },
      },
    });
    const after = await loadActivity(await filtersOf(""), NOW);
    expect(after.health[0]!.assessment!.bands).toEqual({ strength: 0, discuss: 1, concern: 0 });
    // (59 × 4.0 + 3.3) / 60 = 3.99 → 4.0
    expect(after.factors.find((f) => f.key === "commitment")!.mean).toBe(4);
    expect(after.factors.find((f) => f.key === "commitment")!.band).toBe("strength");
  });
});

describe("what the audit reads across every initiative is kept between views until it changes (decision 016)", () => {
  /** A round of the second initiative with three submitted responses, closing at the end of `closesOn` in London. */
  async function addRound(title: string, closesOn: string) {
    const round = await prisma.assessmentRound.create({
      data: { initiativeId: "pages-i-00001", title, closesOn: new Date(`${closesOn}T00:00:00Z`), createdById: creatorId },
    });
    for (const rating of [1, 1, 2]) {
      const person = await createUser({ agencyId: agencies[0]!.id });
      await prisma.assessmentResponse.create({
        data: {
          roundId: round.id,
          userId: person.id,
          agencyId: person.agencyId,
          submittedAt: new Date("2026-11-20T00:00:00Z"),
          factors: { create: [{ factorKey: "commitment", rating }] },
        },
      });
    }
    return round;
  }
  const secondLine = async (now: Date) => (await loadActivity(await filtersOf(""), now)).health[1]!;

  test("a view with nothing changed reads no row of every initiative, only of its own page", async () => {
    const filters = await filtersOf("");
    await loadActivity(filters, NOW);
    // Something in the audit's tables changed: everything is read again.
    await prisma.initiative.update({ where: { id: "pages-i-00059" }, data: { targetGroup: "Children in need" } });
    const afterChange = await statementsOf(() => loadActivity(filters, NOW));
    const unchanged = await statementsOf(() => loadActivity(filters, NOW));
    expect(unchanged).toBeLessThan(afterChange);
  });

  test("a round closed early shows on the next view, through any instance: the database counts the change", async () => {
    const round = await addRound("Winter", "2026-12-31");
    expect((await secondLine(NOW)).assessment?.title).toBe("Autumn");
    await prisma.assessmentRound.update({ where: { id: round.id }, data: { closedAt: new Date("2026-11-26T09:00:00Z") } });
    expect((await secondLine(NOW)).assessment).toEqual({ title: "Winter", bands: { strength: 0, discuss: 0, concern: 1 } });
    await prisma.assessmentRound.delete({ where: { id: round.id } });
    expect((await secondLine(NOW)).assessment?.title).toBe("Autumn");
  });

  test("a round reaching the end of its closing day shows without any change to the data", async () => {
    // NOW is midday on 26 November: the round closes at midnight, London time (GMT in November).
    const round = await addRound("Late autumn", "2026-11-26");
    expect((await secondLine(NOW)).assessment?.title).toBe("Autumn");
    expect((await secondLine(new Date("2026-11-26T23:59:59Z"))).assessment?.title).toBe("Autumn");
    expect((await secondLine(new Date("2026-11-27T00:00:00Z"))).assessment?.title).toBe("Late autumn");
    // Asked about an earlier moment again, it answers for that moment.
    expect((await secondLine(NOW)).assessment?.title).toBe("Autumn");
    await prisma.assessmentRound.delete({ where: { id: round.id } });
  });

  test("each line's meetings of the last 12 months follow a meeting added or cancelled, and the clock with nothing changed", async () => {
    const line = await secondLine(NOW);
    const heldAt = async (moment: string) => (await secondLine(new Date(moment))).meetingsLastYear;
    const meeting = (startsAt: string) =>
      prisma.meeting.create({
        data: {
          initiativeId: line.id,
          title: "Review",
          type: "review",
          startsAt: new Date(startsAt),
          endsAt: new Date(new Date(startsAt).getTime() + 3_600_000),
          createdById: creatorId,
        },
      });
    // Tomorrow's meeting counts from the moment it starts, though nothing changes then.
    const tomorrow = await meeting("2026-11-27T10:00:00Z");
    expect(await heldAt(NOW.toISOString())).toBe(line.meetingsLastYear);
    expect(await heldAt("2026-11-27T09:59:59.999Z")).toBe(line.meetingsLastYear);
    expect(await heldAt("2026-11-27T10:00:00Z")).toBe(line.meetingsLastYear + 1);
    // Cancelled, it no longer counts, on the next view.
    await prisma.meeting.update({ where: { id: tomorrow.id }, data: { status: "cancelled" } });
    expect(await heldAt("2026-11-27T10:00:00Z")).toBe(line.meetingsLastYear);
    // One held a year ago (365 days) counts up to that moment a year on, and not after it.
    const yearAgo = await meeting("2025-12-01T10:00:00Z");
    expect(await heldAt("2026-11-30T10:00:00Z")).toBe(line.meetingsLastYear + 1);
    expect(await heldAt("2026-12-01T10:00:00Z")).toBe(line.meetingsLastYear + 1);
    expect(await heldAt("2026-12-01T10:00:00.001Z")).toBe(line.meetingsLastYear);
    await prisma.meeting.deleteMany({ where: { id: { in: [tomorrow.id, yearAgo.id] } } });
    expect(await heldAt(NOW.toISOString())).toBe(line.meetingsLastYear);
  });

  test("the counts follow a change of an initiative's status or reasons on the next view", async () => {
    const rows = async (table: string) => (await loadActivity(await filtersOf(""), NOW)).tables.find((t) => t.id === table)!.rows;
    expect(await rows("status")).toEqual([expect.objectContaining({ key: "active", count: 60 })]);
    expect(await rows("rationale")).toEqual([]);
    await prisma.initiative.update({ where: { id: "pages-i-00002" }, data: { status: "paused" } });
    await prisma.initiativeRationale.create({ data: { initiativeId: "pages-i-00002", rationale: "government_agenda" } });
    expect((await rows("status")).map((r) => [r.key, r.count])).toEqual([
      ["active", 59],
      ["paused", 1],
    ]);
    expect((await rows("rationale")).map((r) => [r.key, r.count])).toEqual([["government_agenda", 1]]);
    await prisma.initiativeRationale.deleteMany({ where: { initiativeId: "pages-i-00002" } });
    await prisma.initiative.update({ where: { id: "pages-i-00002" }, data: { status: "active" } });
    expect(await rows("rationale")).toEqual([]);
  });

  test("a new agency changes the initiative's combination on the next view", async () => {
    // Education and social services; a health agency makes all three.
    const before = (await secondLine(NOW)).combination;
    const other = await createAgency("health");
    await prisma.initiativeAgency.create({ data: { initiativeId: "pages-i-00001", agencyId: other.id } });
    expect((await secondLine(NOW)).combination).toBe("Health, social services and education");
    await prisma.initiativeAgency.delete({ where: { initiativeId_agencyId: { initiativeId: "pages-i-00001", agencyId: other.id } } });
    expect((await secondLine(NOW)).combination).toBe(before);
  });

  test("someone joining or leaving, or an agency renamed, shows in the initiative's line on the next view", async () => {
    const before = await secondLine(NOW);
    const user = await createUser({ agencyId: agencies[0]!.id });
    await prisma.membership.create({ data: { initiativeId: before.id, userId: user.id, role: "member", agencyId: agencies[0]!.id } });
    expect((await secondLine(NOW)).memberCount).toBe(before.memberCount + 1);
    await prisma.agency.update({ where: { id: agencies[0]!.id }, data: { name: `Renamed ${agencies[0]!.id}` } });
    expect((await secondLine(NOW)).members.map((m) => m.agency)).toContain(`Renamed ${agencies[0]!.id}`);
    await prisma.membership.deleteMany({ where: { userId: user.id } });
    expect((await secondLine(NOW)).memberCount).toBe(before.memberCount);
  });
});

test("the page makes the same number of queries however many initiatives there are", async () => {
  /** A view as a page request makes it: reading the filters asks for every version the view checks, together. */
  const view = () => withRequestMemo(async () => loadActivity(await filtersOf(""), NOW));
  /** Statements of a view read afresh after a change, and of the next view, which keeps that reading. */
  const counts = async () => {
    // The first view of a closed round works out its figures; later views reuse them.
    await view();
    await prisma.dataVersion.update({ where: { scope: "audit" }, data: { version: { increment: 1 } } });
    const readAgain = await statementsOf(view);
    const kept = await statementsOf(view);
    return { readAgain, kept };
  };
  const small = await counts();
  // A kept view reads nothing but the data versions, all in one statement.
  expect(small.kept).toBe(1);
  expect(small.readAgain).toBeGreaterThan(small.kept + 5);
  // Over a thousand more: more than SQLite lets one statement bind (999 by Prisma's reckoning).
  await addInitiatives(1_100, "paused");
  expect(await counts()).toEqual(small);
  const data = await loadActivity(await filtersOf("page=40"), NOW);
  expect(data.total).toBe(1_160);
  expect(data.health).toHaveLength(ACTIVITY_PAGE_SIZE);
}, 60_000);
