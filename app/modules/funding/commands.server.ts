import type { Prisma } from "~/generated/prisma/client";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { recordSystemPost } from "~/utils/system-posts.server";
import { prisma } from "~/utils/db.server";
import { calendarToday, financialYearLabel, formatCalendarDate, parseCalendarDate, toCalendarDateString } from "~/utils/dates";
import { writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import {
  createsSuccessionLoop,
  describeFte,
  describePeriod,
  FUNDING_STATUSES,
  FUNDING_TYPES,
  IN_KIND_KINDS,
  labelFor,
  overspendBy,
  splitAcrossFinancialYears,
} from "./funding";
import { formatPence } from "./money";
import type { ExpenditureInput, FundingStreamInput, InKindInput } from "./schema";
import { refused, type Refused } from "~/utils/refusal";
import { mayAddInKindFor, mayChangeInKind, mayChangeSpending, mayManageStreams, mayRecordSpendingOn } from "./permissions";
import { getInKind, getSpending, inKindSelect, streamSelect } from "./queries.server";

/**
 * Changes to the joint budget of one initiative: funding streams, spending against them, and
 * in-kind contributions. Each checks the caller's access and the initiative's records, then
 * writes and audits in one transaction.
 */

// ─── Funding streams ────────────────────────────────────────────────────────────────────────

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
    const spending = await prisma.expenditure.findMany({
      where: { streamId },
      select: { spentOn: true, amountPence: true },
      orderBy: { spentOn: "asc" },
    });
    const first = spending[0];
    const last = spending.at(-1);
    if (first && first.spentOn < start) {
      return refused(
        `Spending is recorded on ${formatCalendarDate(first.spentOn)}, before this start date: change the date, or move that spending first`,
        "startDate",
      );
    }
    if (last && last.spentOn > end) {
      return refused(
        `Spending is recorded on ${formatCalendarDate(last.spentOn)}, after this end date: change the date, or move that spending first`,
        "endDate",
      );
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
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "funding_stream.updated",
      entity: "funding_stream",
      entityId: streamId,
      before,
      after,
    });
    if (wasPledged && isCommitted(input.status)) await announceConfirmed(tx, access, streamId, input);
  });
  return { ok: true as const, streamId };
}

/** Removes a stream with its spending (the confirmation page says how much goes with it). */
export async function deleteStream(access: InitiativeAccess, streamId: string) {
  if (!mayManageStreams(access)) return refused("Only leads and coordinators can remove funding streams.");
  const existing = await prisma.fundingStream.findFirst({
    where: { id: streamId, initiativeId: access.initiativeId },
    select: { id: true, name: true },
  });
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

// ─── Spending ───────────────────────────────────────────────────────────────────────────────

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

/** What a form of spending sets on its row, once checked (checkSpendingInput). */
function spendingFields(input: ExpenditureInput, streamId: string, spentOn: Date) {
  return { streamId, spentOn, amountPence: input.amount, category: input.category, description: input.description, approvedBy: input.approvedBy };
}

export async function recordSpending(access: InitiativeAccess, input: ExpenditureInput, today = calendarToday()) {
  const actor = await getAuditActor(access.user);
  return writeAsMember(access, async (tx) => {
    const checked = await checkSpendingInput(tx, access, input, null, today);
    if (checked.problem) return checked.problem;
    const { stream, spentOn, overPence } = checked;
    const row = await tx.expenditure.create({ data: { ...spendingFields(input, stream.id, spentOn), createdById: access.user.id } });
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
    const row = await tx.expenditure.update({ where: { id: expenditureId }, data: spendingFields(input, stream.id, spentOn) });
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

// ─── In-kind contributions ──────────────────────────────────────────────────────────────────

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
    const row = await tx.inKindContribution.create({
      data: { ...inKindData(input), initiativeId: access.initiativeId, createdById: access.user.id },
    });
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
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "in_kind.updated",
      entity: "in_kind_contribution",
      entityId: contributionId,
      before,
      after,
    });
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
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "in_kind.deleted",
      entity: "in_kind_contribution",
      entityId: contributionId,
      before,
    });
  });
  return { ok: true as const, description: existing.description };
}
