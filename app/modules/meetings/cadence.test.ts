import { describe, expect, test } from "vitest";
import { cadenceSummary, monthlyCadence } from "./cadence";

const meeting = (startsAt: string, agenciesPresent = 3, agenciesTotal = 3, status = "scheduled") => ({
  startsAt: new Date(startsAt),
  status,
  agenciesPresent,
  agenciesTotal,
});

describe("monthly cadence", () => {
  const today = new Date("2026-11-26T15:00:00Z");

  test("the 12 months ending with this month, oldest first, with short labels", () => {
    const months = monthlyCadence([], today);
    expect(months.map((m) => m.month)).toEqual([
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
      "2026-11",
    ]);
    expect(months.map((m) => m.label)).toEqual([
      "Dec 2025",
      "Jan 2026",
      "Feb 2026",
      "Mar 2026",
      "Apr 2026",
      "May 2026",
      "Jun 2026",
      "Jul 2026",
      "Aug 2026",
      "Sep 2026",
      "Oct 2026",
      "Nov 2026",
    ]);
    expect(months.every((m) => m.held === 0 && m.withEveryAgency === 0)).toBe(true);
  });

  test("counts held meetings and those with every agency, skipping cancelled, future and older ones", () => {
    const months = monthlyCadence(
      [
        meeting("2026-03-03T10:00:00Z"),
        meeting("2026-03-17T10:00:00Z", 2, 3),
        meeting("2026-03-24T10:00:00Z", 3, 3, "cancelled"),
        meeting("2026-04-07T09:00:00Z", 0, 0), // no agencies: held, but not with every agency
        meeting("2026-11-26T14:59:00Z"), // earlier today: held
        meeting("2026-11-26T15:00:00Z"), // starts now: not yet held
        meeting("2026-12-01T10:00:00Z"),
        meeting("2025-11-30T10:00:00Z"), // before the 12 months
        meeting("2025-12-01T10:00:00Z", 4, 3),
      ],
      today,
    );
    const byMonth = Object.fromEntries(months.map((m) => [m.month, [m.held, m.withEveryAgency]]));
    expect(byMonth["2025-12"]).toEqual([1, 1]);
    expect(byMonth["2026-03"]).toEqual([2, 1]);
    expect(byMonth["2026-04"]).toEqual([1, 0]);
    expect(byMonth["2026-11"]).toEqual([1, 1]);
    expect(cadenceSummary(months)).toEqual({ held: 5, withEveryAgency: 3, perQuarter: 1.3 });
  });

  test("months are London months: 23:30 UTC on 30 June is 1 July in London", () => {
    const months = monthlyCadence([meeting("2026-06-30T23:30:00Z")], today);
    expect(months.find((m) => m.month === "2026-07")?.held).toBe(1);
    expect(months.find((m) => m.month === "2026-06")?.held).toBe(0);
  });

  test("today's month is London's: 23:30 UTC on 31 May 2026 is already June", () => {
    const months = monthlyCadence([], new Date("2026-05-31T23:30:00Z"));
    expect(months[0]?.month).toBe("2025-07");
    expect(months[11]?.month).toBe("2026-06");
  });

  test("spans a year end from January", () => {
    const months = monthlyCadence([], new Date("2027-01-10T12:00:00Z"));
    expect([months[0]?.label, months[11]?.label]).toEqual(["Feb 2026", "Jan 2027"]);
  });
});

describe("cadence summary", () => {
  test("totals and meetings per quarter to one decimal place", () => {
    const today = new Date("2026-11-26T15:00:00Z");
    const monthly = Array.from({ length: 10 }, (_, i) => meeting(`2026-${String(i + 1).padStart(2, "0")}-10T10:00:00Z`));
    expect(cadenceSummary(monthlyCadence(monthly, today))).toEqual({ held: 10, withEveryAgency: 10, perQuarter: 2.5 });
    expect(cadenceSummary(monthlyCadence([], today))).toEqual({ held: 0, withEveryAgency: 0, perQuarter: 0 });
    expect(cadenceSummary(monthlyCadence(monthly.slice(0, 1), today)).perQuarter).toBe(0.3);
  });
});
