import type { Prisma } from "~/generated/prisma/client";
import { keptUntilChanged } from "~/utils/data-version.server";
import { prisma } from "~/utils/db.server";
import { initiativeRoster } from "~/modules/initiatives/roster.server";
import { addDays, calendarToday, toCalendarDateString } from "~/utils/dates";
import { notFound, requireAllowed, requireInitiativeAccess } from "~/utils/policy.server";
import {
  committedByStatus,
  describeFte,
  describeRunOut,
  endsSoonWithoutSuccessor,
  formatShare,
  FUNDING_STATUSES,
  FUNDING_TYPES,
  IN_KIND_KINDS,
  labelFor,
  monthsOfFundingLeft,
  projectRunOut,
  RUN_OUT_WINDOW_DAYS,
  sharesByContributor,
  streamBalance,
} from "./funding";
import { penceToPoundsText } from "./money";
import { mayChangeInKind, mayChangeSpending } from "./permissions";

/**
 * The joint budget of one initiative, read: funding streams (cash, per financial year), spending
 * against them, and in-kind contributions. Every query is scoped by the initiative of the
 * caller's checked access, so an id from another initiative never matches.
 */

// ─── The budget ─────────────────────────────────────────────────────────────────────────────────

export const streamSelect = {
  id: true,
  name: true,
  type: true,
  agencyId: true,
  funderName: true,
  status: true,
  startDate: true,
  endDate: true,
  conditions: true,
  successorId: true,
  createdById: true,
  agency: { select: { id: true, name: true } },
  successor: { select: { id: true, name: true } },
  predecessor: { select: { id: true, name: true } },
  amounts: { select: { financialYear: true, amountPence: true }, orderBy: { financialYear: "asc" } },
  spending: { select: { spentOn: true, amountPence: true } },
} as const satisfies Prisma.FundingStreamSelect;

type StreamRow = Prisma.FundingStreamGetPayload<{ select: typeof streamSelect }>;

export const inKindSelect = {
  id: true,
  agencyId: true,
  kind: true,
  description: true,
  fteHundredths: true,
  startDate: true,
  endDate: true,
  valuePence: true,
  valuationMethod: true,
  status: true,
  createdById: true,
  agency: { select: { id: true, name: true } },
} as const satisfies Prisma.InKindContributionSelect;

export const spendingSelect = {
  id: true,
  streamId: true,
  spentOn: true,
  amountPence: true,
  category: true,
  description: true,
  approvedBy: true,
  createdById: true,
  createdAt: true,
  stream: { select: { id: true, name: true, agencyId: true, initiativeId: true } },
} as const satisfies Prisma.ExpenditureSelect;

/** A stream with its figures: total, spent, balance, when it runs out, whether it needs a successor. */
function withFigures(stream: StreamRow, today: Date) {
  const balance = streamBalance(stream);
  const runOut = projectRunOut({ ...balance, startDate: stream.startDate, endDate: stream.endDate, spending: stream.spending }, today);
  const { spending: _spending, ...rest } = stream;
  return {
    ...rest,
    ...balance,
    typeLabel: labelFor(FUNDING_TYPES, stream.type),
    statusLabel: labelFor(FUNDING_STATUSES, stream.status),
    contributor: stream.agency?.name ?? stream.funderName ?? "Unnamed funder",
    outsideFunder: stream.agency === null,
    spendingCount: stream.spending.length,
    runOut: { kind: runOut.kind, ...describeRunOut(runOut) },
    endsSoonWithoutSuccessor: endsSoonWithoutSuccessor(stream, today),
  };
}

