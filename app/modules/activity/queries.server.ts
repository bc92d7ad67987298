import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { BAND_LABELS, bandOf, meanOf, SEVERITY_SCORES } from "~/modules/assessment/aggregate";
import { latestClosedResultsOf, nextRoundEndAfter, type ClosedRoundResult } from "~/modules/assessment/queries.server";
import { budgetsOf } from "~/modules/funding/queries.server";
import {
  AGENCY_COMBINATION_LABELS,
  agencyCombination,
  BENEFITS,
  CHALLENGES,
  factorsStressedFor,
  SUCCESS_FACTORS,
  INITIATIVE_STATUSES,
  labelOf,
  MODELS_OF_ACTIVITY,
  RATIONALES,
  type AgencyCombination,
} from "~/modules/study/study";
import { askForVersionsTogether, keptUntilChanged, keptWhileUnchanged } from "~/utils/data-version.server";
import { prisma } from "~/utils/db.server";
import { DAY_MS, parseCalendarDate } from "~/utils/dates";

/**
 * The audit of activity: every initiative in the portal at a glance, for administrators and
 * those they grant it, as the study gathered it by survey. The counts and the self-assessment
 * across initiatives are summed by the database; the details of each initiative (members,
 * meetings, budget, latest self-assessment) are read for one page of initiatives at a time. So
 * the page makes the same number of queries however many initiatives there are, and reads a row
 * or two per initiative at most, never one per member, meeting, payment or answer (issue 10).
 */

/** Initiatives on a page of the audit; the CSV has them all. */
export const ACTIVITY_PAGE_SIZE = 20;

const COMBINATION_KEYS = Object.keys(AGENCY_COMBINATION_LABELS) as [AgencyCombination, ...AgencyCombination[]];
const STATUS_KEYS = INITIATIVE_STATUSES.map((s) => s.key) as ["active", "paused", "closed"];

/** An empty field of the filter form means "any". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());
const date = (message: string) => z.string().refine((value) => parseCalendarDate(value) !== null, message);

const ActivityFilterSchema = z
  .object({
    combination: optional(z.enum(COMBINATION_KEYS, { error: "Choose an agency combination from the list" })),
    targetGroup: optional(z.string().max(200, "Choose a target group from the list")),
    status: optional(z.enum(STATUS_KEYS, { error: "Choose a status from the list" })),
    from: optional(date("Enter the “from” date as a real date, like 2026-04-01")),
    to: optional(date("Enter the “to” date as a real date, like 2027-03-31")),
    /** The page of the list of initiatives (1 when absent); the rest of the audit is the same on every page. */
    page: optional(
      z.coerce.number({ error: "The page must be a whole number" }).int("The page must be a whole number").min(1, "The page must be 1 or more"),
    ),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The “to” date must be on or after the “from” date" });
export type ActivityFilters = z.infer<typeof ActivityFilterSchema>;

/** What narrows the audit down; the page is not one of them. */
const FILTER_NAMES = ["combination", "targetGroup", "status", "from", "to"] as const;

/** Reads the filters and page from a URL: them, or the problems with them (never silently none). */
export async function parseActivityFilters(searchParams: URLSearchParams) {
  // Every version the audit's kept readings check, asked for together: one query for the page.
  askForVersionsTogether(["audit", "funding", "meetings", "people"]);
  const raw = Object.fromEntries(FILTER_NAMES.map((name) => [name, searchParams.get(name) ?? undefined]));
  const parsed = ActivityFilterSchema.safeParse({ ...raw, page: searchParams.get("page") ?? undefined });
  const targetGroups = await listTargetGroups();
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  if (parsed.success && parsed.data.targetGroup && !targetGroups.includes(parsed.data.targetGroup)) {
    errors.targetGroup = `No initiative has the target group “${parsed.data.targetGroup}”: choose one from the list`;
  }
  return { filters: Object.keys(errors).length === 0 && parsed.success ? parsed.data : null, errors, raw, targetGroups };
}

/** Every target group an initiative has, for the filter's list: kept while no initiative changes (decision 016). */
function listTargetGroups() {
  return keptUntilChanged("audit", ["target groups"], async () => {
    const rows = await prisma.initiative.groupBy({ by: ["targetGroup"], orderBy: { targetGroup: "asc" } });
    return rows.map((r) => r.targetGroup);
  });
}

