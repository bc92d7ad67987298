import { beforeEach, describe, expect, test } from "vitest";
import {
  createInKind,
  createStream,
  deleteInKind,
  deleteSpending,
  deleteStream,
  recordSpending,
  updateInKind,
  updateSpending,
  updateStream,
} from "~/modules/funding/commands.server";
import { fundingCsv, spendingCsv } from "~/modules/funding/exports.server";
import { budgetsOf, getBudget, getFundingSummary, getSpending, getStream } from "~/modules/funding/queries.server";
import { monthsOfFundingLeft } from "~/modules/funding/funding";
import { ExpenditureSchema, FundingStreamSchema, InKindSchema } from "~/modules/funding/schema";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { addMember, createAgency, createInitiative, createUser, accessOf as accessFor } from "../fixtures";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const TODAY = day("2026-12-01");

let lead: SessionUser;
let initiativeId: string;
let social: string;
let health: string;
let school: string;

const accessOf = (user: SessionUser, id = initiativeId) => accessFor(user, id);

function parse<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } } },
  values: Record<string, string>,
): T {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
  return parsed.data;
}

const stream = (overrides: Record<string, string> = {}) =>
  parse(FundingStreamSchema, {
    name: "Pooled budget: Children's Services",
    type: "pooled",
    agencyId: social,
    status: "confirmed",
    startDate: "2026-04-01",
    endDate: "2028-03-31",
    totalAmount: "120,000",
    ...overrides,
  });

const spend = (streamId: string, overrides: Record<string, string> = {}) =>
  parse(ExpenditureSchema, {
    streamId,
    spentOn: "2026-11-15",
    amount: "2,500.50",
    category: "Training",
    description: "Autism awareness training for early years staff",
    approvedBy: "Priya Shah, partnership lead",
    ...overrides,
  });

const inKind = (overrides: Record<string, string> = {}) =>
  parse(InKindSchema, {
    agencyId: school,
    kind: "staff_time",
    description: "SENCo time for transition meetings",
    fte: "0.2",
    startDate: "2026-09-01",
    endDate: "2027-07-31",
    value: "9,000",
    valuationMethod: "Salary and on-costs of the SENCo, pro rata",
    status: "confirmed",
    ...overrides,
  });

async function created<T extends { ok: boolean }>(result: Promise<T | { ok: false; message: string }>) {
  const value = await result;
  if (!value.ok) throw new Error((value as { message: string }).message);
  return value as Extract<T, { ok: true }>;
}

beforeEach(async () => {
  social = (await createAgency("social_services")).id;
  health = (await createAgency("health")).id;
  school = (await createAgency("education")).id;
  lead = await createUser({ agencyId: social });
  initiativeId = (await createInitiative(lead, [health, school])).id;
});

