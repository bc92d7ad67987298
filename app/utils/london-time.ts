/**
 * Europe/London wall-clock time ↔ UTC instants, with only Intl (no time-zone library).
 *
 * A meeting is arranged in London time ("10:00 on 1 December") and stored as a UTC instant.
 * Twice a year the two disagree by an hour, and on those two days some wall-clock times are
 * missing or happen twice; the rules for those days live here and nowhere else.
 */
import { DAY_MS, parseCalendarDate, PORTAL_TIME_ZONE } from "~/utils/dates";

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE = 60_000;

// NOTE: hourCycle "h23", not hour12: false — some engines print midnight as "24" with hour12.
const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: PORTAL_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClock(instant: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const part of londonParts.formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = parts;
  return { year, month, day, hour, minute, second };
}

/** Minutes London is ahead of UTC at `instant`: 0 in winter (GMT), 60 in summer (BST). */
export function londonOffsetMinutes(instant: Date): number {
  const wall = wallClock(instant);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Intl drops the milliseconds, so drop them from the instant too before comparing.
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallAsUtc - wholeSeconds) / MINUTE);
}

/** The London date (YYYY-MM-DD), time (HH:MM) and weekday (0 = Sunday) of a UTC instant. */
export function utcToLondon(instant: Date): { date: string; time: string; weekday: number } {
  const wall = wallClock(instant);
  return {
    date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
    weekday: new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay(),
  };
}

/**
 * The UTC instant of a London wall-clock time.
 *
 * - "invalid": not a real date (2026-02-30) or not a 24-hour HH:MM time.
 * - "nonexistent": skipped when the clocks go forward (01:00–01:59 on the last Sunday of March).
 * - Ambiguous times, which happen twice when the clocks go back (01:00–01:59 on the last Sunday
 *   of October), resolve to the FIRST occurrence, in BST: 01:30 on 2026-10-25 is 00:30 UTC.
 *   A meeting booked for "01:30" most plausibly means the first time the clock shows it.
 */
export function londonToUtc(date: string, time: string): LondonToUtc {
  const key = `${date} ${time}`;
  let answer = answers.get(key);
  if (!answer) {
    answer = convertLondonToUtc(date, time);
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(key, answer);
  }
  // A fresh Date each time: callers may change the one they get.
  return answer.ok ? { ok: true, instant: new Date(answer.instant) } : answer;
}

type LondonToUtc = { ok: true; instant: Date } | { ok: false; reason: "invalid" | "nonexistent" };

/**
 * Answers already worked out, by date and time. NOTE: Intl is slow (the audit of activity asks
 * for the closing moment of every closed round in the portal) and an answer never changes, so
 * each is worked out once; bounded all the same.
 */
const answers = new Map<string, LondonToUtc>();
const MAX_ANSWERS = 10_000;

function convertLondonToUtc(date: string, time: string): LondonToUtc {
  const day = parseCalendarDate(date);
  const clock = CLOCK_TIME.exec(time);
  if (!day || !clock) return { ok: false, reason: "invalid" };
  const wallAsUtc = day.getTime() + (Number(clock[1]) * 60 + Number(clock[2])) * MINUTE;

  // The offset that applies is one of those in force around that day; try each, keep those
  // that land back on the same wall-clock time, and take the earliest.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => londonOffsetMinutes(new Date(wallAsUtc + shift))));
  const matches = [...offsets]
    .map((offset) => new Date(wallAsUtc - offset * MINUTE))
    .filter((candidate) => {
      const london = utcToLondon(candidate);
      return london.date === date && london.time === time;
    })
    .sort((a, b) => a.getTime() - b.getTime());

  const [first] = matches;
  return first ? { ok: true, instant: first } : { ok: false, reason: "nonexistent" };
}

function pad(value: number, width = 2) {
  return String(value).padStart(width, "0");
}