const THREE_SECTORS = ["health", "social_services", "education"] as const;
/** Every set of the three main sectors an initiative's agencies can cover, the empty one included. */
const SECTOR_SETS = Array.from({ length: 2 ** THREE_SECTORS.length }, (_, bits) => THREE_SECTORS.filter((_, i) => (bits & (1 << i)) !== 0));

/** The initiatives whose agencies make up `combination`: agencyCombination, as a query. */
function combinationWhere(combination: AgencyCombination): Prisma.InitiativeWhereInput {
  const covering = (sectors: readonly string[]): Prisma.InitiativeWhereInput => ({
    AND: THREE_SECTORS.map((sector) => ({
      agencies: sectors.includes(sector) ? { some: { agency: { sector } } } : { none: { agency: { sector } } },
    })),
  });
  return { OR: SECTOR_SETS.filter((sectors) => agencyCombination(sectors) === combination).map(covering) };
}

function initiativeWhere(filters: ActivityFilters): Prisma.InitiativeWhereInput {
  const from = filters.from ? parseCalendarDate(filters.from)! : null;
  const to = filters.to ? parseCalendarDate(filters.to)! : null;
  return {
    status: filters.status,
    targetGroup: filters.targetGroup,
    // Running at some time within the range: started by its end, not ended before its start.
    ...(to ? { startDate: { lte: to } } : {}),
    ...(from ? { OR: [{ endDate: null }, { endDate: { gte: from } }] } : {}),
    ...(filters.combination ? { AND: [combinationWhere(filters.combination)] } : {}),
  };
}

type CountRow = { key: string; label: string; count: number };
export type CountTable = { id: CountTableId; title: string; rows: CountRow[]; note?: string };
export const COUNT_TABLES = ["status", "target_group", "model", "rationale", "local_authority", "combination"] as const;
type CountTableId = (typeof COUNT_TABLES)[number];

