import { z } from "zod";
import { BAND_LABELS, bandOf, roundToOneDecimal, SEVERITY_SCORES } from "~/modules/assessment/aggregate";
import { latestClosedResultsOf, type ClosedRoundResult } from "~/modules/assessment/assessment.server";
import { budgetsOf } from "~/modules/funding/funding.server";
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
} from "~/modules/framework/framework";
import { toCsv } from "~/modules/audit/audit.server";
import { prisma } from "~/utils/db.server";
import { parseCalendarDate } from "~/utils/dates";

/**
 * The audit of activity: every initiative in the portal at a glance, for administrators and
 * those they grant it, as the study gathered it by survey. Reads in a fixed number of queries
 * whatever the number of initiatives.
 */

const COMBINATION_KEYS = Object.keys(AGENCY_COMBINATION_LABELS) as [AgencyCombination, ...AgencyCombination[]];
const STATUS_KEYS = INITIATIVE_STATUSES.map((s) => s.key) as ["active", "paused", "closed"];

/** An empty field of the filter form means "any". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());
const date = (message: string) => z.string().refine((value) => parseCalendarDate(value) !== null, message);

export const ActivityFilterSchema = z
  .object({
    combination: optional(z.enum(COMBINATION_KEYS, { error: "Choose an agency combination from the list" })),
    targetGroup: optional(z.string().max(200, "Choose a target group from the list")),
    status: optional(z.enum(STATUS_KEYS, { error: "Choose a status from the list" })),
    from: optional(date("Enter the “from” date as a real date, like 2026-04-01")),
    to: optional(date("Enter the “to” date as a real date, like 2027-03-31")),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The “to” date must be on or after the “from” date" });
export type ActivityFilters = z.infer<typeof ActivityFilterSchema>;

export const FILTER_NAMES = ["combination", "targetGroup", "status", "from", "to"] as const;

/** Reads the filters from a URL: the filters, or the problems with them (never silently none). */
export async function parseActivityFilters(searchParams: URLSearchParams) {
  const raw = Object.fromEntries(FILTER_NAMES.map((name) => [name, searchParams.get(name) ?? undefined]));
  const parsed = ActivityFilterSchema.safeParse(raw);
  const targetGroups = await listTargetGroups();
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  if (parsed.success && parsed.data.targetGroup && !targetGroups.includes(parsed.data.targetGroup)) {
    errors.targetGroup = `No initiative has the target group “${parsed.data.targetGroup}”: choose one from the list`;
  }
  return { filters: Object.keys(errors).length === 0 && parsed.success ? parsed.data : null, errors, raw, targetGroups };
}

async function listTargetGroups() {
  const rows = await prisma.initiative.findMany({ distinct: ["targetGroup"], select: { targetGroup: true }, orderBy: { targetGroup: "asc" } });
  return rows.map((r) => r.targetGroup);
}

export type CountRow = { key: string; label: string; count: number };
export type CountTable = { id: CountTableId; title: string; rows: CountRow[]; note?: string };
export const COUNT_TABLES = ["status", "target_group", "model", "rationale", "local_authority", "combination"] as const;
export type CountTableId = (typeof COUNT_TABLES)[number];

