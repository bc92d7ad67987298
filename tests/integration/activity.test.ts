import { beforeAll, describe, expect, test } from "vitest";
import { activityCsv } from "~/modules/activity/exports.server";
import { loadActivity, parseActivityFilters } from "~/modules/activity/queries.server";
import { prisma } from "~/utils/db.server";
import { loader as activityLoader } from "~/routes/activity";
import { createAgency, createUser, requestAs, routeContext } from "../fixtures";

/**
 * The audit of activity on a generated set of initiatives whose answers are known: 12
 * initiatives, a third of each agency combination, statuses and target groups in a fixed pattern.
 */
const NOW = new Date("2026-11-26T12:00:00Z");
const DAY = 86_400_000;
const COMBINATIONS = [
  { sectors: ["health", "social_services", "education"], key: "health_social_services_education" },
  { sectors: ["social_services", "education"], key: "social_services_education" },
  { sectors: ["health", "education"], key: "health_education" },
] as const;
const STATUSES = ["active", "active", "paused", "closed"] as const;
const GROUPS = ["Looked-after children", "Children with SEND"] as const;
const names: string[] = [];
let firstId = "";

beforeAll(async () => {
  const agencies = {
    health: await createAgency("health"),
    social_services: await createAgency("social_services"),
    education: await createAgency("education"),
  };
  const lead = await createUser({ agencyId: agencies.health.id });
  for (let i = 0; i < 12; i++) {
    const combination = COMBINATIONS[i % 3]!;
    const name = `Generated initiative ${String(i).padStart(2, "0")}`;
    names.push(name);
    const initiative = await prisma.initiative.create({
      data: {
        name,
        targetGroup: GROUPS[i % 2]!,
        modelOfActivity: i < 8 ? "decision_making_group" : "operational_team_delivery",
        aims: "Generated for the audit test.",
        localAuthority: i < 6 ? "Northshire County Council" : "Southvale Borough Council",
        status: STATUSES[i % 4]!,
        startDate: new Date(Date.UTC(2024 + (i % 3), 3, 1)),
        endDate: i === 11 ? new Date("2025-03-31T00:00:00Z") : null,
        rationales: {
          create: i % 2 === 0 ? [{ rationale: "target_group_needs" }, { rationale: "government_agenda" }] : [{ rationale: "target_group_needs" }],
        },
        agencies: { create: combination.sectors.map((sector) => ({ agencyId: agencies[sector].id })) },
      },
    });
    if (i === 0) firstId = initiative.id;
    // Members: one per agency of the initiative, and a second health member in the first.
    for (const sector of combination.sectors) {
      const person = await createUser({ agencyId: agencies[sector].id });
      await prisma.membership.create({ data: { initiativeId: initiative.id, userId: person.id, role: "member", agencyId: agencies[sector].id } });
    }
    // i meetings in the last year (all held), and one cancelled and one 13 months ago that never count.
    for (let m = 0; m < i; m++) {
      await prisma.meeting.create({
        data: {
          initiativeId: initiative.id,
          title: "Group",
          type: "strategic_planning",
          startsAt: new Date(NOW.getTime() - (m + 1) * 20 * DAY),
          endsAt: new Date(NOW.getTime() - (m + 1) * 20 * DAY + 3_600_000),
          createdById: lead.id,
        },
      });
    }
    await prisma.meeting.create({
      data: {
        initiativeId: initiative.id,
        title: "Off",
        type: "review",
        status: "cancelled",
        startsAt: new Date(NOW.getTime() - 5 * DAY),
        endsAt: new Date(NOW.getTime() - 5 * DAY + 3_600_000),
        createdById: lead.id,
      },
    });
    await prisma.meeting.create({
      data: {
        initiativeId: initiative.id,
        title: "Old",
        type: "review",
        startsAt: new Date(NOW.getTime() - 400 * DAY),
        endsAt: new Date(NOW.getTime() - 400 * DAY + 3_600_000),
        createdById: lead.id,
      },
    });
  }
  const second = await createUser({ agencyId: agencies.health.id });
  await prisma.membership.create({ data: { initiativeId: firstId, userId: second.id, role: "member", agencyId: agencies.health.id } });
  // £120,000 for the first, over its year, with £10,000 spent in each of the last three months.
  const stream = await prisma.fundingStream.create({
    data: {
      initiativeId: firstId,
      name: "Pooled",
      type: "pooled",
      agencyId: agencies.health.id,
      status: "confirmed",
      startDate: new Date("2026-04-01T00:00:00Z"),
      endDate: new Date("2028-03-31T00:00:00Z"),
      createdById: lead.id,
      amounts: { create: [{ financialYear: 2026, amountPence: 12_000_000 }] },
    },
  });
  for (const daysAgo of [10, 40, 70]) {
    await prisma.expenditure.create({
      data: {
        streamId: stream.id,
        spentOn: new Date(Date.UTC(2026, 10, 26) - daysAgo * DAY),
        amountPence: 1_000_000,
        category: "Staff",
        description: "Key worker",
        approvedBy: "Lead",
        createdById: lead.id,
      },
    });
  }
});

