/**
 * Repeating meetings, without I/O: the dates of a series ("every 6 weeks", "the first Tuesday of
 * each month") and the instants they start and end.
 *
 * A series keeps its London wall-clock time: a 10:00 meeting is at 10:00 in London in January
 * and in July, so its UTC instant moves by an hour when the clocks change.
 */
import { z } from "zod";
import { parseCalendarDate } from "~/utils/dates";
import { londonToUtc } from "~/utils/london-time";

export type RecurrenceRule =
  | { kind: "every_n_weeks"; weeks: number }
  | { kind: "nth_weekday_monthly"; nth: 1 | 2 | 3 | 4 | 5 /* 5 = last */; weekday: number /* 0=Sunday..6 */ };

/** A series is created in one go; a longer one is more likely a mistake than a plan. */
export const MAX_OCCURRENCES = 26;

const MAX_WEEKS_APART = 52;

const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;
const NTH_NAMES = { 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "last" } as const;

/** The shape a rule is stored in (as JSON on the series), checked when it is read back. */
const RecurrenceRuleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("every_n_weeks"), weeks: z.number().int().min(1).max(MAX_WEEKS_APART) }),
  z.object({
    kind: z.literal("nth_weekday_monthly"),
    nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
    weekday: z.number().int().min(0).max(6),
  }),
]);

/** A stored rule, or null when the JSON is malformed or the rule is out of range. */
export function parseRule(json: string): RecurrenceRule | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = RecurrenceRuleSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** "Every week", "Every 6 weeks", "On the first Tuesday of each month", "On the last Friday of each month". */
export function describeRule(rule: RecurrenceRule): string {
  if (rule.kind === "every_n_weeks") return rule.weeks === 1 ? "Every week" : `Every ${rule.weeks} weeks`;
  return `On the ${NTH_NAMES[rule.nth]} ${weekdayName(rule.weekday)} of each month`;
}

type OccurrencesInput = {
  firstDate: string;
  startTime: string;
  endTime: string;
  rule: RecurrenceRule;
  count?: number;
  until?: string;
};

type Occurrence = { startsAt: Date; endsAt: Date; date: string };

/**
 * Every meeting of a series, from its first date, for `count` meetings or up to and including
 * `until` (exactly one of the two). Errors are sentences to show the person arranging it.
 */
export function occurrences(input: OccurrencesInput): { ok: true; meetings: Occurrence[] } | { ok: false; message: string } {
  const { firstDate, startTime, endTime, rule, count, until } = input;
  const fail = (message: string) => ({ ok: false as const, message });

  const first = parseCalendarDate(firstDate);
  if (!first) return fail("Enter the date of the first meeting as a real date, like 2026-12-01");
  if (!isClockTime(startTime)) return fail("Enter the start time like 14:30 (24-hour clock)");
  if (!isClockTime(endTime)) return fail("Enter the end time like 16:00 (24-hour clock)");
  // Both times are on the same day, so comparing "HH:MM" text compares the times.
  if (endTime <= startTime) return fail("The end time must be after the start time");

  const ruleProblem = checkRule(rule);
  if (ruleProblem) return fail(ruleProblem);

  if (count !== undefined && until !== undefined) {
    return fail("Choose either how many meetings or the date of the last one, not both");
  }
  if (count === undefined && until === undefined) return fail("Choose how many meetings, or the date of the last one");
  if (count !== undefined && (!Number.isInteger(count) || count < 2 || count > MAX_OCCURRENCES)) {
    return fail(`Choose between 2 and ${MAX_OCCURRENCES} meetings`);
  }
  if (until !== undefined) {
    const last = parseCalendarDate(until);
    if (!last) return fail("Enter the date of the last meeting as a real date, like 2026-12-01");
    if (last <= first) return fail(`The date of the last meeting must be after ${longDate(firstDate)}`);
  }

  if (rule.kind === "nth_weekday_monthly") {
    const [year, month] = yearAndMonth(firstDate);
    const expected = nthWeekdayOfMonth(year, month, rule.nth, rule.weekday);
    if (expected !== firstDate) {
      const which = `${NTH_NAMES[rule.nth]} ${weekdayName(rule.weekday)}`;
      return fail(
        `${longDate(firstDate)} is not the ${which} of ${MONTH_NAMES[month - 1]}; ` + `the ${which} is ${longDate(expected, { withYear: false })}`,
      );
    }
  }

  const dates: string[] = [];
  // One past the limit is enough to know the limit is passed, and stops an open-ended loop.
  const limit = count ?? MAX_OCCURRENCES + 1;
  for (let index = 0; dates.length < limit; index++) {
    const date = nthDate(firstDate, rule, index);
    if (until !== undefined && date > until) break;
    dates.push(date);
  }
  if (dates.length > MAX_OCCURRENCES) {
    return fail(`That would make more than ${MAX_OCCURRENCES} meetings: choose a shorter period or fewer meetings`);
  }
  // NOTE: a series ending by date can still come out as a single meeting (the last date falls
  // before the second one); that is a one-off meeting, not a series, so say so.
  if (dates.length < 2) {
    return fail(`There is only one meeting by ${longDate(until ?? firstDate)}: choose a later date for the last meeting`);
  }

  const meetings: Occurrence[] = [];
  for (const date of dates) {
    const startsAt = londonToUtc(date, startTime);
    const endsAt = londonToUtc(date, endTime);
    if (!startsAt.ok || !endsAt.ok) {
      const missing = !startsAt.ok ? startTime : endTime;
      return fail(
        `The clocks go forward on ${longDate(date)}, so there is no ${missing} in London that day: ` + "choose a time outside 01:00 to 02:00",
      );
    }
    meetings.push({ startsAt: startsAt.instant, endsAt: endsAt.instant, date });
  }
  return { ok: true, meetings };
}