function count(items: Iterable<{ key: string; label: string }>): CountRow[] {
  const byKey = new Map<string, CountRow>();
  for (const { key, label } of items) {
    const row = byKey.get(key) ?? { key, label, count: 0 };
    row.count += 1;
    byKey.set(key, row);
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, "en-GB"));
}

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export async function loadActivity(filters: ActivityFilters, now = new Date()) {
  const from = filters.from ? parseCalendarDate(filters.from)! : null;
  const to = filters.to ? parseCalendarDate(filters.to)! : null;
  const candidates = await prisma.initiative.findMany({
    where: {
      status: filters.status,
      targetGroup: filters.targetGroup,
      // Running at some time within the range: started by its end, not ended before its start.
      ...(to ? { startDate: { lte: to } } : {}),
      ...(from ? { OR: [{ endDate: null }, { endDate: { gte: from } }] } : {}),
    },
    select: {
      id: true,
      name: true,
      status: true,
      targetGroup: true,
      modelOfActivity: true,
      localAuthority: true,
      startDate: true,
      rationales: { select: { rationale: true } },
      agencies: { select: { agency: { select: { id: true, name: true, sector: true } } } },
    },
    orderBy: { name: "asc" },
  });
  const initiatives = candidates
    .map((i) => ({ ...i, combination: agencyCombination(i.agencies.map((a) => a.agency.sector)) }))
    .filter((i) => !filters.combination || i.combination === filters.combination);
  const ids = initiatives.map((i) => i.id);

  const [members, meetings, budgets, assessments] = await Promise.all([
    prisma.membership.groupBy({ by: ["initiativeId", "agencyId"], where: { initiativeId: { in: ids } }, _count: { _all: true } }),
    prisma.meeting.groupBy({
      by: ["initiativeId"],
      where: { initiativeId: { in: ids }, status: "scheduled", startsAt: { gte: new Date(now.getTime() - YEAR_MS), lte: now } },
      _count: { _all: true },
    }),
    budgetsOf(ids),
    latestClosedResultsOf(ids, now),
  ]);
  const agencyNames = new Map(
    (await prisma.agency.findMany({ where: { id: { in: [...new Set(members.map((m) => m.agencyId))] } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]),
  );
  const meetingsBy = new Map(meetings.map((m) => [m.initiativeId, m._count._all]));

  const tables: CountTable[] = [
    { id: "status", title: "Status", rows: count(initiatives.map((i) => ({ key: i.status, label: labelOf(INITIATIVE_STATUSES, i.status) }))) },
    { id: "target_group", title: "Target group", rows: count(initiatives.map((i) => ({ key: i.targetGroup, label: i.targetGroup }))) },
    { id: "model", title: "Model of activity", rows: count(initiatives.map((i) => ({ key: i.modelOfActivity, label: labelOf(MODELS_OF_ACTIVITY, i.modelOfActivity) }))) },
    {
      id: "rationale",
      title: "Why they were started",
      note: "An initiative may have more than one reason, so these add up to more than the number of initiatives.",
      rows: count(initiatives.flatMap((i) => i.rationales.map((r) => ({ key: r.rationale, label: labelOf(RATIONALES, r.rationale) })))),
    },
    { id: "local_authority", title: "Local authority", rows: count(initiatives.map((i) => ({ key: i.localAuthority, label: i.localAuthority }))) },
    { id: "combination", title: "Agency combination", rows: count(initiatives.map((i) => ({ key: i.combination, label: AGENCY_COMBINATION_LABELS[i.combination] }))) },
  ];

  const health = initiatives.map((i) => {
    const budget = budgets.get(i.id)!;
    const byAgency = members
      .filter((m) => m.initiativeId === i.id)
      .map((m) => ({ agency: agencyNames.get(m.agencyId) ?? "Unknown agency", count: m._count._all }))
      .sort((a, b) => a.agency.localeCompare(b.agency, "en-GB"));
    return {
      id: i.id,
      name: i.name,
      status: i.status,
      combination: AGENCY_COMBINATION_LABELS[i.combination],
      members: byAgency,
      memberCount: byAgency.reduce((a, m) => a + m.count, 0),
      meetingsLastYear: meetingsBy.get(i.id) ?? 0,
      cashPence: budget.cashPence,
      balancePence: budget.balancePence,
      monthsLeft: budget.monthsLeft,
      runOut: budget.runOut?.value ?? null,
      assessment: assessments.get(i.id) ? { title: assessments.get(i.id)!.roundTitle, bands: assessments.get(i.id)!.bands } : null,
    };
  });

  const assessed = initiatives.flatMap((i) => (assessments.has(i.id) ? [{ combination: i.combination, result: assessments.get(i.id)! }] : []));
  return { total: initiatives.length, tables, health, ...acrossInitiatives(assessed) };
}

const mean = (values: number[]) => (values.length ? roundToOneDecimal(values.reduce((a, b) => a + b, 0) / values.length) : null);

/**
 * The study's pattern, locally: each factor's mean across initiatives (each initiative's latest
 * closed round counts once, whatever its size), overall and by agency combination; challenges by
 * how many initiatives rate them significant or worse; benefits by how many report them.
 */
function acrossInitiatives(assessed: Array<{ combination: AgencyCombination; result: ClosedRoundResult }>) {
  const combinations = [...new Set(assessed.map((a) => a.combination))].sort((a, b) => AGENCY_COMBINATION_LABELS[a].localeCompare(AGENCY_COMBINATION_LABELS[b], "en-GB"));
  const factorMean = (key: string, within: typeof assessed) =>
    mean(within.flatMap((a) => a.result.factors.find((f) => f.factorKey === key)?.mean ?? []));
  const factors = SUCCESS_FACTORS.map((factor) => {
    const overall = factorMean(factor.key, assessed);
    return {
      key: factor.key,
      label: factor.label,
      mean: overall,
      band: bandOf(overall),
      bandLabel: bandOf(overall) ? BAND_LABELS[bandOf(overall)!] : "No results",
      initiatives: assessed.filter((a) => a.result.factors.some((f) => f.factorKey === factor.key && f.mean !== null)).length,
      byCombination: Object.fromEntries(
        combinations.map((c) => {
          const within = assessed.filter((a) => a.combination === c);
          return [c, { mean: factorMean(factor.key, within), stressed: factorsStressedFor(c).includes(factor.key) }];
        }),
      ) as Record<string, { mean: number | null; stressed: boolean }>,
    };
  });
  const challenges = CHALLENGES.map((challenge) => {
    const scores = assessed.flatMap((a) => a.result.challenges.find((c) => c.challengeKey === challenge.key)?.score ?? []);
    return {
      key: challenge.key,
      label: challenge.label,
      score: mean(scores),
      serious: scores.filter((score) => score >= SEVERITY_SCORES.significant).length,
      initiatives: scores.length,
    };
  }).sort((a, b) => b.serious - a.serious || (b.score ?? -1) - (a.score ?? -1));
  const benefits = BENEFITS.map((benefit) => {
    const counts = assessed.map((a) => a.result.benefits.find((b) => b.benefitKey === benefit.key)?.count ?? 0);
    return { key: benefit.key, label: benefit.label, initiatives: counts.filter((n) => n > 0).length, respondents: counts.reduce((a, b) => a + b, 0) };
  }).sort((a, b) => b.initiatives - a.initiatives || b.respondents - a.respondents);
  return {
    assessedCount: assessed.length,
    combinations: combinations.map((c) => ({ key: c, label: AGENCY_COMBINATION_LABELS[c], initiatives: assessed.filter((a) => a.combination === c).length })),
    factors,
    challenges,
    benefits,
  };
}

/** One table of the page as CSV, for the same filters. */
export function activityCsv(data: Awaited<ReturnType<typeof loadActivity>>, table: string): string | null {
  const counts = data.tables.find((t) => t.id === table);
  if (counts) return toCsv([[counts.title, "Initiatives"], ...counts.rows.map((r) => [r.label, String(r.count)])]);
  if (table === "factors") {
    return toCsv([
      ["Success factor", "Mean across initiatives", "Band", "Initiatives", ...data.combinations.map((c) => `Mean: ${c.label}`)],
      ...data.factors.map((f) => [f.label, f.mean === null ? "" : f.mean.toFixed(1), f.bandLabel, String(f.initiatives), ...data.combinations.map((c) => f.byCombination[c.key]?.mean?.toFixed(1) ?? "")]),
    ]);
  }
  if (table === "challenges") {
    return toCsv([["Challenge", "Initiatives rating it significant or major", "Initiatives answering", "Mean severity (0 none to 3 major)"], ...data.challenges.map((c) => [c.label, String(c.serious), String(c.initiatives), c.score?.toFixed(1) ?? ""])]);
  }
  if (table === "benefits") {
    return toCsv([["Benefit", "Initiatives reporting it", "Members reporting it"], ...data.benefits.map((b) => [b.label, String(b.initiatives), String(b.respondents)])]);
  }
  if (table === "initiatives") {
    return toCsv([
      ["Initiative", "Status", "Agency combination", "Members", "Members by agency", "Meetings in the last 12 months", "Cash budget (£)", "Balance (£)", "Months of funding left", "Money runs out", "Latest self-assessment", "Strengths", "To discuss", "Concerns"],
      ...data.health.map((h) => [
        h.name,
        labelOf(INITIATIVE_STATUSES, h.status),
        h.combination,
        String(h.memberCount),
        h.members.map((m) => `${m.agency}: ${m.count}`).join("; "),
        String(h.meetingsLastYear),
        (h.cashPence / 100).toFixed(2),
        (h.balancePence / 100).toFixed(2),
        h.monthsLeft === null ? "" : String(h.monthsLeft),
        h.runOut ?? "No funding recorded",
        h.assessment?.title ?? "None closed",
        h.assessment ? String(h.assessment.bands.strength) : "",
        h.assessment ? String(h.assessment.bands.discuss) : "",
        h.assessment ? String(h.assessment.bands.concern) : "",
      ]),
    ]);
  }
  return null;
}
