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
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date : null;
}

/** The YYYY-MM-DD of a calendar date, for a date input's value. */
export function toCalendarDateString(value: Date | string) {
  return new Date(value).toISOString().slice(0, 10);
}
