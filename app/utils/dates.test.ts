import { describe, expect, test } from "vitest";
import {
  addCalendarMonths,
  calendarToday,
  financialYearLabel,
  financialYearOf,
  financialYearsBetween,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  parseCalendarDate,
} from "./dates";

describe("calendar dates", () => {
  test("parses real dates as midnight UTC and refuses impossible ones", () => {
    expect(parseCalendarDate("2026-09-01")?.toISOString()).toBe("2026-09-01T00:00:00.000Z");
    expect(parseCalendarDate("2026-02-30")).toBeNull();
    expect(parseCalendarDate("2026-13-01")).toBeNull();
    expect(parseCalendarDate("01/09/2026")).toBeNull();
  });

  test("a calendar date is shown as the same day whatever the clocks do", () => {
    expect(formatCalendarDate(parseCalendarDate("2026-03-29")!)).toBe("29 March 2026");
    expect(formatCalendarDate(parseCalendarDate("2026-10-25")!)).toBe("25 October 2026");
  });

  test("times are shown in Europe/London, summer and winter", () => {
    expect(formatDateTime(new Date("2026-07-01T09:00:00Z"))).toBe("1 July 2026 at 10:00");
    expect(formatDateTime(new Date("2026-12-01T09:00:00Z"))).toBe("1 December 2026 at 09:00");
  });

  test("the same moment shows the same, as a Date or a string, however many moments were shown before", () => {
    const moment = "2026-07-01T09:00:00Z";
    expect(formatDateTime(moment)).toBe("1 July 2026 at 10:00");
    // More moments than are remembered at once: the first is written afresh, the same.
    for (let minute = 0; minute < 6_000; minute += 1) formatDateTime(new Date(Date.UTC(2026, 0, 1) + minute * 60_000));
    expect(formatDateTime(new Date(moment))).toBe("1 July 2026 at 10:00");
    expect(formatDateTime(new Date(Date.UTC(2026, 0, 1) + 5_999 * 60_000))).toBe("5 January 2026 at 03:59");
    expect(formatDate(moment)).toBe("1 July 2026");
  });

  test("a moment that is not one is refused, not shown as something else", () => {
    expect(() => formatDateTime("not a date")).toThrow(RangeError);
  });
});

describe("calendar days and financial years", () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

  test("a financial year runs April to March", () => {
    expect(financialYearOf(day("2026-03-31"))).toBe(2025);
    expect(financialYearOf(day("2026-04-01"))).toBe(2026);
    expect(financialYearOf(day("2027-01-15"))).toBe(2026);
    expect(financialYearLabel(2026)).toBe("2026/27");
    expect(financialYearLabel(2099)).toBe("2099/00");
  });

  test("the years a period touches", () => {
    expect(financialYearsBetween(day("2026-04-01"), day("2027-03-31"))).toEqual([2026]);
    expect(financialYearsBetween(day("2025-09-01"), day("2027-08-31"))).toEqual([2025, 2026, 2027]);
    expect(financialYearsBetween(day("2026-03-31"), day("2026-04-01"))).toEqual([2025, 2026]);
    expect(financialYearsBetween(day("2027-01-01"), day("2026-01-01"))).toEqual([]);
  });

  test("months are calendar months, kept inside short months", () => {
    expect(addCalendarMonths(day("2026-08-31"), 6)).toEqual(day("2027-02-28"));
    expect(addCalendarMonths(day("2027-08-31"), 6)).toEqual(day("2028-02-29"));
    expect(addCalendarMonths(day("2026-10-15"), 6)).toEqual(day("2027-04-15"));
  });

  test("today is the UK's calendar day, not UTC's", () => {
    // 23:30 UTC on 14 July is 00:30 on 15 July in London (summer time).
    expect(calendarToday(new Date("2026-07-14T23:30:00Z"))).toEqual(day("2026-07-15"));
    expect(calendarToday(new Date("2026-12-14T23:30:00Z"))).toEqual(day("2026-12-14"));
  });
});