describe("funding streams", () => {
  test("a lead records a stream; its total is split across financial years and the audit log names it", async () => {
    const { streamId } = await created(
      createStream(await accessOf(lead), stream({ totalAmount: "£100,000.01", startDate: "2026-01-01", endDate: "2026-06-30" })),
    );
    const amounts = await prisma.fundingAmount.findMany({ where: { streamId }, orderBy: { financialYear: "asc" } });
    // 90 days in 2025/26, 91 in 2026/27: whole pence that add up exactly.
    expect(amounts.map((a) => [a.financialYear, a.amountPence])).toEqual([
      [2025, 49_723_76],
      [2026, 50_276_25],
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "funding_stream.created" } });
    const after = JSON.parse(audit.after!);
    expect(after).toMatchObject({ name: "Pooled budget: Children's Services", total: "£100,000.01", byFinancialYear: { "2025/26": "£49,723.76" } });
    expect(audit.after).not.toContain(social);
  });

  test("an agency of another initiative, or another initiative's successor, is refused and nothing stored", async () => {
    const access = await accessOf(lead);
    const stranger = await createAgency("other");
    expect(await createStream(access, stream({ agencyId: stranger.id }))).toMatchObject({ ok: false, field: "agencyId" });

    const otherLead = await createUser({ agencyId: social });
    const other = await createInitiative(otherLead);
    const theirs = await created(createStream(await accessOf(otherLead, other.id), stream()));
    expect(await createStream(access, stream({ successorId: theirs.streamId }))).toMatchObject({ ok: false, field: "successorId" });
    expect(await prisma.fundingStream.count({ where: { initiativeId } })).toBe(0);
    expect(await getStream(initiativeId, theirs.streamId)).toBeNull();
    expect(await updateStream(access, theirs.streamId, stream({ name: "Taken over" }))).toMatchObject({ ok: false });
    expect(await deleteStream(access, theirs.streamId)).toMatchObject({ ok: false });
    expect(await prisma.fundingStream.findUniqueOrThrow({ where: { id: theirs.streamId } })).toMatchObject({
      name: "Pooled budget: Children's Services",
    });
  });

  test("an outside funder is named instead of an agency", async () => {
    const { streamId } = await created(
      createStream(
        await accessOf(lead),
        stream({
          name: "DfE SEND pathfinder grant",
          type: "grant",
          agencyId: "",
          funderName: "Department for Education",
          conditions: "Ring-fenced for speech and language therapy",
        }),
      ),
    );
    const saved = await getStream(initiativeId, streamId, TODAY);
    expect(saved).toMatchObject({
      agencyId: null,
      funderName: "Department for Education",
      contributor: "Department for Education",
      outsideFunder: true,
    });
  });

  test("successors: none may continue itself, two streams may not share one, and no loops", async () => {
    const access = await accessOf(lead);
    const a = await created(createStream(access, stream({ name: "Year one grant" })));
    const b = await created(createStream(access, stream({ name: "Year two grant" })));
    const c = await created(createStream(access, stream({ name: "Another grant" })));
    expect(await updateStream(access, a.streamId, stream({ name: "Year one grant", successorId: a.streamId }))).toMatchObject({
      ok: false,
      field: "successorId",
    });
    expect(await updateStream(access, a.streamId, stream({ name: "Year one grant", successorId: b.streamId }))).toMatchObject({ ok: true });
    expect(await updateStream(access, c.streamId, stream({ name: "Another grant", successorId: b.streamId }))).toMatchObject({
      ok: false,
      message: expect.stringContaining("already continues “Year one grant”"),
    });
    expect(await updateStream(access, b.streamId, stream({ name: "Year two grant", successorId: a.streamId }))).toMatchObject({
      ok: false,
      message: expect.stringContaining("loop"),
    });
  });

  test("changing a stream: its dates must still hold its spending, and a total below spending needs confirming", async () => {
    const access = await accessOf(lead);
    const { streamId } = await created(createStream(access, stream({ totalAmount: "10,000" })));
    await created(recordSpending(access, spend(streamId, { amount: "6,000", spentOn: "2026-06-10" }), TODAY));
    expect(await updateStream(access, streamId, stream({ totalAmount: "10,000", startDate: "2026-07-01" }))).toMatchObject({
      ok: false,
      field: "startDate",
      message: expect.stringContaining("10 June 2026"),
    });
    expect(await updateStream(access, streamId, stream({ totalAmount: "5,000" }))).toMatchObject({ ok: false, field: "recordAnyway" });
    expect((await getStream(initiativeId, streamId, TODAY))?.totalPence).toBe(10_000_00);
    expect(await updateStream(access, streamId, stream({ totalAmount: "5,000", recordAnyway: "yes" }))).toMatchObject({ ok: true });
    expect(await getStream(initiativeId, streamId, TODAY)).toMatchObject({ totalPence: 5_000_00, balancePence: -1_000_00, overspent: true });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "funding_stream.updated" } });
    expect(JSON.parse(audit.before!).total).toBe("£10,000.00");
    expect(JSON.parse(audit.after!).total).toBe("£5,000.00");
  });

  test("removing a stream removes its spending, and the audit log says how much", async () => {
    const access = await accessOf(lead);
    const { streamId } = await created(createStream(access, stream()));
    await created(recordSpending(access, spend(streamId), TODAY));
    expect(await deleteStream(access, streamId)).toEqual({ ok: true, name: "Pooled budget: Children's Services" });
    expect(await prisma.expenditure.count({ where: { streamId } })).toBe(0);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "funding_stream.deleted" } });
    expect(JSON.parse(audit.before!).spendingRemoved).toBe("1 records, £2,500.50");
  });
});

