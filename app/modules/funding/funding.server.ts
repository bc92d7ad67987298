import type { Prisma } from "~/generated/prisma/client";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { toCsv } from "~/utils/csv";
import { recordSystemPost } from "~/utils/system-posts.server";
import { keptUntilChanged } from "~/utils/data-version.server";
import { prisma } from "~/utils/db.server";
import { initiativeRoster } from "~/modules/initiatives/roster.server";
import { addDays, calendarToday, financialYearLabel, formatCalendarDate, parseCalendarDate, toCalendarDateString } from "~/utils/dates";
import { can } from "~/utils/policy";
import { notFound, requireAllowed, requireInitiativeAccess, writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import {
  committedByStatus,
  createsSuccessionLoop,
  describeFte,
  describePeriod,
  describeRunOut,
  endsSoonWithoutSuccessor,
  formatShare,
  FUNDING_STATUSES,
  FUNDING_TYPES,
  IN_KIND_KINDS,
  labelFor,
  monthsOfFundingLeft,
  overspendBy,
  projectRunOut,
  RUN_OUT_WINDOW_DAYS,
  sharesByContributor,
  splitAcrossFinancialYears,
  streamBalance,
} from "./funding";
import { formatPence, penceToPoundsText } from "./money";
import type { ExpenditureInput, FundingStreamInput, InKindInput } from "./schema";
import { refused, type Refused } from "~/utils/refusal";

/**
 * The joint budget of one initiative: funding streams (cash, per financial year), spending
 * against them, and in-kind contributions. Every query is scoped by the initiative of the
 * caller's checked access, so an id from another initiative never matches.
 */

// ─── Who may do what ─────────────────────────────────────────────────────────────────────────

/** Funding streams are the partnership's shared money: leads and coordinators keep them. */
export function mayManageStreams(access: InitiativeAccess) {
  return can(access.membership.role, "edit_records");
}

/** Spending against a stream: editors on any; members on the streams of the agency they represent. */
export function mayRecordSpendingOn(access: InitiativeAccess, stream: { agencyId: string | null }) {
  if (can(access.membership.role, "edit_records")) return true;
  return can(access.membership.role, "edit_own_records") && stream.agencyId !== null && stream.agencyId === access.membership.agencyId;
}

/** Changing or removing spending: editors any; members what they recorded on their agency's streams. */
export function mayChangeSpending(access: InitiativeAccess, spending: { createdById: string; stream: { agencyId: string | null } }) {
  if (can(access.membership.role, "edit_records")) return true;
  return mayRecordSpendingOn(access, spending.stream) && spending.createdById === access.user.id;
}

/** In-kind contributions: editors for any agency; members for the agency they represent. */
export function mayAddInKindFor(access: InitiativeAccess, agencyId: string) {
  if (can(access.membership.role, "edit_records")) return true;
  return can(access.membership.role, "edit_own_records") && access.membership.agencyId === agencyId;
}

export function mayChangeInKind(access: InitiativeAccess, contribution: { createdById: string; agencyId: string }) {
  if (can(access.membership.role, "edit_records")) return true;
  return mayAddInKindFor(access, contribution.agencyId) && contribution.createdById === access.user.id;
}

// ─── Reading ─────────────────────────────────────────────────────────────────────────────────

const streamSelect = {
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

const inKindSelect = {
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

const spendingSelect = {
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

async function userNames(ids: string[]) {
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
    prisma.fundingStream.findMany({ where: { initiativeId: { in: [...initiativeIds] } }, select: { id: true, initiativeId: true, startDate: true, endDate: true } }),
    prisma.fundingAmount.groupBy({ by: ["streamId"], where: ofThese, _sum: { amountPence: true } }),
    prisma.expenditure.groupBy({ by: ["streamId"], where: ofThese, _sum: { amountPence: true }, _min: { spentOn: true }, _max: { spentOn: true } }),
    prisma.expenditure.groupBy({ by: ["streamId", "spentOn"], where: { ...ofThese, spentOn: { gte: windowFrom, lte: today } }, _sum: { amountPence: true } }),
  ]);
  const amountOf = new Map(amounts.map((a) => [a.streamId, a._sum.amountPence ?? 0]));
  const spendingOf = new Map(spending.map((s) => [s.streamId, s]));
  const recentOf = new Map<string, Array<{ spentOn: Date; amountPence: number }>>();
  for (const day of recent) recentOf.set(day.streamId, [...(recentOf.get(day.streamId) ?? []), { spentOn: day.spentOn, amountPence: day._sum.amountPence ?? 0 }]);
  const byInitiative = new Map<string, StreamForBudget[]>();
  for (const stream of streams) {
    const within = recentOf.get(stream.id) ?? [];
    const all = spendingOf.get(stream.id);
    // The rest of the spending, outside the window: dated by its earliest payment when that is
    // before the window (so it counts as spent so far), else by its latest (after today).
    const restPence = (all?._sum.amountPence ?? 0) - within.reduce((a, s) => a + s.amountPence, 0);
    const restOn = all?._min.spentOn && all._min.spentOn < windowFrom ? all._min.spentOn : all?._max.spentOn;
    const entries = restOn && (restPence !== 0 || restOn < windowFrom) ? [...within, { spentOn: restOn, amountPence: restPence }] : within;
    const forBudget: StreamForBudget = { startDate: stream.startDate, endDate: stream.endDate, amounts: [{ amountPence: amountOf.get(stream.id) ?? 0 }], spending: entries };
    byInitiative.set(stream.initiativeId, [...(byInitiative.get(stream.initiativeId) ?? []), forBudget]);
  }
  return new Map(
    initiativeIds.map((id) => {
      const budget = wholeBudget(byInitiative.get(id) ?? [], today);
      return [id, { cashPence: budget.cashPence, balancePence: budget.cashPence - budget.spentPence, runOut: budget.runOut ? { kind: budget.runOut.kind, ...describeRunOut(budget.runOut, "budget") } : null, monthsLeft: budget.runOut ? monthsOfFundingLeft(budget.runOut, today) : null }];
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
    prisma.inKindContribution.findMany({ where: { initiativeId }, select: inKindSelect, orderBy: [{ agency: { name: "asc" } }, { startDate: "asc" }] }),
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
      select: { id: true, name: true, agencyId: true, funderName: true, startDate: true, endDate: true, successorId: true, agency: { select: { name: true } } },
      orderBy: [{ name: "asc" }],
    }),
  ]);
  return {
    agencies: agencies.map(({ id, name }) => ({ id, name })),
    streams: streams.map((s) => ({ ...s, contributor: s.agency?.name ?? s.funderName ?? "Unnamed funder" })),
  };
}

// ─── Funding streams ─────────────────────────────────────────────────────────────────────────

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

const OVERSPEND_FIELD = "recordAnyway";

/** Checks a stream against the initiative's records: agency, successor, and its spending. */
async function checkStreamInput(access: InitiativeAccess, input: FundingStreamInput, streamId: string | null): Promise<Refused | null> {
  const { initiativeId } = access;
  if (input.agencyId) {
    const agency = await prisma.initiativeAgency.findUnique({ where: { initiativeId_agencyId: { initiativeId, agencyId: input.agencyId } } });
    if (!agency) return refused("Choose one of this initiative's agencies", "agencyId");
  }
  if (input.successorId) {
    if (input.successorId === streamId) return refused("A stream cannot continue itself: choose another stream", "successorId");
    const streams = await prisma.fundingStream.findMany({ where: { initiativeId }, select: { id: true, name: true, successorId: true } });
    if (!streams.some((s) => s.id === input.successorId)) return refused("Choose one of this initiative's funding streams", "successorId");
    const already = streams.find((s) => s.successorId === input.successorId && s.id !== streamId);
    if (already) return refused(`That stream already continues “${already.name}”: a stream can continue only one other`, "successorId");
    if (createsSuccessionLoop(new Map(streams.map((s) => [s.id, s.successorId])), streamId, input.successorId)) {
      return refused("That would make a loop: the stream you chose is already continued by this one", "successorId");
    }
  }
  if (streamId) {
    const start = parseCalendarDate(input.startDate)!;
    const end = parseCalendarDate(input.endDate)!;
    const spending = await prisma.expenditure.findMany({ where: { streamId }, select: { spentOn: true, amountPence: true }, orderBy: { spentOn: "asc" } });
    const first = spending[0];
    const last = spending.at(-1);
    if (first && first.spentOn < start) {
      return refused(`Spending is recorded on ${formatCalendarDate(first.spentOn)}, before this start date: change the date, or move that spending first`, "startDate");
    }
    if (last && last.spentOn > end) {
      return refused(`Spending is recorded on ${formatCalendarDate(last.spentOn)}, after this end date: change the date, or move that spending first`, "endDate");
    }
    const spent = spending.reduce((a, s) => a + s.amountPence, 0);
    if (spent > input.totalAmount && input.recordAnyway !== "yes") {
      return refused(
        `Spending on this stream is already ${formatPence(spent)}, ${formatPence(spent - input.totalAmount)} more than the new total of ${formatPence(input.totalAmount)}. Check the total, or tick “Save it anyway” to save it overspent.`,
        OVERSPEND_FIELD,
      );
    }
  }
  return null;
}

function streamData(input: FundingStreamInput) {
  return {
    name: input.name,
    type: input.type,
    agencyId: input.agencyId || null,
    funderName: input.agencyId ? null : input.funderName || null,
    status: input.status,
    startDate: parseCalendarDate(input.startDate)!,
    endDate: parseCalendarDate(input.endDate)!,
    conditions: input.conditions || null,
    successorId: input.successorId || null,
  };
}

/** What an audit entry says of a stream: names and pounds, not ids. Reads through the caller's transaction. */
async function streamForAudit(db: Prisma.TransactionClient, initiativeId: string, streamId: string) {
  const stream = await db.fundingStream.findFirst({ where: { id: streamId, initiativeId }, select: streamSelect });
  if (!stream) return null;
  return {
    name: stream.name,
    type: labelFor(FUNDING_TYPES, stream.type),
    from: stream.agency?.name ?? `${stream.funderName} (outside funder)`,
    status: labelFor(FUNDING_STATUSES, stream.status),
    period: describePeriod(stream.startDate, stream.endDate),
    total: formatPence(stream.amounts.reduce((a, x) => a + x.amountPence, 0)),
    byFinancialYear: Object.fromEntries(stream.amounts.map((a) => [financialYearLabel(a.financialYear), formatPence(a.amountPence)])),
    conditions: stream.conditions ?? "not ring-fenced",
    continuedBy: stream.successor?.name ?? null,
  };
}

/** Confirmed and received money can be planned with; a pledge cannot yet. */
const isCommitted = (status: string) => status === "confirmed" || status === "received";

function announceConfirmed(tx: Prisma.TransactionClient, access: InitiativeAccess, streamId: string, input: FundingStreamInput) {
  return recordSystemPost(tx, {
    initiativeId: access.initiativeId,
    event: "funding.confirmed",
    body: `Funding confirmed: “${input.name}”, ${formatPence(input.totalAmount)} for ${describePeriod(input.startDate, input.endDate)}. Recorded by ${access.user.name}.`,
    linkPath: `/initiatives/${access.initiativeId}/funding/streams/${streamId}`,
  });
}

export async function createStream(access: InitiativeAccess, input: FundingStreamInput) {
  if (!mayManageStreams(access)) return refused("Only leads and coordinators can add funding streams.");
  const problem = await checkStreamInput(access, input, null);
  if (problem) return problem;
  const data = streamData(input);
  const actor = await getAuditActor(access.user);
  const stream = await writeAsMember(access, async (tx) => {
    const created = await tx.fundingStream.create({
      data: {
        ...data,
        initiativeId: access.initiativeId,
        createdById: access.user.id,
        amounts: { create: splitAcrossFinancialYears(input.totalAmount, data.startDate, data.endDate) },
      },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "funding_stream.created",
      entity: "funding_stream",
      entityId: created.id,
      after: await streamForAudit(tx, access.initiativeId, created.id),
    });
    if (isCommitted(input.status)) await announceConfirmed(tx, access, created.id, input);
    return created;
  });
  return { ok: true as const, streamId: stream.id };
}

export async function updateStream(access: InitiativeAccess, streamId: string, input: FundingStreamInput) {
  if (!mayManageStreams(access)) return refused("Only leads and coordinators can change funding streams.");
  const existing = await prisma.fundingStream.findFirst({ where: { id: streamId, initiativeId: access.initiativeId }, select: { id: true } });
  if (!existing) return refused("That funding stream is not in this initiative's budget.");
  const problem = await checkStreamInput(access, input, streamId);
  if (problem) return problem;
  const data = streamData(input);
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    const before = await streamForAudit(tx, access.initiativeId, streamId);
    const wasPledged = !isCommitted((await tx.fundingStream.findUniqueOrThrow({ where: { id: streamId }, select: { status: true } })).status);
    await tx.fundingStream.update({ where: { id: streamId }, data });
    await tx.fundingAmount.deleteMany({ where: { streamId } });
    await tx.fundingAmount.createMany({
      data: splitAcrossFinancialYears(input.totalAmount, data.startDate, data.endDate).map((a) => ({ ...a, streamId })),
    });
    const after = await streamForAudit(tx, access.initiativeId, streamId);
    await recordAudit(tx, { actor, initiativeId: access.initiativeId, action: "funding_stream.updated", entity: "funding_stream", entityId: streamId, before, after });
    if (wasPledged && isCommitted(input.status)) await announceConfirmed(tx, access, streamId, input);
  });
  return { ok: true as const, streamId };
}