export async function userNames(ids: string[]) {
  const users = await prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

type StreamForBudget = {
  startDate: Date;
  endDate: Date;
  amounts: ReadonlyArray<{ amountPence: number }>;
  spending: ReadonlyArray<{ spentOn: Date; amountPence: number }>;
};

/**
 * The whole cash budget measured like one stream, from the first start to the last end: its
 * total, spending, and when it runs out at the current rate (null with no streams).
 */
function wholeBudget(streams: readonly StreamForBudget[], today: Date) {
  const balances = streams.map((stream) => streamBalance(stream));
  const cashPence = balances.reduce((a, b) => a + b.totalPence, 0);
  const spentPence = balances.reduce((a, b) => a + b.spentPence, 0);
  const runOut =
    streams.length > 0
      ? projectRunOut(
          {
            balancePence: cashPence - spentPence,
            startDate: new Date(Math.min(...streams.map((s) => s.startDate.getTime()))),
            endDate: new Date(Math.max(...streams.map((s) => s.endDate.getTime()))),
            spending: streams.flatMap((s) => s.spending),
          },
          today,
        )
      : null;
  return { cashPence, spentPence, runOut };
}

/**
 * The cash budget of many initiatives at once (the audit of activity), summed by the database:
 * a row per stream, and a row per stream and day of spending within the window that sets the
 * rate (RUN_OUT_WINDOW_DAYS up to today), never a row per payment. The same figures as the
 * budget page: each stream's spending is handed to the same functions as a few entries with the
 * same totals, dates that fall on the same side of the window, and the same days within it.
 * NOTE: the answer is shared by every view that gets it: never change it in place.
 */
export function budgetsOf(initiativeIds: readonly string[], today = calendarToday()) {
  // Kept like getBudget (decision 016): for these initiatives and this day, while no funding changes.
  return keptUntilChanged("funding", ["budgets of", toCalendarDateString(today), initiativeIds], () => readBudgetsOf(initiativeIds, today));
}

async function readBudgetsOf(initiativeIds: readonly string[], today: Date) {
  const ofThese = { stream: { initiativeId: { in: [...initiativeIds] } } };
  const windowFrom = addDays(today, -(RUN_OUT_WINDOW_DAYS - 1));
  const [streams, amounts, spending, recent] = await Promise.all([
    prisma.fundingStream.findMany({
      where: { initiativeId: { in: [...initiativeIds] } },
      select: { id: true, initiativeId: true, startDate: true, endDate: true },
    }),
    prisma.fundingAmount.groupBy({ by: ["streamId"], where: ofThese, _sum: { amountPence: true } }),
    prisma.expenditure.groupBy({ by: ["streamId"], where: ofThese, _sum: { amountPence: true }, _min: { spentOn: true }, _max: { spentOn: true } }),
    prisma.expenditure.groupBy({
      by: ["streamId", "spentOn"],
      where: { ...ofThese, spentOn: { gte: windowFrom, lte: today } },
      _sum: { amountPence: true },
    }),
  ]);
  const amountOf = new Map(amounts.map((a) => [a.streamId, a._sum.amountPence ?? 0]));
  const spendingOf = new Map(spending.map((s) => [s.streamId, s]));
  const recentOf = new Map<string, Array<{ spentOn: Date; amountPence: number }>>();
  for (const day of recent)
    recentOf.set(day.streamId, [...(recentOf.get(day.streamId) ?? []), { spentOn: day.spentOn, amountPence: day._sum.amountPence ?? 0 }]);
  const byInitiative = new Map<string, StreamForBudget[]>();
  for (const stream of streams) {
    const within = recentOf.get(stream.id) ?? [];
    const all = spendingOf.get(stream.id);
    // The rest of the spending, outside the window: dated by its earliest payment when that is
    // before the window (so it counts as spent so far), else by its latest (after today).
    const restPence = (all?._sum.amountPence ?? 0) - within.reduce((a, s) => a + s.amountPence, 0);
    const restOn = all?._min.spentOn && all._min.spentOn < windowFrom ? all._min.spentOn : all?._max.spentOn;
    const entries = restOn && (restPence !== 0 || restOn < windowFrom) ? [...within, { spentOn: restOn, amountPence: restPence }] : within;
    const forBudget: StreamForBudget = {
      startDate: stream.startDate,
      endDate: stream.endDate,
      amounts: [{ amountPence: amountOf.get(stream.id) ?? 0 }],
      spending: entries,
    };
    byInitiative.set(stream.initiativeId, [...(byInitiative.get(stream.initiativeId) ?? []), forBudget]);
  }
  return new Map(
    initiativeIds.map((id) => {
      const budget = wholeBudget(byInitiative.get(id) ?? [], today);
      return [
        id,
        {
          cashPence: budget.cashPence,
          balancePence: budget.cashPence - budget.spentPence,
          runOut: budget.runOut ? { kind: budget.runOut.kind, ...describeRunOut(budget.runOut, "budget") } : null,
          monthsLeft: budget.runOut ? monthsOfFundingLeft(budget.runOut, today) : null,
        },
      ];
    }),
  );
}

/**
 * Everything the budget page shows. `today` is the UK's calendar day. Without `spendingList`, the
 * list of payments (`spending`) is left empty: every figure is the same.
 *
 * Kept between requests for each initiative, day and kind while nothing a budget shows has
 * changed anywhere (the "funding" data version, decision 016). NOTE: the budget is shared by
 * every request that gets it: never change it in place.
 */
export function getBudget(initiativeId: string, today = calendarToday(), { spendingList = true }: { spendingList?: boolean } = {}) {
  return keptUntilChanged("funding", [initiativeId, toCalendarDateString(today), spendingList], () => readBudget(initiativeId, today, spendingList));
}

async function readBudget(initiativeId: string, today: Date, spendingList: boolean) {
  const [streamRows, inKind, spending, { agencies }] = await Promise.all([
    prisma.fundingStream.findMany({ where: { initiativeId }, select: streamSelect, orderBy: [{ endDate: "asc" }, { name: "asc" }] }),
    prisma.inKindContribution.findMany({
      where: { initiativeId },
      select: inKindSelect,
      orderBy: [{ agency: { name: "asc" } }, { startDate: "asc" }],
    }),
    spendingList
      ? prisma.expenditure.findMany({
          where: { stream: { initiativeId } },
          select: spendingSelect,
          orderBy: [{ spentOn: "desc" }, { createdAt: "desc" }],
        })
      : [],
    initiativeRoster(initiativeId),
  ]);
  const streams = streamRows.map((stream) => withFigures(stream, today));
  const { cashPence, spentPence, runOut: whole } = wholeBudget(streamRows, today);
  const names = spending.length > 0 ? await userNames(spending.map((s) => s.createdById)) : new Map<string, string>();
  return {
    today,
    agencies: agencies.map(({ id, name }) => ({ id, name })),
    streams,
    inKind: inKind.map((item) => ({
      ...item,
      kindLabel: labelFor(IN_KIND_KINDS, item.kind),
      statusLabel: labelFor(FUNDING_STATUSES, item.status),
      fte: item.fteHundredths === null ? null : describeFte(item.fteHundredths),
    })),
    spending: spending.map((s) => ({ ...s, recordedBy: names.get(s.createdById) ?? "a former member" })),
    shares: sharesByContributor(streams, inKind),
    committed: committedByStatus(streams, inKind),
    totals: { cashPence, spentPence, balancePence: cashPence - spentPence },
    runOut: whole ? { kind: whole.kind, ...describeRunOut(whole, "budget") } : null,
    /** The whole budget's projection with its dates, for figures such as months of money left. */
    runOutProjection: whole,
    endingSoon: streams.filter((s) => s.endsSoonWithoutSuccessor),
    overspent: streams.filter((s) => s.overspent),
  };
}

/** The few figures the initiative's dashboard shows about its budget. */
export async function getFundingSummary(initiativeId: string, today = calendarToday()) {
  const budget = await getBudget(initiativeId, today, { spendingList: false });
  const largest = budget.shares.contributors[0];
  return {
    streams: budget.streams.length,
    inKindContributions: budget.inKind.length,
    /** Cash and in-kind, at every status. */
    committedPence: budget.committed.totalPence,
    cashPence: budget.totals.cashPence,
    spentPence: budget.totals.spentPence,
    balancePence: budget.totals.balancePence,
    /** When the whole cash budget runs out at the current rate; null with no streams. */
    runOut: budget.runOut,
    endingSoonWithoutSuccessor: budget.endingSoon.length,
    overspentStreams: budget.overspent.length,
    largestContributor: largest && largest.totalPence > 0 ? { name: largest.name, share: formatShare(largest.sharePermille) } : null,
  };
}

/** One stream with its figures and every spending against it, newest first. */
export async function getStream(initiativeId: string, streamId: string, today = calendarToday()) {
  const row = await prisma.fundingStream.findFirst({ where: { id: streamId, initiativeId }, select: streamSelect });
  if (!row) return null;
  const spending = await prisma.expenditure.findMany({
    where: { streamId: row.id },
    select: spendingSelect,
    orderBy: [{ spentOn: "desc" }, { createdAt: "desc" }],
  });
  const names = await userNames(spending.map((s) => s.createdById));
  return {
    ...withFigures(row, today),
    spending: spending.map((s) => ({ ...s, recordedBy: names.get(s.createdById) ?? "a former member" })),
  };
}

/** The choices of the funding forms: the initiative's agencies and streams. */
export async function getFundingChoices(initiativeId: string) {
  const [{ agencies }, streams] = await Promise.all([
    initiativeRoster(initiativeId),
    prisma.fundingStream.findMany({
      where: { initiativeId },
      select: {
        id: true,
        name: true,
        agencyId: true,
        funderName: true,
        startDate: true,
        endDate: true,
        successorId: true,
        agency: { select: { name: true } },
      },
      orderBy: [{ name: "asc" }],
    }),
  ]);
  return {
    agencies: agencies.map(({ id, name }) => ({ id, name })),
    streams: streams.map((s) => ({ ...s, contributor: s.agency?.name ?? s.funderName ?? "Unnamed funder" })),
  };
}

// ─── Funding streams ────────────────────────────────────────────────────────────────────────

/** The form values of a stored stream. */
export function streamFormValues(stream: NonNullable<Awaited<ReturnType<typeof getStream>>>) {
  return {
    name: stream.name,
    type: stream.type,
    agencyId: stream.agencyId ?? "",
    funderName: stream.funderName ?? "",
    status: stream.status,
    startDate: toCalendarDateString(stream.startDate),
    endDate: toCalendarDateString(stream.endDate),
    totalAmount: penceToPoundsText(stream.totalPence),
    conditions: stream.conditions ?? "",
    successorId: stream.successorId ?? "",
  };
}

// ─── Spending ───────────────────────────────────────────────────────────────────────────────

export async function getSpending(initiativeId: string, expenditureId: string) {
  const spending = await prisma.expenditure.findFirst({ where: { id: expenditureId, stream: { initiativeId } }, select: spendingSelect });
  if (!spending) return null;
  const names = await userNames([spending.createdById]);
  return { ...spending, recordedBy: names.get(spending.createdById) ?? "a former member" };
}

/**
 * The guard of the pages that change or remove spending: the spending, if this member may change
 * it (editors any, members what they recorded for their agency); otherwise a 404 or a 403.
 */
export async function requireChangeableSpending(request: Request, initiativeId: string | undefined, expenditureId: string | undefined) {
  const access = await requireInitiativeAccess(request, initiativeId, "edit_own_records");
  const spending = await getSpending(access.initiativeId, expenditureId ?? "");
  if (!spending) notFound();
  if (!mayChangeSpending(access, spending)) await requireAllowed(request, access, "edit_records");
  return { access, spending };
}

export function spendingFormValues(spending: NonNullable<Awaited<ReturnType<typeof getSpending>>>) {
  return {
    streamId: spending.streamId,
    spentOn: toCalendarDateString(spending.spentOn),
    amount: penceToPoundsText(spending.amountPence),
    category: spending.category,
    description: spending.description,
    approvedBy: spending.approvedBy,
  };
}

// ─── In-kind contributions ──────────────────────────────────────────────────────────────────

export async function getInKind(initiativeId: string, contributionId: string) {
  const item = await prisma.inKindContribution.findFirst({ where: { id: contributionId, initiativeId }, select: inKindSelect });
  return item ? { ...item, kindLabel: labelFor(IN_KIND_KINDS, item.kind) } : null;
}

/**
 * The guard of the pages that change or remove an in-kind contribution: the contribution, if this
 * member may change it (editors any, members what they recorded for their agency); otherwise a 404 or a 403.
 */
export async function requireChangeableInKind(request: Request, initiativeId: string | undefined, contributionId: string | undefined) {
  const access = await requireInitiativeAccess(request, initiativeId, "edit_own_records");
  const contribution = await getInKind(access.initiativeId, contributionId ?? "");
  if (!contribution) notFound();
  if (!mayChangeInKind(access, contribution)) await requireAllowed(request, access, "edit_records");
  return { access, contribution };
}

export function inKindFormValues(item: NonNullable<Awaited<ReturnType<typeof getInKind>>>) {
  return {
    agencyId: item.agencyId,
    kind: item.kind,
    description: item.description,
    fte: item.fteHundredths === null ? "" : String(item.fteHundredths / 100),
    startDate: toCalendarDateString(item.startDate),
    endDate: toCalendarDateString(item.endDate),
    value: penceToPoundsText(item.valuePence),
    valuationMethod: item.valuationMethod,
    status: item.status,
  };
}
