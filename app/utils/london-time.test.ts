import { describe, expect, test } from "vitest";
import { londonOffsetMinutes, londonToUtc, utcToLondon } from "./london-time";

const instant = (date: string, time: string) => {
  const result = londonToUtc(date, time);
  if (!result.ok) throw new Error(`${date} ${time} is ${result.reason}`);
  return result.instant.toISOString();
};

describe("London wall-clock time to UTC", () => {
  test("winter is GMT and summer is BST", () => {
    expect(instant("2026-12-01", "10:00")).toBe("2026-12-01T10:00:00.000Z");
    expect(instant("2026-07-01", "10:00")).toBe("2026-07-01T09:00:00.000Z");
    expect(instant("2026-01-01", "00:00")).toBe("2026-01-01T00:00:00.000Z");
    // Midnight in summer is the previous day in UTC.
    expect(instant("2026-06-15", "00:30")).toBe("2026-06-14T23:30:00.000Z");
  });

  test("the day the clocks go forward (2026-03-29): 01:00 to 01:59 does not exist", () => {
    expect(londonToUtc("2026-03-29", "01:30")).toEqual({ ok: false, reason: "nonexistent" });
    expect(londonToUtc("2026-03-29", "01:00")).toEqual({ ok: false, reason: "nonexistent" });
    expect(londonToUtc("2026-03-29", "01:59")).toEqual({ ok: false, reason: "nonexistent" });
    expect(instant("2026-03-29", "00:59")).toBe("2026-03-29T00:59:00.000Z");
    expect(instant("2026-03-29", "02:00")).toBe("2026-03-29T01:00:00.000Z");
    expect(instant("2026-03-29", "10:00")).toBe("2026-03-29T09:00:00.000Z");
  });

  test("the day the clocks go back (2026-10-25): 01:30 happens twice and means the first, in BST", () => {
    expect(instant("2026-10-25", "01:30")).toBe("2026-10-25T00:30:00.000Z");
    expect(instant("2026-10-25", "01:00")).toBe("2026-10-25T00:00:00.000Z");
    expect(instant("2026-10-25", "00:59")).toBe("2026-10-24T23:59:00.000Z");
    expect(instant("2026-10-25", "02:00")).toBe("2026-10-25T02:00:00.000Z");
    expect(instant("2026-10-25", "10:00")).toBe("2026-10-25T10:00:00.000Z");
  });

  test("not a real date or a 24-hour HH:MM time is invalid", () => {
    for (const [date, time] of [
      ["2026-02-30", "10:00"],
      ["2026-13-01", "10:00"],
      ["1 March 2026", "10:00"],
      ["2026-03-01", "24:00"],
      ["2026-03-01", "9:00"],
      ["2026-03-01", "10:60"],
      ["2026-03-01", "10:00:00"],
      ["", ""],
    ]) {
      expect(londonToUtc(date!, time!)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(instant("2028-02-29", "10:00")).toBe("2028-02-29T10:00:00.000Z");
  });
});

describe("UTC to London wall-clock time", () => {
  test("gives the London date, time and weekday", () => {
    expect(utcToLondon(new Date("2026-12-01T10:00:00Z"))).toEqual({ date: "2026-12-01", time: "10:00", weekday: 2 });
    expect(utcToLondon(new Date("2026-07-01T09:00:00Z"))).toEqual({ date: "2026-07-01", time: "10:00", weekday: 3 });
    // 23:30 UTC on a summer Saturday is 00:30 on Sunday in London.
    expect(utcToLondon(new Date("2026-06-13T23:30:00Z"))).toEqual({ date: "2026-06-14", time: "00:30", weekday: 0 });
    expect(utcToLondon(new Date("2026-06-14T23:00:00.999Z")).time).toBe("00:00");
  });

  test("both UTC instants of the repeated hour read 01:30", () => {
    expect(utcToLondon(new Date("2026-10-25T00:30:00Z")).time).toBe("01:30");
    expect(utcToLondon(new Date("2026-10-25T01:30:00Z")).time).toBe("01:30");
  });

  test("round-trips every quarter hour across both changes of the clocks", () => {
    for (const day of ["2026-03-28", "2026-03-29", "2026-03-30", "2026-10-24", "2026-10-25", "2026-10-26"]) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
        const result = londonToUtc(day, time);
        if (!result.ok) {
          expect([day, time >= "01:00" && time < "02:00", result.reason]).toEqual(["2026-03-29", true, "nonexistent"]);
          continue;
        }
        expect(utcToLondon(result.instant)).toMatchObject({ date: day, time });
      }
    }
  });
});

describe("London's offset from UTC", () => {
  test("0 in winter, 60 in summer, changing at 01:00 UTC", () => {
    expect(londonOffsetMinutes(new Date("2026-01-15T12:00:00Z"))).toBe(0);
    expect(londonOffsetMinutes(new Date("2026-07-15T12:00:00Z"))).toBe(60);
    expect(londonOffsetMinutes(new Date("2026-03-29T00:59:59Z"))).toBe(0);
    expect(londonOffsetMinutes(new Date("2026-03-29T01:00:00Z"))).toBe(60);
    expect(londonOffsetMinutes(new Date("2026-10-25T00:59:59.500Z"))).toBe(60);
    expect(londonOffsetMinutes(new Date("2026-10-25T01:00:00Z"))).toBe(0);
  });
});