/** Removes a stream with its spending (the confirmation page says how much goes with it). */
export async function deleteStream(access: InitiativeAccess, streamId: string) {
  if (!mayManageStreams(access)) return refused("Only leads and coordinators can remove funding streams.");
  const existing = await prisma.fundingStream.findFirst({ where: { id: streamId, initiativeId: access.initiativeId }, select: { id: true, name: true } });
  if (!existing) return refused("That funding stream is not in this initiative's budget.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    const before = await streamForAudit(tx, access.initiativeId, streamId);
    const spending = await tx.expenditure.aggregate({ where: { streamId }, _sum: { amountPence: true }, _count: true });
    await tx.fundingStream.delete({ where: { id: streamId } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "funding_stream.deleted",
      entity: "funding_stream",
      entityId: streamId,
      before: before && { ...before, spendingRemoved: `${spending._count} records, ${formatPence(spending._sum.amountPence ?? 0)}` },
    });
  });
  return { ok: true as const, name: existing.name };
}

// ─── Spending ────────────────────────────────────────────────────────────────────────────────

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

/**
 * Checks spending against its stream: the stream is this initiative's and the person may spend
 * from it; the date is within its period and not in the future; and it does not take the stream
 * over its total unless "Record it anyway" was ticked. Runs inside the write's transaction, so
 * two spends at the same moment cannot both slip under the total.
 */