function checkRule(rule: RecurrenceRule): string | null {
  if (rule.kind === "every_n_weeks") {
    return Number.isInteger(rule.weeks) && rule.weeks >= 1 && rule.weeks <= MAX_WEEKS_APART
      ? null
      : `Choose a gap of 1 to ${MAX_WEEKS_APART} weeks between meetings`;
  }
  if (!(rule.nth in NTH_NAMES)) return "Choose first, second, third, fourth or last";
  if (!Number.isInteger(rule.weekday) || rule.weekday < 0 || rule.weekday > 6) return "Choose a day of the week";
  return null;
}

/** The date of the series' meeting number `index` (0 is the first). */
function nthDate(firstDate: string, rule: RecurrenceRule, index: number): string {
  if (rule.kind === "every_n_weeks") return addDays(firstDate, index * 7 * rule.weeks);
  const [year, month] = yearAndMonth(firstDate);
  const monthIndex = month - 1 + index;
  return nthWeekdayOfMonth(year + Math.floor(monthIndex / 12), (monthIndex % 12) + 1, rule.nth, rule.weekday);
}

/** The nth weekday of a month (month 1–12) as YYYY-MM-DD; nth 5 is the last, which every month has. */
function nthWeekdayOfMonth(year: number, month: number, nth: 1 | 2 | 3 | 4 | 5, weekday: number): string {
  if (nth === 5) {
    const lastDay = new Date(Date.UTC(year, month, 0));
    const back = (lastDay.getUTCDay() - weekday + 7) % 7;
    return isoDate(new Date(Date.UTC(year, month - 1, lastDay.getUTCDate() - back)));
  }
  const firstDay = new Date(Date.UTC(year, month - 1, 1));
  const forward = (weekday - firstDay.getUTCDay() + 7) % 7;
  return isoDate(new Date(Date.UTC(year, month - 1, 1 + forward + (nth - 1) * 7)));
}

function isClockTime(time: string) {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(time);
}

function yearAndMonth(date: string): [number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
}

// Calendar dates are worked on as midnight UTC, where every day is 24 hours long.
function addDays(date: string, days: number): string {
  const [year, month] = yearAndMonth(date);
  return isoDate(new Date(Date.UTC(year, month - 1, Number(date.slice(8, 10)) + days)));
}

function isoDate(date: Date) {
  return date.toISOString().slice(0, 10);
}

function weekdayName(weekday: number) {
  return WEEKDAY_NAMES[weekday] ?? "day";
}

/** "3 March 2026", or "3 March" without the year. */
function longDate(date: string, { withYear = true } = {}) {
  const [year, month] = yearAndMonth(date);
  const dayAndMonth = `${Number(date.slice(8, 10))} ${MONTH_NAMES[month - 1]}`;
  return withYear ? `${dayAndMonth} ${year}` : dayAndMonth;
}