describe("spending", () => {
  let streamId: string;
  beforeEach(async () => {
    streamId = (await created(createStream(await accessOf(lead), stream({ totalAmount: "10,000", startDate: "2026-04-01", endDate: "2027-03-31" }))))
      .streamId;
  });

  test("dated outside the stream's period, or in the future: refused with the period, nothing stored", async () => {
    const access = await accessOf(lead);
    expect(await recordSpending(access, spend(streamId, { spentOn: "2026-03-31" }), TODAY)).toEqual({
      ok: false,
      field: "spentOn",
      message: "The date must be within the stream's period, 1 April 2026 to 31 March 2027",
    });
    expect(await recordSpending(access, spend(streamId, { spentOn: "2026-12-02" }), TODAY)).toMatchObject({
      ok: false,
      field: "spentOn",
      message: expect.stringContaining("future"),
    });
    expect(await prisma.expenditure.count({ where: { streamId } })).toBe(0);
  });

  test("another initiative's stream is refused", async () => {
    const otherLead = await createUser({ agencyId: social });
    const other = await createInitiative(otherLead);
    const theirs = await created(createStream(await accessOf(otherLead, other.id), stream()));
    expect(await recordSpending(await accessOf(lead), spend(theirs.streamId), TODAY)).toMatchObject({ ok: false, field: "streamId" });
    const theirSpending = await created(recordSpending(await accessOf(otherLead, other.id), spend(theirs.streamId), TODAY));
    expect(await getSpending(initiativeId, theirSpending.expenditureId)).toBeNull();
    expect(await updateSpending(await accessOf(lead), theirSpending.expenditureId, spend(streamId), TODAY)).toMatchObject({ ok: false });
    expect(await deleteSpending(await accessOf(lead), theirSpending.expenditureId)).toMatchObject({ ok: false });
    expect(await prisma.expenditure.count({ where: { streamId: theirs.streamId } })).toBe(1);
  });

  test("spending over the total is refused with a warning until 'record it anyway' is ticked", async () => {
    const access = await accessOf(lead);
    await created(recordSpending(access, spend(streamId, { amount: "8,000" }), TODAY));
    const warned = await recordSpending(access, spend(streamId, { amount: "2,500" }), TODAY);
    expect(warned).toEqual({
      ok: false,
      field: "recordAnyway",
      message:
        "This would take spending on “Pooled budget: Children's Services” to £10,500.00, which is £500.00 more than its total of £10,000.00. Check the amount, or tick “Record it anyway” to record it overspent.",
    });
    expect(await prisma.expenditure.count({ where: { streamId } })).toBe(1);
    await created(recordSpending(access, spend(streamId, { amount: "2,500", recordAnyway: "yes" }), TODAY));
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "spending.recorded" }, orderBy: { at: "desc" } });
    expect(JSON.parse(audit.after!)).toMatchObject({
      amount: "£2,500.00",
      recordedAnywayOverspentBy: "£500.00",
      stream: "Pooled budget: Children's Services",
    });
    expect((await getBudget(initiativeId, TODAY)).overspent.map((s) => s.name)).toEqual(["Pooled budget: Children's Services"]);
  });

  test("two spends sent at the same moment cannot both slip under the total", async () => {
    const access = await accessOf(lead);
    // Each fits on its own; together they would overspend. The check runs inside each write's
    // transaction, so the second sees the first.
    const results = await Promise.all([
      recordSpending(access, spend(streamId, { amount: "6,000" }), TODAY),
      recordSpending(access, spend(streamId, { amount: "6,000" }), TODAY),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ field: "recordAnyway" })]);
    expect(await prisma.expenditure.count({ where: { streamId } })).toBe(1);
  });

  test("changing spending leaves its own amount out of the over-spending check", async () => {
    const access = await accessOf(lead);
    const { expenditureId } = await created(recordSpending(access, spend(streamId, { amount: "9,000" }), TODAY));
    expect(await updateSpending(access, expenditureId, spend(streamId, { amount: "10,000" }), TODAY)).toMatchObject({ ok: true });
    expect(await updateSpending(access, expenditureId, spend(streamId, { amount: "10,000.01" }), TODAY)).toMatchObject({
      ok: false,
      field: "recordAnyway",
    });
    expect((await getSpending(initiativeId, expenditureId))?.amountPence).toBe(10_000_00);
    expect(await deleteSpending(access, expenditureId)).toMatchObject({ ok: true });
    expect(
      await prisma.auditEvent.findMany({ where: { initiativeId, entity: "spending" }, select: { action: true }, orderBy: { at: "asc" } }),
    ).toEqual([{ action: "spending.recorded" }, { action: "spending.updated" }, { action: "spending.deleted" }]);
  });
});