async function checkSpendingInput(
  db: Prisma.TransactionClient,
  access: InitiativeAccess,
  input: ExpenditureInput,
  expenditureId: string | null,
  today: Date,
) {
  const stream = await db.fundingStream.findFirst({
    where: { id: input.streamId, initiativeId: access.initiativeId },
    select: { id: true, name: true, agencyId: true, startDate: true, endDate: true, amounts: { select: { amountPence: true } } },
  });
  if (!stream) return { problem: refused("Choose one of this initiative's funding streams", "streamId") };
  if (!mayRecordSpendingOn(access, stream)) {
    return { problem: refused("You can record spending only against the streams of the agency you represent", "streamId") };
  }
  const spentOn = parseCalendarDate(input.spentOn)!;
  if (spentOn < stream.startDate || spentOn > stream.endDate) {
    return {
      problem: refused(`The date must be within the stream's period, ${describePeriod(stream.startDate, stream.endDate)}`, "spentOn"),
    };
  }
  if (spentOn > today) return { problem: refused("The date cannot be in the future: record spending once it has been made", "spentOn") };
  const others = await db.expenditure.aggregate({
    where: { streamId: stream.id, ...(expenditureId ? { id: { not: expenditureId } } : {}) },
    _sum: { amountPence: true },
  });
  const totalPence = stream.amounts.reduce((a, x) => a + x.amountPence, 0);
  const otherPence = others._sum.amountPence ?? 0;
  const over = overspendBy(totalPence, otherPence, input.amount);
  if (over > 0 && input.recordAnyway !== "yes") {
    return {
      problem: refused(
        `This would take spending on “${stream.name}” to ${formatPence(otherPence + input.amount)}, which is ${formatPence(over)} more than its total of ${formatPence(totalPence)}. Check the amount, or tick “Record it anyway” to record it overspent.`,
        OVERSPEND_FIELD,
      ),
    };
  }
  return { problem: null, stream, spentOn, overPence: over };
}