/** Counted rows, most first; of equals, by label. A value no initiative has is left out. */
function countRows(rows: Array<{ key: string; count: number }>, labelFor: (key: string) => string = (key) => key): CountRow[] {
  return rows
    .filter((row) => row.count > 0)
    .map((row) => ({ key: row.key, label: labelFor(row.key), count: row.count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, "en-GB"));
}

/**
 * The agency combination of each initiative matching `where` that has an agency of one of the
 * three sectors (any other is "none of the three"): two queries, a row per such link.
 */
async function combinationsOf(where: Prisma.InitiativeWhereInput) {
  const [links, agencies] = await Promise.all([
    prisma.initiativeAgency.findMany({
      where: { initiative: where, agency: { sector: { in: [...THREE_SECTORS] } } },
      select: { initiativeId: true, agencyId: true },
    }),
    prisma.agency.findMany({ where: { sector: { in: [...THREE_SECTORS] } }, select: { id: true, sector: true } }),
  ]);
  const sectorOf = new Map(agencies.map((a) => [a.id, a.sector]));
  const sectors = new Map<string, string[]>();
  for (const link of links) {
    const present = sectors.get(link.initiativeId) ?? [];
    present.push(sectorOf.get(link.agencyId) ?? "");
    sectors.set(link.initiativeId, present);
  }
  return new Map([...sectors].map(([initiativeId, present]) => [initiativeId, agencyCombination(present)]));
}

/**
 * Every count of the audit, by the database: initiatives by status, target group, model,
 * rationale, local authority and agency combination (`combinations` has each initiative with an
 * agency of one of the three sectors; the rest are "none of the three").
 */
async function countInitiatives(where: Prisma.InitiativeWhereInput, combinations: Map<string, AgencyCombination>) {
  const [byStatus, byTargetGroup, byModel, byLocalAuthority, byRationale] = await Promise.all([
    prisma.initiative.groupBy({ by: ["status"], where, _count: { _all: true } }),
    prisma.initiative.groupBy({ by: ["targetGroup"], where, _count: { _all: true } }),
    prisma.initiative.groupBy({ by: ["modelOfActivity"], where, _count: { _all: true } }),
    prisma.initiative.groupBy({ by: ["localAuthority"], where, _count: { _all: true } }),
    prisma.initiativeRationale.groupBy({ by: ["rationale"], where: { initiative: where }, _count: { _all: true } }),
  ]);
  const total = byStatus.reduce((sum, r) => sum + r._count._all, 0);
  const byCombination = new Map<AgencyCombination, number>([["none", total - combinations.size]]);
  for (const combination of combinations.values()) byCombination.set(combination, (byCombination.get(combination) ?? 0) + 1);
  const tables: CountTable[] = [
    {
      id: "status",
      title: "Status",
      rows: countRows(
        byStatus.map((r) => ({ key: r.status, count: r._count._all })),
        (key) => labelOf(INITIATIVE_STATUSES, key),
      ),
    },
    { id: "target_group", title: "Target group", rows: countRows(byTargetGroup.map((r) => ({ key: r.targetGroup, count: r._count._all }))) },
    {
      id: "model",
      title: "Model of activity",
      rows: countRows(
        byModel.map((r) => ({ key: r.modelOfActivity, count: r._count._all })),
        (key) => labelOf(MODELS_OF_ACTIVITY, key),
      ),
    },
    {
      id: "rationale",
      title: "Why they were started",
      note: "An initiative may have more than one reason, so these add up to more than the number of initiatives.",
      rows: countRows(
        byRationale.map((r) => ({ key: r.rationale, count: r._count._all })),
        (key) => labelOf(RATIONALES, key),
      ),
    },
    {
      id: "local_authority",
      title: "Local authority",
      rows: countRows(byLocalAuthority.map((r) => ({ key: r.localAuthority, count: r._count._all }))),
    },
    {
      id: "combination",
      title: "Agency combination",
      rows: countRows(
        [...byCombination].map(([key, count]) => ({ key, count })),
        (key) => AGENCY_COMBINATION_LABELS[key as AgencyCombination],
      ),
    },
  ];
  return { total, tables };
}

const YEAR_MS = 365 * DAY_MS;

/**
 * A page of the initiatives matching the filters, with their members counted by the agency they
 * represent: kept while no initiative, member or name changes (the "audit" and "people" data
 * versions, decision 016). NOTE: shared: never change it in place.
 */
function pageOfInitiatives(filters: ActivityFilters, slice: { skip: number; take: number }, keep: boolean) {
  if (!keep) return readPageOfInitiatives(filters, slice);
  const key = ["page of initiatives", FILTER_NAMES.map((name) => filters[name] ?? null), slice.skip, slice.take];
  return keptUntilChanged(["audit", "people"], key, () => readPageOfInitiatives(filters, slice));
}

async function readPageOfInitiatives(filters: ActivityFilters, slice: { skip: number; take: number }) {
  const initiatives = await prisma.initiative.findMany({
    where: initiativeWhere(filters),
    select: { id: true, name: true, status: true },
    // The id makes the order total, so that no initiative is on two pages, or on none.
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip: slice.skip,
    take: slice.take,
  });
  const ids = initiatives.map((i) => i.id);
  const members = ids.length
    ? await prisma.membership.groupBy({ by: ["initiativeId", "agencyId"], where: { initiativeId: { in: ids } }, _count: { _all: true } })
    : [];
  const agencyNames = new Map(
    (await prisma.agency.findMany({ where: { id: { in: [...new Set(members.map((m) => m.agencyId))] } }, select: { id: true, name: true } })).map(
      (a) => [a.id, a.name],
    ),
  );
  return initiatives.map((i) => ({
    ...i,
    members: members
      .filter((m) => m.initiativeId === i.id)
      .map((m) => ({ agency: agencyNames.get(m.agencyId) ?? "Unknown agency", count: m._count._all }))
      .sort((a, b) => a.agency.localeCompare(b.agency, "en-GB")),
  }));
}

/**
 * Each initiative's line, for a slice of the initiatives in name order: members by agency,
 * meetings held in the last 12 months, budget, latest self-assessment and agency combination
 * (from `across`, worked out once for every initiative matching the filters). A fixed number of
 * queries for a slice of any size up to a few hundred; the page of the audit keeps its slice (`keep`).
 */
export async function healthOf(
  filters: ActivityFilters,
  slice: { skip: number; take: number },
  across: AcrossInitiatives,
  now: Date,
  { keep = true } = {},
) {
  const initiatives = await pageOfInitiatives(filters, slice, keep);
  if (initiatives.length === 0) return [];
  const ids = initiatives.map((i) => i.id);
  const [meetingsBy, budgets] = await Promise.all([meetingsHeld(ids, now, keep), budgetsOf(ids)]);
  return initiatives.map(({ members: byAgency, ...i }) => {
    const budget = budgets.get(i.id)!;
    const assessment = across.assessments.get(i.id);
    return {
      id: i.id,
      name: i.name,
      status: i.status,
      combination: AGENCY_COMBINATION_LABELS[across.combinations.get(i.id) ?? "none"],
      members: byAgency,
      memberCount: byAgency.reduce((a, m) => a + m.count, 0),
      meetingsLastYear: meetingsBy.get(i.id) ?? 0,
      cashPence: budget.cashPence,
      balancePence: budget.balancePence,
      monthsLeft: budget.monthsLeft,
      runOut: budget.runOut?.value ?? null,
      assessment: assessment ? { title: assessment.roundTitle, bands: assessment.bands } : null,
    };
  });
}

/**
 * How many meetings each initiative held in the 12 months up to `now`, kept (`keep`) while no
 * meeting changes and the time has not reached the next change of a count (the "meetings" data
 * version, decision 016). NOTE: shared between views: never change it in place.
 */
async function meetingsHeld(ids: string[], now: Date, keep: boolean) {
  if (!keep) return (await readMeetingsHeld(ids, now)).value;
  return keptWhileUnchanged("meetings", JSON.stringify(["held in the last year", ids]), now, () => readMeetingsHeld(ids, now));
}

/**
 * How many meetings each initiative held in the 12 months up to `now` (scheduled, not cancelled,
 * and started), and until when that holds with no meeting changed: the next of their meetings to
 * start, or the moment the oldest counted one is more than a year ago, whichever comes first.
 */
async function readMeetingsHeld(ids: string[], now: Date): Promise<{ value: Map<string, number>; until: Date | null }> {
  const yearAgo = new Date(now.getTime() - YEAR_MS);
  const [held, next] = await Promise.all([
    prisma.meeting.groupBy({
      by: ["initiativeId"],
      where: { initiativeId: { in: ids }, status: "scheduled", startsAt: { gte: yearAgo, lte: now } },
      _count: { _all: true },
      _min: { startsAt: true },
    }),
    prisma.meeting.aggregate({ where: { initiativeId: { in: ids }, status: "scheduled", startsAt: { gt: now } }, _min: { startsAt: true } }),
  ]);
  // The count changes when a meeting starts, and just after one is a year old (the window includes its first moment).
  const changes = [next._min.startsAt, ...held.map((h) => h._min.startsAt && new Date(h._min.startsAt.getTime() + YEAR_MS + 1))].filter(
    (at) => at != null,
  );
  const until = changes.length > 0 ? new Date(Math.min(...changes.map((at) => at.getTime()))) : null;
  return { value: new Map(held.map((h) => [h.initiativeId, h._count._all])), until };
}

/** What the audit reads once for every initiative matching `where`: its agency combination and latest closed round. */
type AcrossInitiatives = { combinations: Map<string, AgencyCombination>; assessments: Map<string, ClosedRoundResult> };

/** Everything on the audit but the list of initiatives: the counts and the self-assessment across initiatives. */
async function activitySummary(where: Prisma.InitiativeWhereInput, across: AcrossInitiatives) {
  const counts = await countInitiatives(where, across.combinations);
  const assessed = [...across.assessments].map(([initiativeId, result]) => ({
    combination: across.combinations.get(initiativeId) ?? "none",
    result,
  }));
  return { ...counts, ...acrossInitiatives(assessed) };
}

type AuditReading = { across: AcrossInitiatives; summary: Awaited<ReturnType<typeof activitySummary>> };

/**
 * What the audit reads across every initiative matching the filters (each one's agency
 * combination and latest closed round, and the counts and results across them), read once for
 * each set of filters and kept while the initiatives, their rationales, agencies and assessments
 * are unchanged (the "audit" data version, decision 016) and no round reaches its end of itself.
 * So a view reads rows of its own page's 20 initiatives only, however many the portal has.
 * NOTE: the reading is shared by every view: never change it in place.
 */
export function readAudit(filters: ActivityFilters, now: Date): Promise<AuditReading> {
  const where = initiativeWhere(filters);
  const key = JSON.stringify(FILTER_NAMES.map((name) => filters[name] ?? null));
  return keptWhileUnchanged("audit", key, now, async () => {
    const [combinations, assessments, until] = await Promise.all([combinationsOf(where), latestClosedResultsOf(where, now), nextRoundEndAfter(now)]);
    const across = { combinations, assessments };
    return { value: { across, summary: await activitySummary(where, across) }, until };
  });
}

/** Which initiatives a page of the list shows (1-based, inclusive), and whether there is such a page. */
function pageOf(requested: number, total: number) {
  const count = Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE));
  const first = (requested - 1) * ACTIVITY_PAGE_SIZE + 1;
  return {
    number: requested,
    count,
    size: ACTIVITY_PAGE_SIZE,
    first,
    last: Math.min(total, requested * ACTIVITY_PAGE_SIZE),
    pastTheEnd: requested > count,
  };
}

