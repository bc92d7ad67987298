import { describe, expect, test } from "vitest";
import {
  apportion,
  committedByStatus,
  createsSuccessionLoop,
  describeRunOut,
  endsSoonWithoutSuccessor,
  formatShare,
  overspendBy,
  percentShares,
  projectRunOut,
  sharesByContributor,
  splitAcrossFinancialYears,
  streamBalance,
} from "./funding";
import { formatPence, penceToPoundsText, parsePoundsToPence } from "./money";
import { ExpenditureSchema, FundingStreamSchema, InKindSchema } from "./schema";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("money", () => {
  test("pence are shown as pounds with thousands separators and two decimal places", () => {
    expect(formatPence(0)).toBe("£0.00");
    expect(formatPence(5)).toBe("£0.05");
    expect(formatPence(123456)).toBe("£1,234.56");
    expect(formatPence(100_000_000_00)).toBe("£100,000,000.00");
    expect(formatPence(-250)).toBe("-£2.50");
    expect(penceToPoundsText(123456)).toBe("1234.56");
    expect(penceToPoundsText(-7)).toBe("-0.07");
    expect(() => formatPence(1.5)).toThrow(RangeError);
  });

  test("pounds typed in a form become whole pence, without floats", () => {
    expect(parsePoundsToPence("1250")).toEqual({ ok: true, pence: 125000 });
    expect(parsePoundsToPence("£1,250.5")).toEqual({ ok: true, pence: 125050 });
    expect(parsePoundsToPence(" £ 0.10 ")).toEqual({ ok: true, pence: 10 });
    expect(parsePoundsToPence("19.99")).toEqual({ ok: true, pence: 1999 });
    expect(parsePoundsToPence("1,234,567.89")).toEqual({ ok: true, pence: 123456789 });
  });

  test("each kind of bad amount has its own reason", () => {
    expect(parsePoundsToPence("")).toEqual({ ok: false, problem: "empty" });
    expect(parsePoundsToPence("-5")).toEqual({ ok: false, problem: "negative" });
    expect(parsePoundsToPence("£-5")).toEqual({ ok: false, problem: "negative" });
    expect(parsePoundsToPence("-£5.999")).toEqual({ ok: false, problem: "negative" });
    expect(parsePoundsToPence("(5.00)")).toEqual({ ok: false, problem: "negative" });
    expect(parsePoundsToPence("ten pounds")).toEqual({ ok: false, problem: "not_a_number" });
    expect(parsePoundsToPence("1,23")).toEqual({ ok: false, problem: "not_a_number" });
    expect(parsePoundsToPence("1e5")).toEqual({ ok: false, problem: "not_a_number" });
    expect(parsePoundsToPence("12.")).toEqual({ ok: false, problem: "not_a_number" });
    expect(parsePoundsToPence("12.345")).toEqual({ ok: false, problem: "too_many_decimals" });
    expect(parsePoundsToPence("20000000.01")).toEqual({ ok: false, problem: "too_large" });
    expect(parsePoundsToPence("99999999999999999999")).toEqual({ ok: false, problem: "too_large" });
  });
});