function spendingForAudit(streamName: string, s: { spentOn: Date; amountPence: number; category: string; description: string; approvedBy: string }) {
  return {
    stream: streamName,
    date: toCalendarDateString(s.spentOn),
    amount: formatPence(s.amountPence),
    category: s.category,
    description: s.description,
    approvedBy: s.approvedBy,
  };
}

export async function recordSpending(access: InitiativeAccess, input: ExpenditureInput, today = calendarToday()) {
  const actor = await getAuditActor(access.user);
  return writeAsMember(access, async (tx) => {
    const checked = await checkSpendingInput(tx, access, input, null, today);
    if (checked.problem) return checked.problem;
    const { stream, spentOn, overPence } = checked;
    const row = await tx.expenditure.create({
      data: {
        streamId: stream.id,
        spentOn,
        amountPence: input.amount,
        category: input.category,
        description: input.description,
        approvedBy: input.approvedBy,
        createdById: access.user.id,
      },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "spending.recorded",
      entity: "spending",
      entityId: row.id,
      after: { ...spendingForAudit(stream.name, row), ...(overPence > 0 ? { recordedAnywayOverspentBy: formatPence(overPence) } : {}) },
    });
    return { ok: true as const, expenditureId: row.id, streamId: stream.id };
  });
}

export async function updateSpending(access: InitiativeAccess, expenditureId: string, input: ExpenditureInput, today = calendarToday()) {
  const existing = await getSpending(access.initiativeId, expenditureId);
  if (!existing) return refused("That spending is not in this initiative's budget.");
  if (!mayChangeSpending(access, existing)) return refused("You can change only the spending you recorded for your own agency.");
  const actor = await getAuditActor(access.user);
  return writeAsMember(access, async (tx) => {
    const checked = await checkSpendingInput(tx, access, input, expenditureId, today);
    if (checked.problem) return checked.problem;
    const { stream, spentOn, overPence } = checked;
    const row = await tx.expenditure.update({
      where: { id: expenditureId },
      data: { streamId: stream.id, spentOn, amountPence: input.amount, category: input.category, description: input.description, approvedBy: input.approvedBy },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "spending.updated",
      entity: "spending",
      entityId: expenditureId,
      before: spendingForAudit(existing.stream.name, existing),
      after: { ...spendingForAudit(stream.name, row), ...(overPence > 0 ? { recordedAnywayOverspentBy: formatPence(overPence) } : {}) },
    });
    return { ok: true as const, expenditureId, streamId: stream.id };
  });
}