/** The audit of activity for the filters: every count and table, and the page of the list asked for. */
export async function loadActivity(filters: ActivityFilters, now = new Date()) {
  const { across, summary } = await readAudit(filters, now);
  const page = pageOf(filters.page ?? 1, summary.total);
  const health =
    page.pastTheEnd || summary.total === 0 ? [] : await healthOf(filters, { skip: page.first - 1, take: ACTIVITY_PAGE_SIZE }, across, now);
  return { ...summary, page, health };
}

/**
 * The study's pattern, locally: each factor's mean across initiatives (each initiative's latest
 * closed round counts once, whatever its size), overall and by agency combination; challenges by
 * how many initiatives rate them significant or worse; benefits by how many report them.
 * (A result lists every factor, challenge and benefit in the framework's order, so the i-th of
 * each is the framework's i-th.)
 */
function acrossInitiatives(assessed: Array<{ combination: AgencyCombination; result: ClosedRoundResult }>) {
  const byCombination = new Map<AgencyCombination, typeof assessed>();
  for (const a of assessed) {
    const within = byCombination.get(a.combination) ?? [];
    within.push(a);
    byCombination.set(a.combination, within);
  }
  const combinations = [...byCombination.keys()].sort((a, b) => AGENCY_COMBINATION_LABELS[a].localeCompare(AGENCY_COMBINATION_LABELS[b], "en-GB"));
  const factors = SUCCESS_FACTORS.map((factor, i) => {
    const meansWithin = (within: typeof assessed) => {
      const means: number[] = [];
      for (const a of within) {
        const value = a.result.factors[i]!.mean;
        if (value !== null) means.push(value);
      }
      return means;
    };
    const rated = meansWithin(assessed);
    const overall = meanOf(rated);
    return {
      key: factor.key,
      label: factor.label,
      mean: overall,
      band: bandOf(overall),
      bandLabel: bandOf(overall) ? BAND_LABELS[bandOf(overall)!] : "No results",
      initiatives: rated.length,
      byCombination: Object.fromEntries(
        combinations.map((c) => [c, { mean: meanOf(meansWithin(byCombination.get(c)!)), stressed: factorsStressedFor(c).includes(factor.key) }]),
      ) as Record<string, { mean: number | null; stressed: boolean }>,
    };
  });
  const challenges = CHALLENGES.map((challenge, i) => {
    const scores: number[] = [];
    for (const a of assessed) {
      const score = a.result.challenges[i]!.score;
      if (score !== null) scores.push(score);
    }
    return {
      key: challenge.key,
      label: challenge.label,
      score: meanOf(scores),
      serious: scores.filter((score) => score >= SEVERITY_SCORES.significant).length,
      initiatives: scores.length,
    };
  }).sort((a, b) => b.serious - a.serious || (b.score ?? -1) - (a.score ?? -1));
  const benefits = BENEFITS.map((benefit, i) => {
    const counts = assessed.map((a) => a.result.benefits[i]!.count);
    return {
      key: benefit.key,
      label: benefit.label,
      initiatives: counts.filter((n) => n > 0).length,
      respondents: counts.reduce((a, b) => a + b, 0),
    };
  }).sort((a, b) => b.initiatives - a.initiatives || b.respondents - a.respondents);
  return {
    assessedCount: assessed.length,
    combinations: combinations.map((c) => ({ key: c, label: AGENCY_COMBINATION_LABELS[c], initiatives: byCombination.get(c)!.length })),
    factors,
    challenges,
    benefits,
  };
}