describe("who may do what", () => {
  test("members record spending and in-kind only for the agency they represent; only editors keep streams", async () => {
    const leadAccess = await accessOf(lead);
    const socialStream = await created(createStream(leadAccess, stream()));
    const healthStream = await created(createStream(leadAccess, stream({ name: "ICB contribution", agencyId: health })));
    const grant = await created(
      createStream(leadAccess, stream({ name: "DfE grant", type: "grant", agencyId: "", funderName: "Department for Education" })),
    );
    const nurse = await createUser({ agencyId: health });
    await addMember(initiativeId, nurse, "member");
    const access = await accessOf(nurse);

    expect(await createStream(access, stream({ agencyId: health }))).toMatchObject({ ok: false });
    expect(await updateStream(access, healthStream.streamId, stream({ agencyId: health, name: "Renamed" }))).toMatchObject({ ok: false });
    expect(await recordSpending(access, spend(socialStream.streamId), TODAY)).toMatchObject({ ok: false, field: "streamId" });
    expect(await recordSpending(access, spend(grant.streamId), TODAY)).toMatchObject({ ok: false, field: "streamId" });
    const own = await created(recordSpending(access, spend(healthStream.streamId), TODAY));
    const leads = await created(recordSpending(leadAccess, spend(healthStream.streamId), TODAY));
    expect(await updateSpending(access, leads.expenditureId, spend(healthStream.streamId, { amount: "1" }), TODAY)).toMatchObject({ ok: false });
    expect(await deleteSpending(access, own.expenditureId)).toMatchObject({ ok: true });

    expect(await createInKind(access, inKind({ agencyId: school }))).toMatchObject({ ok: false, field: "agencyId" });
    const mine = await created(createInKind(access, inKind({ agencyId: health, kind: "premises", fte: "", description: "Clinic room on Tuesdays" })));
    const schools = await created(createInKind(leadAccess, inKind()));
    expect(await updateInKind(access, schools.contributionId, inKind({ agencyId: health }))).toMatchObject({ ok: false });
    expect(await deleteInKind(access, schools.contributionId)).toMatchObject({ ok: false });
    expect(await deleteInKind(access, mine.contributionId)).toMatchObject({ ok: true });

    const observer = await createUser({ agencyId: health });
    await addMember(initiativeId, observer, "observer");
    expect(await recordSpending(await accessOf(observer), spend(healthStream.streamId), TODAY)).toMatchObject({ ok: false });
    expect(await createInKind(await accessOf(observer), inKind({ agencyId: health }))).toMatchObject({ ok: false });
  });
});