export async function deleteSpending(access: InitiativeAccess, expenditureId: string) {
  const existing = await getSpending(access.initiativeId, expenditureId);
  if (!existing) return refused("That spending is not in this initiative's budget.");
  if (!mayChangeSpending(access, existing)) return refused("You can remove only the spending you recorded for your own agency.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.expenditure.delete({ where: { id: expenditureId } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "spending.deleted",
      entity: "spending",
      entityId: expenditureId,
      before: spendingForAudit(existing.stream.name, existing),
    });
  });
  return { ok: true as const, streamId: existing.streamId };
}

// ─── In-kind contributions ───────────────────────────────────────────────────────────────────

async function getInKind(initiativeId: string, contributionId: string) {
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

async function checkInKindInput(access: InitiativeAccess, input: InKindInput): Promise<Refused | null> {
  const agency = await prisma.initiativeAgency.findUnique({
    where: { initiativeId_agencyId: { initiativeId: access.initiativeId, agencyId: input.agencyId } },
  });
  if (!agency) return refused("Choose one of this initiative's agencies", "agencyId");
  if (!mayAddInKindFor(access, input.agencyId)) return refused("You can record in-kind contributions only for the agency you represent", "agencyId");
  return null;
}

function inKindData(input: InKindInput) {
  return {
    agencyId: input.agencyId,
    kind: input.kind,
    description: input.description,
    fteHundredths: input.kind === "staff_time" ? input.fte : null,
    startDate: parseCalendarDate(input.startDate)!,
    endDate: parseCalendarDate(input.endDate)!,
    valuePence: input.value,
    valuationMethod: input.valuationMethod,
    status: input.status,
  };
}

async function inKindForAudit(db: Prisma.TransactionClient, initiativeId: string, contributionId: string) {
  const item = await db.inKindContribution.findFirst({ where: { id: contributionId, initiativeId }, select: inKindSelect });
  if (!item) return null;
  return {
    agency: item.agency.name,
    kind: labelFor(IN_KIND_KINDS, item.kind),
    description: item.description,
    ...(item.fteHundredths === null ? {} : { fte: describeFte(item.fteHundredths) }),
    period: describePeriod(item.startDate, item.endDate),
    value: formatPence(item.valuePence),
    valuedBy: item.valuationMethod,
    status: labelFor(FUNDING_STATUSES, item.status),
  };
}

export async function createInKind(access: InitiativeAccess, input: InKindInput) {
  const problem = await checkInKindInput(access, input);
  if (problem) return problem;
  const actor = await getAuditActor(access.user);
  const created = await writeAsMember(access, async (tx) => {
    const row = await tx.inKindContribution.create({ data: { ...inKindData(input), initiativeId: access.initiativeId, createdById: access.user.id } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "in_kind.created",
      entity: "in_kind_contribution",
      entityId: row.id,
      after: await inKindForAudit(tx, access.initiativeId, row.id),
    });
    return row;
  });
  return { ok: true as const, contributionId: created.id };
}

export async function updateInKind(access: InitiativeAccess, contributionId: string, input: InKindInput) {
  const existing = await getInKind(access.initiativeId, contributionId);
  if (!existing) return refused("That contribution is not in this initiative's budget.");
  if (!mayChangeInKind(access, existing)) return refused("You can change only the contributions you recorded for your own agency.");
  const problem = await checkInKindInput(access, input);
  if (problem) return problem;
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    const before = await inKindForAudit(tx, access.initiativeId, contributionId);
    await tx.inKindContribution.update({ where: { id: contributionId }, data: inKindData(input) });
    const after = await inKindForAudit(tx, access.initiativeId, contributionId);
    await recordAudit(tx, { actor, initiativeId: access.initiativeId, action: "in_kind.updated", entity: "in_kind_contribution", entityId: contributionId, before, after });
  });
  return { ok: true as const, contributionId };
}