const counts = (data: Awaited<ReturnType<typeof loadActivity>>, table: string) =>
  Object.fromEntries(data.tables.find((t) => t.id === table)!.rows.map((r) => [r.label, r.count]));

async function filtersOf(query: string) {
  const parsed = await parseActivityFilters(new URLSearchParams(query));
  if (!parsed.filters) throw new Error(JSON.stringify(parsed.errors));
  return parsed.filters;
}

describe("counts across every initiative", () => {
  test("by status, target group, model, rationale, local authority and agency combination", async () => {
    const data = await loadActivity(await filtersOf(""), NOW);
    expect(data.total).toBe(12);
    expect(counts(data, "status")).toEqual({ Active: 6, Paused: 3, Closed: 3 });
    expect(counts(data, "target_group")).toEqual({ "Looked-after children": 6, "Children with SEND": 6 });
    expect(Object.values(counts(data, "model"))).toEqual([8, 4]);
    expect(Object.values(counts(data, "rationale"))).toEqual([12, 6]);
    expect(counts(data, "local_authority")).toEqual({ "Northshire County Council": 6, "Southvale Borough Council": 6 });
    expect(counts(data, "combination")).toEqual({
      "Health, social services and education": 4,
      "Social services and education": 4,
      "Health and education": 4,
    });
  });

  test("each initiative's line: members by agency, meetings held in the last 12 months, budget and months left", async () => {
    const data = await loadActivity(await filtersOf(""), NOW);
    const first = data.health.find((h) => h.id === firstId)!;
    expect(first.memberCount).toBe(4);
    expect(first.members.map((m) => m.count).sort()).toEqual([1, 1, 2]);
    expect(first.meetingsLastYear).toBe(0);
    expect(first.cashPence).toBe(12_000_000);
    expect(first.balancePence).toBe(9_000_000);
    // £30,000 in 90 days is about £10,100 a month: £90,000 lasts about 8 months.
    expect(first.monthsLeft).toBe(8);
    const byName = new Map(data.health.map((h) => [h.name, h]));
    names.forEach((name, i) => expect(byName.get(name)!.meetingsLastYear).toBe(i));
    expect(byName.get(names[5]!)!.cashPence).toBe(0);
    expect(byName.get(names[5]!)!.monthsLeft).toBeNull();
  });

  test("filters apply to every table together", async () => {
    const data = await loadActivity(await filtersOf("combination=health_education&status=active"), NOW);
    // Health and education are 2, 5, 8, 11; active are 0, 1, 4, 5, 8, 9.
    expect(data.health.map((h) => h.name)).toEqual([names[5], names[8]]);
    expect(counts(data, "status")).toEqual({ Active: 2 });
    expect(counts(data, "combination")).toEqual({ "Health and education": 2 });
    const groups = await loadActivity(await filtersOf("targetGroup=Children+with+SEND"), NOW);
    expect(groups.total).toBe(6);
  });

  test("a date range keeps the initiatives running at some time within it", async () => {
    // Starts: 2024 (0, 3, 6, 9), 2025 (1, 4, 7, 10), 2026 (2, 5, 8, 11): the first eight had started.
    // 11 ended in March 2025 (before it started: only its end date matters here).
    const data = await loadActivity(await filtersOf("from=2024-06-01&to=2025-12-31"), NOW);
    expect(data.total).toBe(8);
    const ended = await loadActivity(await filtersOf("from=2025-06-01"), NOW);
    expect(ended.health.map((h) => h.name)).not.toContain(names[11]);
  });
});

describe("bad filters", () => {
  test.each([
    ["combination=all_four", "combination", "Choose an agency combination from the list"],
    ["status=sleeping", "status", "Choose a status from the list"],
    ["from=2026-02-30", "from", "Enter the “from” date as a real date, like 2026-04-01"],
    ["from=2026-05-01&to=2026-04-01", "to", "The “to” date must be on or after the “from” date"],
    ["targetGroup=Pensioners", "targetGroup", "No initiative has the target group “Pensioners”: choose one from the list"],
  ])("%s is explained, and no figures are given instead", async (query, field, message) => {
    const parsed = await parseActivityFilters(new URLSearchParams(query));
    expect(parsed.filters).toBeNull();
    expect(parsed.errors[field]).toBe(message);
    const admin = await createUser({ isAdmin: true });
    const page = (await activityLoader({ request: await requestAs(admin, `/activity?${query}`), params: {}, context: routeContext })) as {
      activity: unknown;
      errors: Record<string, string>;
    };
    expect(page.activity).toBeNull();
    expect(page.errors[field]).toBe(message);
  });
});

