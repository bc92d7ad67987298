import { describe, expect, test } from "vitest";
import { describeRule, MAX_OCCURRENCES, occurrences, parseRule, type RecurrenceRule } from "./recurrence";

const weekly: RecurrenceRule = { kind: "every_n_weeks", weeks: 1 };
const firstTuesday: RecurrenceRule = { kind: "nth_weekday_monthly", nth: 1, weekday: 2 };
const lastFriday: RecurrenceRule = { kind: "nth_weekday_monthly", nth: 5, weekday: 5 };

function meetingsOf(input: Parameters<typeof occurrences>[0]) {
  const result = occurrences(input);
  if (!result.ok) throw new Error(result.message);
  return result.meetings;
}

function messageOf(input: Parameters<typeof occurrences>[0]) {
  const result = occurrences(input);
  if (result.ok) throw new Error("expected the series to be refused");
  return result.message;
}

describe("a series keeps its London time when the clocks change", () => {
  test("weekly at 10:00 across 2026-03-29 (clocks forward): 10:00 UTC, then 09:00 UTC", () => {
    const meetings = meetingsOf({ firstDate: "2026-03-15", startTime: "10:00", endTime: "11:30", rule: weekly, count: 4 });
    expect(meetings.map((m) => [m.date, m.startsAt.toISOString(), m.endsAt.toISOString()])).toEqual([
      ["2026-03-15", "2026-03-15T10:00:00.000Z", "2026-03-15T11:30:00.000Z"],
      ["2026-03-22", "2026-03-22T10:00:00.000Z", "2026-03-22T11:30:00.000Z"],
      ["2026-03-29", "2026-03-29T09:00:00.000Z", "2026-03-29T10:30:00.000Z"],
      ["2026-04-05", "2026-04-05T09:00:00.000Z", "2026-04-05T10:30:00.000Z"],
    ]);
  });

  test("weekly at 10:00 across 2026-10-25 (clocks back): 09:00 UTC, then 10:00 UTC", () => {
    const meetings = meetingsOf({ firstDate: "2026-10-18", startTime: "10:00", endTime: "11:00", rule: weekly, until: "2026-11-01" });
    expect(meetings.map((m) => m.startsAt.toISOString())).toEqual([
      "2026-10-18T09:00:00.000Z",
      "2026-10-25T10:00:00.000Z",
      "2026-11-01T10:00:00.000Z",
    ]);
  });

  test("a time skipped when the clocks go forward is refused, naming the date", () => {
    expect(messageOf({ firstDate: "2026-03-22", startTime: "01:30", endTime: "03:00", rule: weekly, count: 3 })).toBe(
      "The clocks go forward on 29 March 2026, so there is no 01:30 in London that day: choose a time outside 01:00 to 02:00",
    );
    expect(messageOf({ firstDate: "2026-03-29", startTime: "00:30", endTime: "01:15", rule: weekly, count: 2 })).toMatch(
      /^The clocks go forward on 29 March 2026, so there is no 01:15/,
    );
  });

  test("a time that happens twice when the clocks go back is the first one (BST)", () => {
    const [first] = meetingsOf({ firstDate: "2026-10-25", startTime: "01:30", endTime: "02:30", rule: weekly, count: 2 });
    expect(first?.startsAt.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(first?.endsAt.toISOString()).toBe("2026-10-25T02:30:00.000Z");
  });
});

describe("the dates of a series", () => {
  test("the first Tuesday of each month from 2026-01-06, 4 meetings", () => {
    const meetings = meetingsOf({ firstDate: "2026-01-06", startTime: "14:00", endTime: "16:00", rule: firstTuesday, count: 4 });
    expect(meetings.map((m) => m.date)).toEqual(["2026-01-06", "2026-02-03", "2026-03-03", "2026-04-07"]);
    expect(meetings[3]?.startsAt.toISOString()).toBe("2026-04-07T13:00:00.000Z");
  });

  test("the last Friday of each month, across the year end and a 5-Friday month", () => {
    const meetings = meetingsOf({ firstDate: "2026-10-30", startTime: "09:30", endTime: "10:30", rule: lastFriday, count: 5 });
    expect(meetings.map((m) => m.date)).toEqual(["2026-10-30", "2026-11-27", "2026-12-25", "2027-01-29", "2027-02-26"]);
  });

  test("the fourth Thursday and the last Monday are different when a month has five", () => {
    const fourth = meetingsOf({
      firstDate: "2026-06-22",
      startTime: "10:00",
      endTime: "11:00",
      rule: { kind: "nth_weekday_monthly", nth: 4, weekday: 1 },
      count: 2,
    });
    const last = meetingsOf({
      firstDate: "2026-06-29",
      startTime: "10:00",
      endTime: "11:00",
      rule: { kind: "nth_weekday_monthly", nth: 5, weekday: 1 },
      count: 2,
    });
    expect(fourth.map((m) => m.date)).toEqual(["2026-06-22", "2026-07-27"]);
    expect(last.map((m) => m.date)).toEqual(["2026-06-29", "2026-07-27"]);
  });

  test("every 6 weeks from 2026-09-01, 3 meetings", () => {
    const meetings = meetingsOf({
      firstDate: "2026-09-01",
      startTime: "10:00",
      endTime: "12:00",
      rule: { kind: "every_n_weeks", weeks: 6 },
      count: 3,
    });
    expect(meetings.map((m) => m.date)).toEqual(["2026-09-01", "2026-10-13", "2026-11-24"]);
    expect(meetings.map((m) => m.startsAt.toISOString())).toEqual([
      "2026-09-01T09:00:00.000Z",
      "2026-10-13T09:00:00.000Z",
      "2026-11-24T10:00:00.000Z",
    ]);
  });

  test("until includes its own date", () => {
    const meetings = meetingsOf({ firstDate: "2026-01-06", startTime: "10:00", endTime: "11:00", rule: firstTuesday, until: "2026-03-03" });
    expect(meetings.map((m) => m.date)).toEqual(["2026-01-06", "2026-02-03", "2026-03-03"]);
  });

  test(`exactly ${MAX_OCCURRENCES} is allowed; one more is refused`, () => {
    const base = { firstDate: "2026-01-05", startTime: "10:00", endTime: "11:00", rule: weekly };
    expect(meetingsOf({ ...base, count: 26 })).toHaveLength(26);
    expect(meetingsOf({ ...base, until: "2026-06-29" })).toHaveLength(26);
    expect(messageOf({ ...base, until: "2026-07-06" })).toBe("That would make more than 26 meetings: choose a shorter period or fewer meetings");
    expect(messageOf({ ...base, until: "2099-12-31" })).toMatch(/more than 26 meetings/);
  });
});

describe("a series that cannot be made says why", () => {
  const base = { firstDate: "2026-01-06", startTime: "10:00", endTime: "11:00", rule: weekly, count: 4 };

  test("a first date that is not the chosen weekday of its month names the right date", () => {
    expect(messageOf({ ...base, firstDate: "2026-03-10", rule: firstTuesday })).toBe(
      "10 March 2026 is not the first Tuesday of March; the first Tuesday is 3 March",
    );
    expect(messageOf({ ...base, firstDate: "2026-03-20", rule: lastFriday })).toBe(
      "20 March 2026 is not the last Friday of March; the last Friday is 27 March",
    );
  });

  test("the gap, the count and the end date must be in range", () => {
    expect(messageOf({ ...base, rule: { kind: "every_n_weeks", weeks: 0 } })).toBe("Choose a gap of 1 to 52 weeks between meetings");
    expect(messageOf({ ...base, rule: { kind: "every_n_weeks", weeks: 53 } })).toMatch(/1 to 52 weeks/);
    expect(messageOf({ ...base, rule: { kind: "every_n_weeks", weeks: 1.5 } })).toMatch(/1 to 52 weeks/);
    expect(messageOf({ ...base, count: 1 })).toBe("Choose between 2 and 26 meetings");
    expect(messageOf({ ...base, count: 27 })).toBe("Choose between 2 and 26 meetings");
    expect(messageOf({ ...base, count: 2.5 })).toBe("Choose between 2 and 26 meetings");
    expect(meetingsOf({ ...base, count: 2 })).toHaveLength(2);
  });

  test("exactly one of a count and an end date", () => {
    expect(messageOf({ ...base, until: "2026-03-01" })).toBe("Choose either how many meetings or the date of the last one, not both");
    expect(messageOf({ ...base, count: undefined })).toBe("Choose how many meetings, or the date of the last one");
  });

  test("the end date must be after the first date, and leave room for a second meeting", () => {
    const byDate = { ...base, count: undefined };
    expect(messageOf({ ...byDate, until: "2026-01-06" })).toBe("The date of the last meeting must be after 6 January 2026");
    expect(messageOf({ ...byDate, until: "2026-01-01" })).toMatch(/must be after 6 January 2026/);
    expect(messageOf({ ...byDate, until: "2026-02-31" })).toMatch(/real date/);
    expect(messageOf({ ...byDate, until: "2026-01-12" })).toBe(
      "There is only one meeting by 12 January 2026: choose a later date for the last meeting",
    );
    expect(meetingsOf({ ...byDate, until: "2026-01-13" })).toHaveLength(2);
  });

  test("the end time must be after the start time, and both must be times", () => {
    expect(messageOf({ ...base, endTime: "10:00" })).toBe("The end time must be after the start time");
    expect(messageOf({ ...base, endTime: "09:00" })).toBe("The end time must be after the start time");
    expect(messageOf({ ...base, startTime: "25:00" })).toMatch(/start time like 14:30/);
    expect(messageOf({ ...base, endTime: "" })).toMatch(/end time like 16:00/);
    expect(messageOf({ ...base, firstDate: "2026-02-30" })).toMatch(/first meeting as a real date/);
  });
});

describe("rules in words and as stored JSON", () => {
  test("describes each kind of rule", () => {
    expect(describeRule({ kind: "every_n_weeks", weeks: 6 })).toBe("Every 6 weeks");
    expect(describeRule(weekly)).toBe("Every week");
    expect(describeRule(firstTuesday)).toBe("On the first Tuesday of each month");
    expect(describeRule({ kind: "nth_weekday_monthly", nth: 3, weekday: 3 })).toBe("On the third Wednesday of each month");
    expect(describeRule(lastFriday)).toBe("On the last Friday of each month");
  });

  test("parses a rule back from JSON", () => {
    expect(parseRule(JSON.stringify(firstTuesday))).toEqual(firstTuesday);
    expect(parseRule('{"kind":"every_n_weeks","weeks":6}')).toEqual({ kind: "every_n_weeks", weeks: 6 });
    expect(parseRule('{"kind":"every_n_weeks","weeks":6,"extra":true}')).toEqual({ kind: "every_n_weeks", weeks: 6 });
  });

  test("malformed or out-of-range JSON is null", () => {
    for (const json of [
      "",
      "not json",
      "null",
      "[]",
      '"every_n_weeks"',
      '{"kind":"daily"}',
      '{"kind":"every_n_weeks"}',
      '{"kind":"every_n_weeks","weeks":"6"}',
      '{"kind":"every_n_weeks","weeks":0}',
      '{"kind":"every_n_weeks","weeks":1.5}',
      '{"kind":"nth_weekday_monthly","nth":6,"weekday":2}',
      '{"kind":"nth_weekday_monthly","nth":1,"weekday":7}',
      '{"kind":"nth_weekday_monthly","nth":1}',
    ]) {
      expect(parseRule(json), json).toBeNull();
    }
  });
});
