/**
 * How regularly a partnership meets, without I/O: meetings held in each of the last 12 months,
 * and how many of them had every agency in the room.
 */
import { utcToLondon } from "~/utils/london-time";

type MeetingForCadence = { startsAt: Date; status: string; agenciesPresent: number; agenciesTotal: number };
type MonthOfMeetings = { month: string; label: string; held: number; withEveryAgency: number };

// Fixed English abbreviations: Intl's en-GB gives "Sept" on some engines and "Sep" on others.
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * The 12 calendar months ending with today's month in London, oldest first. A meeting was held
 * when it was not cancelled (status "scheduled") and started before `today`; it is counted in
 * the London month it started in.
 */
export function monthlyCadence(meetings: readonly MeetingForCadence[], today: Date): MonthOfMeetings[] {
  const [thisYear, thisMonth] = utcToLondon(today).date.split("-").map(Number) as [number, number];
  const months: MonthOfMeetings[] = [];
  for (let back = 11; back >= 0; back--) {
    const monthIndex = thisYear * 12 + (thisMonth - 1) - back;
    const year = Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    months.push({
      month: `${year}-${String(month).padStart(2, "0")}`,
      label: `${SHORT_MONTHS[month - 1]} ${year}`,
      held: 0,
      withEveryAgency: 0,
    });
  }

  const byMonth = new Map(months.map((entry) => [entry.month, entry]));
  for (const meeting of meetings) {
    if (meeting.status !== "scheduled" || meeting.startsAt.getTime() >= today.getTime()) continue;
    const entry = byMonth.get(utcToLondon(meeting.startsAt).date.slice(0, 7));
    if (!entry) continue; // before the 12 months
    entry.held += 1;
    if (meeting.agenciesTotal > 0 && meeting.agenciesPresent >= meeting.agenciesTotal) entry.withEveryAgency += 1;
  }
  return months;
}

/** The year's totals, and meetings held per quarter (the year's meetings / 4, to one decimal place). */
export function cadenceSummary(months: ReturnType<typeof monthlyCadence>): {
  held: number;
  withEveryAgency: number;
  perQuarter: number;
} {
  const held = months.reduce((sum, month) => sum + month.held, 0);
  const withEveryAgency = months.reduce((sum, month) => sum + month.withEveryAgency, 0);
  return { held, withEveryAgency, perQuarter: Math.round((held / 4) * 10) / 10 };
}