export async function deleteInKind(access: InitiativeAccess, contributionId: string) {
  const existing = await getInKind(access.initiativeId, contributionId);
  if (!existing) return refused("That contribution is not in this initiative's budget.");
  if (!mayChangeInKind(access, existing)) return refused("You can remove only the contributions you recorded for your own agency.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    const before = await inKindForAudit(tx, access.initiativeId, contributionId);
    await tx.inKindContribution.delete({ where: { id: contributionId } });
    await recordAudit(tx, { actor, initiativeId: access.initiativeId, action: "in_kind.deleted", entity: "in_kind_contribution", entityId: contributionId, before });
  });
  return { ok: true as const, description: existing.description };
}

// ─── Export ──────────────────────────────────────────────────────────────────────────────────

/**
 * The funding records as CSV: one row per funding stream, then one per in-kind contribution.
 * Amounts are plain numbers of pounds ("1234.50") so a spreadsheet can add them up.
 */
export async function fundingCsv(initiativeId: string, today = calendarToday()) {
  const budget = await getBudget(initiativeId, today, { spendingList: false });
  const header = [
    "record",
    "name or description",
    "type",
    "agency or funder",
    "status",
    "start date",
    "end date",
    "total (£)",
    "by financial year",
    "conditions",
    "continued by",
    "spent (£)",
    "balance (£)",
    "money runs out",
    "FTE",
    "how it was valued",
  ];
  const streams = budget.streams.map((s) => [
    "funding stream",
    s.name,
    s.typeLabel,
    s.outsideFunder ? `${s.contributor} (outside funder)` : s.contributor,
    s.statusLabel,
    toCalendarDateString(s.startDate),
    toCalendarDateString(s.endDate),
    penceToPoundsText(s.totalPence),
    s.amounts.map((a) => `${financialYearLabel(a.financialYear)}: ${penceToPoundsText(a.amountPence)}`).join("; "),
    s.conditions ?? "",
    s.successor?.name ?? "",
    penceToPoundsText(s.spentPence),
    penceToPoundsText(s.balancePence),
    s.runOut.headline,
    "",
    "",
  ]);
  const inKind = budget.inKind.map((c) => [
    "in-kind contribution",
    c.description,
    c.kindLabel,
    c.agency.name,
    c.statusLabel,
    toCalendarDateString(c.startDate),
    toCalendarDateString(c.endDate),
    penceToPoundsText(c.valuePence),
    "",
    "",
    "",
    "",
    "",
    "",
    c.fteHundredths === null ? "" : String(c.fteHundredths / 100),
    c.valuationMethod,
  ]);
  return toCsv([header, ...streams, ...inKind]);
}

/** Every spending of the initiative as CSV, oldest first. */
export async function spendingCsv(initiativeId: string) {
  const spending = await prisma.expenditure.findMany({
    where: { stream: { initiativeId } },
    select: { ...spendingSelect, stream: { select: { name: true, funderName: true, agency: { select: { name: true } } } } },
    orderBy: [{ spentOn: "asc" }, { createdAt: "asc" }],
  });
  const names = await userNames(spending.map((s) => s.createdById));
  const header = ["date", "funding stream", "agency or funder", "amount (£)", "category", "description", "approved by", "recorded by", "recorded at (UTC)"];
  const rows = spending.map((s) => [
    toCalendarDateString(s.spentOn),
    s.stream.name,
    s.stream.agency?.name ?? `${s.stream.funderName} (outside funder)`,
    penceToPoundsText(s.amountPence),
    s.category,
    s.description,
    s.approvedBy,
    names.get(s.createdById) ?? "a former member",
    s.createdAt.toISOString(),
  ]);
  return toCsv([header, ...rows]);
}