test("every table exports as CSV with the same figures", async () => {
  const paused = await filtersOf("status=paused");
  expect(await activityCsv(paused, "status", NOW)).toBe("Status,Initiatives\r\nPaused,3\r\n");
  const rows = (await activityCsv(paused, "initiatives", NOW))!.trim().split("\r\n");
  expect(rows).toHaveLength(4);
  expect(rows[0]).toMatch(/^Initiative,Status,Agency combination,Members/);
  expect(await activityCsv(paused, "nonsense", NOW)).toBeNull();
});

describe("self-assessment across initiatives: closed rounds only, aggregates only", () => {
  /** A round on the initiative with one submitted response per rating given (every factor rated the same). */
  async function round(initiativeName: string, ratings: number[], options: { open?: boolean; challenge?: "none" | "major"; benefit?: boolean } = {}) {
    const initiative = await prisma.initiative.findFirstOrThrow({ where: { name: initiativeName }, select: { id: true } });
    const creator = await createUser();
    const created = await prisma.assessmentRound.create({
      data: {
        initiativeId: initiative.id,
        title: `Round ${ratings.join("")}`,
        closesOn: new Date(options.open ? "2099-01-01T00:00:00Z" : "2026-10-01T00:00:00Z"),
        createdById: creator.id,
      },
    });
    for (const rating of ratings) {
      const person = await createUser();
      await prisma.assessmentResponse.create({
        data: {
          roundId: created.id,
          userId: person.id,
          agencyId: person.agencyId,
          submittedAt: new Date("2026-09-20T00:00:00Z"),
          factors: {
            create: [
              { factorKey: "commitment", rating },
              { factorKey: "joint_funding", rating: 6 - rating },
            ],
          },
          challenges: { create: [{ challengeKey: "funding_resources", severity: options.challenge ?? "none" }] },
          benefits: { create: options.benefit ? [{ benefitKey: "communication", example: "" }] : [] },
        },
      });
    }
  }

  beforeAll(async () => {
    // 00 is all three sectors; 01 social services and education; 03 all three again.
    await round(names[0]!, [5, 5, 4], { challenge: "major", benefit: true }); // commitment 4.7
    await round(names[1]!, [3, 3, 3], { challenge: "major" }); // 3.0
    await round(names[3]!, [2, 2, 2], { benefit: true }); // 2.0
    await round(names[3]!, [5, 5, 5], { open: true }); // open: never counted
    await round(names[4]!, [1, 1]); // two responses: too few to count
  });

  test("each initiative's latest closed round counts once; open rounds and rounds under three responses do not", async () => {
    const data = await loadActivity(await filtersOf(""), NOW);
    expect(data.assessedCount).toBe(3);
    const commitment = data.factors.find((f) => f.key === "commitment")!;
    // (4.7 + 3.0 + 2.0) / 3 = 3.2
    expect(commitment).toMatchObject({ mean: 3.2, band: "discuss", initiatives: 3 });
    expect(commitment.byCombination).toMatchObject({
      health_social_services_education: { mean: 3.4, stressed: true },
      social_services_education: { mean: 3, stressed: true },
    });
    const jointFunding = data.factors.find((f) => f.key === "joint_funding")!;
    expect(jointFunding.byCombination.health_social_services_education).toMatchObject({ stressed: true });
    expect(jointFunding.byCombination.social_services_education).toMatchObject({ stressed: false });
    const first = data.health.find((h) => h.name === names[0])!;
    expect(first.assessment).toMatchObject({ title: "Round 554", bands: { strength: 1, discuss: 0, concern: 1 } });
    expect(data.health.find((h) => h.name === names[4])!.assessment).toBeNull();
  });

  test("challenges by how many initiatives rate them significant or worse; benefits by how many report them", async () => {
    const data = await loadActivity(await filtersOf(""), NOW);
    expect(data.challenges[0]).toMatchObject({ key: "funding_resources", serious: 2, initiatives: 3 });
    expect(data.benefits[0]).toMatchObject({ key: "communication", initiatives: 2, respondents: 6 });
    expect(await activityCsv(await filtersOf(""), "benefits", NOW)).toContain("Improved communication and information sharing,2,6");
  });

  test("filters apply to the aggregates too", async () => {
    const data = await loadActivity(await filtersOf("combination=social_services_education"), NOW);
    expect(data.assessedCount).toBe(1);
    expect(data.factors.find((f) => f.key === "commitment")!.mean).toBe(3);
  });
});
