/** Dates are stored in UTC and shown in Europe/London, in the UK's day-month-year order. */
export const PORTAL_TIME_ZONE = "Europe/London";

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: PORTAL_TIME_ZONE,
});

const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: PORTAL_TIME_ZONE,
});

// A calendar date (a start date, a due date) has no time of day: it is kept as midnight UTC
// and shown in UTC so that it never slips a day.
const calendarDateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/**
 * `format`, remembering what it wrote for each moment: formatting in London time takes a few
 * microseconds, and a page of updates shows dozens of moments, the same ones view after view.
 * At most `limit` are remembered; then they are forgotten together and remembered afresh.
 */
function remembered(format: Intl.DateTimeFormat, limit = 5_000) {
  const written = new Map<number, string>();
  return (value: Date | string) => {
    const time = new Date(value).getTime();
    let text = written.get(time);
    if (text === undefined) {
      text = format.format(time);
      if (written.size >= limit) written.clear();
      written.set(time, text);
    }
    return text;
  };
}

export const formatDate = remembered(dateFormat);
export const formatDateTime = remembered(dateTimeFormat);
export const formatCalendarDate = remembered(calendarDateFormat);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD string as midnight UTC, or null if it is not a real date ("2026-02-30"). */
export function parseCalendarDate(value: string): Date | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date : null;
}

/** The YYYY-MM-DD of a calendar date, for a date input's value. */
export function toCalendarDateString(value: Date | string) {
  return new Date(value).toISOString().slice(0, 10);
}

// ─── Calendar days (stored as midnight UTC) ──────────────────────────────────────────────────

export const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Days from `start` to `end`, both counted: the same day is 1. */
export function daysInclusive(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / DAY_MS) + 1;
}

/** The same day `months` later, or the month's last day when it is shorter (31 August + 6 → 28 February). */
export function addCalendarMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), lastDay)));
}

const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: PORTAL_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * Today's calendar date in the UK, as midnight UTC.
 * NOTE: not the UTC date: between midnight and 1am in summer the UK is already on the next day.
 */
export function calendarToday(now: Date = new Date()): Date {
  return parseCalendarDate(londonDate.format(now))!;
}

// ─── Financial years (April to March) ────────────────────────────────────────────────────────

/** The financial year a day falls in: 2026 means 1 April 2026 to 31 March 2027. */
export function financialYearOf(date: Date): number {
  return date.getUTCMonth() >= 3 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
}

export function financialYearStart(year: number): Date {
  return new Date(Date.UTC(year, 3, 1));
}

export function financialYearEnd(year: number): Date {
  return new Date(Date.UTC(year + 1, 2, 31));
}

/** 2026 → "2026/27". */
export function financialYearLabel(year: number): string {
  return `${year}/${String((year + 1) % 100).padStart(2, "0")}`;
}

/** Every financial year a period touches, in order; none when it ends before it starts. */
export function financialYearsBetween(start: Date, end: Date): number[] {
  const years: number[] = [];
  for (let year = financialYearOf(start); year <= financialYearOf(end) && start <= end; year += 1) years.push(year);
  return years;
}