describe("in-kind contributions", () => {
  test("staff time keeps its FTE; other kinds drop it; an agency of another initiative is refused", async () => {
    const access = await accessOf(lead);
    const staff = await created(createInKind(access, inKind()));
    const room = await created(createInKind(access, inKind({ kind: "premises", description: "Meeting room", fte: "0.5", value: "1,200" })));
    expect(await prisma.inKindContribution.findUniqueOrThrow({ where: { id: staff.contributionId } })).toMatchObject({
      fteHundredths: 20,
      valuePence: 9_000_00,
    });
    expect(await prisma.inKindContribution.findUniqueOrThrow({ where: { id: room.contributionId } })).toMatchObject({ fteHundredths: null });
    const stranger = await createAgency("other");
    expect(await createInKind(access, inKind({ agencyId: stranger.id }))).toMatchObject({ ok: false, field: "agencyId" });
    expect(await updateInKind(access, staff.contributionId, inKind({ value: "9,500.50" }))).toMatchObject({ ok: true });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "in_kind.updated" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ value: "£9,000.00", fte: "0.2 FTE" });
    expect(JSON.parse(audit.after!)).toMatchObject({ value: "£9,500.50" });
  });
});

describe("the budget", () => {
  test("shares, balances, committed by status, run-out and the streams ending without a successor", async () => {
    const access = await accessOf(lead);
    const pooled = await created(createStream(access, stream({ totalAmount: "60,000", startDate: "2026-04-01", endDate: "2028-03-31" })));
    await created(createStream(access, stream({ name: "ICB contribution", agencyId: health, totalAmount: "30,000", status: "pledged" })));
    const grant = await created(
      createStream(
        access,
        stream({
          name: "DfE grant",
          type: "grant",
          agencyId: "",
          funderName: "Department for Education",
          totalAmount: "9,000",
          startDate: "2026-04-01",
          endDate: "2027-03-31",
          status: "received",
        }),
      ),
    );
    await created(createInKind(access, inKind({ value: "1,000" })));
    await created(recordSpending(access, spend(pooled.streamId, { amount: "18,000", spentOn: "2026-10-01" }), TODAY));
    await created(recordSpending(access, spend(grant.streamId, { amount: "3,000", spentOn: "2026-11-30" }), TODAY));

    const budget = await getBudget(initiativeId, TODAY);
    expect(budget.shares.contributors.map((c) => [c.name, c.cashPence, c.inKindPence, c.sharePermille])).toEqual([
      [expect.stringContaining("Agency"), 60_000_00, 0, 600],
      [expect.stringContaining("Agency"), 30_000_00, 0, 300],
      ["Department for Education", 9_000_00, 0, 90],
      [expect.stringContaining("Agency"), 0, 1_000_00, 10],
    ]);
    expect(budget.totals).toEqual({ cashPence: 99_000_00, spentPence: 21_000_00, balancePence: 78_000_00 });
    expect(budget.committed.rows.map((r) => [r.status, r.totalPence])).toEqual([
      ["pledged", 30_000_00],
      ["confirmed", 61_000_00],
      ["received", 9_000_00],
    ]);
    const dfe = budget.streams.find((s) => s.name === "DfE grant")!;
    // £3,000 in the last 90 days is £33.33 a day: the £6,000 left would last 180 days, past the end of March.
    expect(dfe).toMatchObject({
      balancePence: 6_000_00,
      endsSoonWithoutSuccessor: true,
      runOut: { kind: "outlasts", headline: "Ends 31 March 2027 before the money runs out" },
    });
    expect(budget.endingSoon.map((s) => s.name)).toEqual(["DfE grant"]);
    const pooledNow = budget.streams.find((s) => s.id === pooled.streamId)!;
    // £18,000 in 90 days is £200 a day: the £42,000 left runs out 210 days from today.
    expect(pooledNow.runOut).toEqual({
      kind: "runs_out",
      value: "Around 29 June 2027",
      headline: "Runs out around 29 June 2027",
      detail: "At the current rate of £6,087.50 a month.",
    });
    // The whole budget: £21,000 in 90 days is £233.33 a day; £78,000 lasts 335 days.
    expect(budget.runOut).toMatchObject({ kind: "runs_out", headline: "Runs out around 1 November 2027" });

    const summary = await getFundingSummary(initiativeId, TODAY);
    expect(summary).toMatchObject({
      streams: 3,
      inKindContributions: 1,
      committedPence: 100_000_00,
      spentPence: 21_000_00,
      balancePence: 78_000_00,
      endingSoonWithoutSuccessor: 1,
      overspentStreams: 0,
      largestContributor: { share: "60.0%" },
    });
  });

  test("the audit's budgets of many initiatives, summed by the database, are each budget page's figures", async () => {
    // Streams written directly, to reach what the forms refuse too (spending dated outside its stream).
    type Payment = [spentOn: string, pounds: number];
    const cases: Array<Array<{ start: string; end: string; pounds: number; payments: Payment[] }>> = [
      [], // no streams
      [{ start: "2026-04-01", end: "2028-03-31", pounds: 60_000, payments: [] }], // nothing spent
      [
        {
          start: "2026-04-01",
          end: "2028-03-31",
          pounds: 60_000,
          payments: [
            ["2026-05-01", 9_000],
            ["2026-06-01", 1_000],
          ],
        },
      ], // nothing recent
      // Before the window, twice on one day within it, today, and after today.
      [
        {
          start: "2026-04-01",
          end: "2028-03-31",
          pounds: 60_000,
          payments: [
            ["2026-05-01", 9_000],
            ["2026-10-01", 1_000],
            ["2026-10-01", 500],
            ["2026-12-01", 250],
            ["2027-01-15", 700],
          ],
        },
      ],
      // Two streams, one started within the window, and spending before every stream's start.
      [
        {
          start: "2026-10-15",
          end: "2027-03-31",
          pounds: 12_000,
          payments: [
            ["2026-09-20", 400],
            ["2026-11-01", 3_000],
          ],
        },
        {
          start: "2026-04-01",
          end: "2027-06-30",
          pounds: 8_000,
          payments: [
            ["2026-08-30", 2_000],
            ["2026-09-03", 100],
          ],
        },
      ],
      [{ start: "2026-04-01", end: "2028-03-31", pounds: 20_000, payments: [["2026-11-20", 9_000]] }], // runs out before its end
      [{ start: "2026-04-01", end: "2027-03-31", pounds: 5_000, payments: [["2026-11-01", 5_000]] }], // spent
      [{ start: "2025-04-01", end: "2026-03-31", pounds: 5_000, payments: [["2025-11-01", 1_000]] }], // ended
      [{ start: "2027-04-01", end: "2028-03-31", pounds: 5_000, payments: [] }], // not started
      [{ start: "2026-04-01", end: "2027-03-31", pounds: 5_000, payments: [["2027-02-01", 100]] }], // only after today
    ];
    const ids: string[] = [];
    for (const streams of cases) {
      const id = (await createInitiative(lead, [health])).id;
      ids.push(id);
      for (const [n, s] of streams.entries()) {
        await prisma.fundingStream.create({
          data: {
            initiativeId: id,
            name: `Stream ${n}`,
            type: "pooled",
            agencyId: social,
            status: "confirmed",
            startDate: day(s.start),
            endDate: day(s.end),
            createdById: lead.id,
            amounts: {
              create: [
                { financialYear: 2026, amountPence: (s.pounds * 100) / 2 },
                { financialYear: 2027, amountPence: (s.pounds * 100) / 2 },
              ],
            },
            spending: {
              create: s.payments.map(([on, pounds]) => ({
                spentOn: day(on),
                amountPence: pounds * 100,
                category: "Staff",
                description: "Key worker",
                approvedBy: "Lead",
                createdById: lead.id,
              })),
            },
          },
        });
      }
    }
    const budgets = await budgetsOf(ids, TODAY);
    const kinds = new Set<string>();
    for (const id of ids) {
      const page = await getBudget(id, TODAY);
      kinds.add(page.runOut?.kind ?? "none");
      expect(budgets.get(id)).toEqual({
        cashPence: page.totals.cashPence,
        balancePence: page.totals.balancePence,
        runOut: page.runOut,
        monthsLeft: page.runOutProjection ? monthsOfFundingLeft(page.runOutProjection, TODAY) : null,
      });
    }
    // The cases reach every kind of run-out.
    expect([...kinds].sort()).toEqual(["ended", "no_recent_spending", "no_spending", "none", "not_started", "outlasts", "runs_out", "spent"]);
  });

  test("a budget is kept between views only until something it shows changes, or the day does (decision 016)", async () => {
    const access = await accessOf(lead);
    const pooled = await created(createStream(access, stream({ totalAmount: "60,000" })));
    const first = await getBudget(initiativeId, TODAY);
    expect(first.totals.spentPence).toBe(0);
    expect(await getBudget(initiativeId, TODAY)).toBe(first);
    // The audit's budgets too.
    const audited = await budgetsOf([initiativeId], TODAY);
    expect(await budgetsOf([initiativeId], TODAY)).toBe(audited);

    await created(recordSpending(access, spend(pooled.streamId, { amount: "1,000", spentOn: "2026-11-15" }), TODAY));
    const afterSpending = await getBudget(initiativeId, TODAY);
    expect(afterSpending.totals.spentPence).toBe(1_000_00);
    expect((await budgetsOf([initiativeId], TODAY)).get(initiativeId)!.balancePence).toBe(59_000_00);
    expect(afterSpending.spending.map((s) => s.recordedBy)).toEqual([lead.name]);

    // Names shown on the budget, changed anywhere: the contributor's agency and who recorded it.
    await prisma.agency.update({ where: { id: social }, data: { name: "Northshire Children's Services" } });
    await prisma.user.update({ where: { id: lead.id }, data: { name: "Priya Shah" } });
    const renamed = await getBudget(initiativeId, TODAY);
    expect(renamed.streams[0]!.contributor).toBe("Northshire Children's Services");
    expect(renamed.spending[0]!.recordedBy).toBe("Priya Shah");

    // The next day is read afresh: "runs out" is counted from it.
    expect((await getBudget(initiativeId, day("2026-12-02"))).today).toEqual(day("2026-12-02"));
    // Without the list of payments, the figures are the same.
    const figuresOnly = await getBudget(initiativeId, TODAY, { spendingList: false });
    expect(figuresOnly.spending).toEqual([]);
    expect(figuresOnly.totals).toEqual(renamed.totals);
  });

  test("an empty budget", async () => {
    const budget = await getBudget(initiativeId, TODAY);
    expect(budget).toMatchObject({ streams: [], inKind: [], spending: [], runOut: null, totals: { cashPence: 0 } });
    expect((await getFundingSummary(initiativeId, TODAY)).largestContributor).toBeNull();
  });

  test("the CSV exports list streams, in-kind contributions and spending in plain pounds", async () => {
    const access = await accessOf(lead);
    const { streamId } = await created(
      createStream(
        access,
        stream({ totalAmount: "1,234.5", startDate: "2026-04-01", endDate: "2027-03-31", conditions: "=Ring-fenced for therapy" }),
      ),
    );
    await created(createInKind(access, inKind()));
    await created(recordSpending(access, spend(streamId, { amount: "34.50", description: 'Room hire, "Hall"' }), TODAY));
    const funding = await fundingCsv(initiativeId, TODAY);
    const [header, first, second] = funding.split("\r\n");
    expect(header).toBe(
      "record,name or description,type,agency or funder,status,start date,end date,total (£),by financial year,conditions,continued by,spent (£),balance (£),money runs out,FTE,how it was valued",
    );
    expect(first).toContain("funding stream,Pooled budget: Children's Services,Pooled budget,");
    expect(first).toContain(",1234.50,2026/27: 1234.50,'=Ring-fenced for therapy,,34.50,1200.00,");
    expect(second).toContain("in-kind contribution,SENCo time for transition meetings,Staff time,");
    expect(second).toContain(",9000.00,,,,,,,0.2,");
    const spending = await spendingCsv(initiativeId);
    expect(spending.split("\r\n")[0]).toBe(
      "date,funding stream,agency or funder,amount (£),category,description,approved by,recorded by,recorded at (UTC)",
    );
    expect(spending).toContain(`2026-11-15,Pooled budget: Children's Services,`);
    expect(spending).toContain(`,34.50,Training,"Room hire, ""Hall""","Priya Shah, partnership lead",${lead.name},`);
  });
});