describe("splitting across financial years", () => {
  test("a total is split pro rata by days, in whole pence adding up exactly", () => {
    // 1 January to 31 March 2026 is 90 days; 1 April to 30 June 2026 is 91.
    const split = splitAcrossFinancialYears(181_00, day("2026-01-01"), day("2026-06-30"));
    expect(split).toEqual([
      { financialYear: 2025, amountPence: 90_00 },
      { financialYear: 2026, amountPence: 91_00 },
    ]);
    const awkward = splitAcrossFinancialYears(100_000_01, day("2025-09-01"), day("2027-08-31"));
    expect(awkward.map((a) => a.financialYear)).toEqual([2025, 2026, 2027]);
    expect(awkward.reduce((sum, a) => sum + a.amountPence, 0)).toBe(100_000_01);
    expect(awkward.every((a) => Number.isInteger(a.amountPence))).toBe(true);
    expect(splitAcrossFinancialYears(5000, day("2026-04-01"), day("2027-03-31"))).toEqual([{ financialYear: 2026, amountPence: 5000 }]);
  });

  test("one penny over three equal years goes to the first", () => {
    expect(apportion(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(10, [0, 0])).toEqual([0, 0]);
  });
});

describe("shares", () => {
  test("displayed percentages always add up to exactly 100", () => {
    const thirds = percentShares([1, 1, 1]);
    expect(thirds).toEqual([334, 333, 333]);
    expect(thirds.map(formatShare)).toEqual(["33.4%", "33.3%", "33.3%"]);
    for (const amounts of [
      [1, 2, 3, 4, 5, 6, 7],
      [999_99, 1, 1],
      [33_333_33, 33_333_33, 33_333_34, 7],
    ]) {
      expect(percentShares(amounts).reduce((a, b) => a + b, 0)).toBe(1000);
    }
    expect(percentShares([0, 0])).toEqual([0, 0]);
  });

  test("each agency's cash and in-kind together; outside funders count as contributors", () => {
    const social = { id: "s", name: "Children's Services" };
    const health = { id: "h", name: "NHS Trust" };
    const school = { id: "e", name: "Riverside Primary" };
    const shares = sharesByContributor(
      [
        { agency: social, funderName: null, totalPence: 60_000_00 },
        { agency: health, funderName: null, totalPence: 30_000_00 },
        { agency: social, funderName: null, totalPence: 10_000_00 },
        { agency: null, funderName: "Department for Education", totalPence: 40_000_00 },
        { agency: null, funderName: " department for education ", totalPence: 5_000_00 },
      ],
      [
        { agency: school, valuePence: 15_000_00 },
        { agency: health, valuePence: 5_000_00 },
      ],
    );
    expect(shares.contributors.map((c) => [c.name, c.cashPence, c.inKindPence, c.sharePermille, c.outsideFunder])).toEqual([
      ["Children's Services", 70_000_00, 0, 424, false],
      ["Department for Education", 45_000_00, 0, 273, true],
      ["NHS Trust", 30_000_00, 5_000_00, 212, false],
      ["Riverside Primary", 0, 15_000_00, 91, false],
    ]);
    // 165,000: 42.42%, 27.27%, 21.21% and 9.09% round down to 99.8%; the two largest remainders get the rest.
    expect(shares.totalPence).toBe(165_000_00);
    expect(shares.contributors.reduce((a, c) => a + c.sharePermille, 0)).toBe(1000);
  });

  test("committed money by status", () => {
    const committed = committedByStatus(
      [
        { status: "pledged", totalPence: 100 },
        { status: "received", totalPence: 250 },
        { status: "received", totalPence: 50 },
      ],
      [{ status: "confirmed", valuePence: 75 }],
    );
    expect(committed.rows.map((r) => [r.status, r.cashPence, r.inKindPence, r.totalPence])).toEqual([
      ["pledged", 100, 0, 100],
      ["confirmed", 0, 75, 75],
      ["received", 300, 0, 300],
    ]);
    expect(committed.totalPence).toBe(475);
  });
});

describe("balances", () => {
  test("total, spent and balance of a stream", () => {
    const balance = streamBalance({
      amounts: [{ amountPence: 60_000_00 }, { amountPence: 40_000_00 }],
      spending: [{ amountPence: 25_000_00 }, { amountPence: 12_500_50 }],
    });
    expect(balance).toEqual({ totalPence: 100_000_00, spentPence: 37_500_50, balancePence: 62_499_50, overspent: false, spentPermille: 375 });
    expect(streamBalance({ amounts: [{ amountPence: 100 }], spending: [{ amountPence: 150 }] })).toMatchObject({
      balancePence: -50,
      overspent: true,
      spentPermille: 1500,
    });
  });

  test("how far a spending would go over the total", () => {
    expect(overspendBy(1000, 600, 400)).toBe(0);
    expect(overspendBy(1000, 600, 401)).toBe(1);
    expect(overspendBy(1000, 0, 2500)).toBe(1500);
  });
});

describe("when the money runs out", () => {
  const stream = { startDate: day("2026-04-01"), endDate: day("2028-03-31") };
  const today = day("2026-12-01");

  test("no spending yet says so", () => {
    expect(projectRunOut({ ...stream, balancePence: 100_00, spending: [] }, today)).toEqual({ kind: "no_spending" });
    expect(describeRunOut({ kind: "no_spending" }).headline).toBe("No spending yet");
    expect(projectRunOut({ startDate: day("2027-04-01"), endDate: day("2028-03-31"), balancePence: 100_00, spending: [] }, today)).toEqual({
      kind: "not_started",
      startDate: day("2027-04-01"),
    });
  });

  test("the rate is the spending of the last 90 days, per day", () => {
    // £9,000 in the 90 days to today is £100 a day; £5,000 left lasts 50 days.
    const runOut = projectRunOut(
      {
        ...stream,
        balancePence: 5_000_00,
        spending: [
          { spentOn: day("2026-06-01"), amountPence: 50_000_00 }, // before the window: not in the rate
          { spentOn: day("2026-09-03"), amountPence: 4_000_00 }, // the window's first day
          { spentOn: day("2026-11-30"), amountPence: 5_000_00 },
        ],
      },
      today,
    );
    expect(runOut).toEqual({ kind: "runs_out", date: day("2027-01-20"), pencePerMonth: 3_043_75 });
    expect(describeRunOut(runOut)).toEqual({
      value: "Around 20 January 2027",
      headline: "Runs out around 20 January 2027",
      detail: "At the current rate of £3,043.75 a month.",
    });
  });

  test("a stream younger than 90 days is measured since it started", () => {
    // Started 10 days ago (11 days counting today); £1,100 spent is £100 a day; £1,000 lasts 10 days.
    const young = { startDate: day("2026-11-21"), endDate: day("2027-11-20") };
    const runOut = projectRunOut({ ...young, balancePence: 1_000_00, spending: [{ spentOn: day("2026-11-25"), amountPence: 1_100_00 }] }, today);
    expect(runOut).toMatchObject({ kind: "runs_out", date: day("2026-12-11") });
  });

  test("a part-day left counts as a day more", () => {
    const runOut = projectRunOut({ ...stream, balancePence: 150_00, spending: [{ spentOn: day("2026-11-01"), amountPence: 9_000_00 }] }, today);
    expect(runOut).toMatchObject({ kind: "runs_out", date: day("2026-12-03") });
  });

  test("when the stream ends before the money runs out, that is said, with what would be left", () => {
    const short = { startDate: day("2026-04-01"), endDate: day("2026-12-31") };
    const runOut = projectRunOut({ ...short, balancePence: 10_000_00, spending: [{ spentOn: day("2026-10-01"), amountPence: 9_000_00 }] }, today);
    // £100 a day for the 30 days after today leaves £7,000.
    expect(runOut).toMatchObject({ kind: "outlasts", endDate: day("2026-12-31"), leftAtEndPence: 7_000_00 });
    expect(describeRunOut(runOut).headline).toBe("Ends 31 December 2026 before the money runs out");
    expect(describeRunOut(runOut).detail).toBe(
      "It ends on 31 December 2026: at the current rate of £3,043.75 a month, about £7,000.00 would be left unspent.",
    );
    expect(describeRunOut(runOut, "budget")).toMatchObject({
      value: "Not before the last stream ends",
      headline: "The last stream ends 31 December 2026 before the money runs out",
    });
  });

  test("spent out, overspent, quiet for 90 days, and ended", () => {
    const spent = [{ spentOn: day("2026-05-01"), amountPence: 100 }];
    expect(projectRunOut({ ...stream, balancePence: 0, spending: spent }, today)).toEqual({ kind: "spent", balancePence: 0 });
    expect(describeRunOut({ kind: "spent", balancePence: -250 })).toEqual({
      value: "Overspent",
      headline: "Overspent",
      detail: "Spending is £2.50 more than the total.",
    });
    expect(projectRunOut({ ...stream, balancePence: 500, spending: spent }, today)).toEqual({ kind: "no_recent_spending", windowDays: 90 });
    expect(projectRunOut({ ...stream, balancePence: 500, spending: spent }, day("2028-04-01"))).toEqual({
      kind: "ended",
      endDate: day("2028-03-31"),
      balancePence: 500,
    });
  });

  test("spending dated after today does not count towards the rate", () => {
    expect(projectRunOut({ ...stream, balancePence: 500, spending: [{ spentOn: day("2026-12-05"), amountPence: 100 }] }, today)).toEqual({
      kind: "no_spending",
    });
  });
});

describe("streams that need a successor", () => {
  const today = day("2026-10-15");
  test("ending within six months with no successor", () => {
    expect(endsSoonWithoutSuccessor({ endDate: day("2027-03-31"), successorId: null }, today)).toBe(true);
    expect(endsSoonWithoutSuccessor({ endDate: day("2027-04-15"), successorId: null }, today)).toBe(true);
    expect(endsSoonWithoutSuccessor({ endDate: day("2027-04-16"), successorId: null }, today)).toBe(false);
    expect(endsSoonWithoutSuccessor({ endDate: day("2027-03-31"), successorId: "next" }, today)).toBe(false);
    expect(endsSoonWithoutSuccessor({ endDate: day("2026-10-14"), successorId: null }, today)).toBe(false);
  });

  test("a successor chain may not loop", () => {
    const successorOf = new Map<string, string | null>([
      ["a", "b"],
      ["b", "c"],
      ["c", null],
    ]);
    expect(createsSuccessionLoop(successorOf, "c", "a")).toBe(true);
    expect(createsSuccessionLoop(successorOf, "c", "c")).toBe(true);
    expect(createsSuccessionLoop(successorOf, "a", "c")).toBe(false);
    expect(createsSuccessionLoop(successorOf, null, "a")).toBe(false);
  });
});

describe("the forms' rules", () => {
  const problems = (schema: typeof FundingStreamSchema | typeof ExpenditureSchema | typeof InKindSchema, values: Record<string, string>) =>
    schema.safeParse(values).error?.issues.map((i) => i.message) ?? [];
  const stream = {
    name: "Pooled budget",
    type: "pooled",
    agencyId: "a",
    status: "confirmed",
    startDate: "2026-04-01",
    endDate: "2027-03-31",
    totalAmount: "1000",
  };

  test("a funding stream: amounts, dates and who gives it", () => {
    expect(problems(FundingStreamSchema, stream)).toEqual([]);
    expect(FundingStreamSchema.parse(stream).totalAmount).toBe(1000_00);
    expect(problems(FundingStreamSchema, { ...stream, totalAmount: "-10" })).toEqual(["The amount cannot be negative"]);
    expect(problems(FundingStreamSchema, { ...stream, totalAmount: "lots" })).toEqual([
      "Enter the amount in pounds as a number, like 1,250 or 1250.50",
    ]);
    expect(problems(FundingStreamSchema, { ...stream, totalAmount: "10.001" })).toEqual([
      "Enter the amount to the nearest penny: no more than two decimal places",
    ]);
    expect(problems(FundingStreamSchema, { ...stream, totalAmount: "0" })).toEqual(["The amount must be more than £0"]);
    expect(problems(FundingStreamSchema, { ...stream, endDate: "2026-03-31" })).toEqual(["The end date must be on or after the start date"]);
    expect(problems(FundingStreamSchema, { ...stream, startDate: "2026-02-30" })).toEqual(["Enter the start date as a real date, like 2026-04-01"]);
    expect(problems(FundingStreamSchema, { ...stream, agencyId: "" })).toEqual(["Choose the contributing agency, or name the outside funder"]);
    expect(problems(FundingStreamSchema, { ...stream, funderName: "DfE" })).toEqual([
      "Leave the outside funder's name empty when one of the initiative's agencies gives the money",
    ]);
    expect(problems(FundingStreamSchema, { ...stream, endDate: "2040-03-31" })).toEqual(["The period can be at most 10 years"]);
  });

  test("spending and in-kind contributions", () => {
    const spend = {
      streamId: "s",
      spentOn: "2026-10-01",
      amount: "250.00",
      category: "Training",
      description: "Autism awareness course",
      approvedBy: "Priya Shah, lead",
    };
    expect(problems(ExpenditureSchema, spend)).toEqual([]);
    expect(problems(ExpenditureSchema, { ...spend, amount: "" })).toEqual(["Enter the amount spent"]);
    const staff = {
      agencyId: "a",
      kind: "staff_time",
      description: "SENCo time",
      startDate: "2026-09-01",
      endDate: "2027-07-31",
      value: "9,000",
      valuationMethod: "Salary and on-costs, pro rata",
      status: "confirmed",
    };
    expect(problems(InKindSchema, { ...staff, fte: "0.2" })).toEqual([]);
    expect(InKindSchema.parse({ ...staff, fte: "0.2" })).toMatchObject({ fte: 20, value: 9_000_00 });
    expect(problems(InKindSchema, staff)).toEqual(["Enter the staff time in FTE, like 0.4"]);
    expect(problems(InKindSchema, { ...staff, fte: "-1" })).toEqual(["The FTE cannot be negative"]);
    expect(problems(InKindSchema, { ...staff, kind: "premises" })).toEqual([]);
  });
});
