import { addDays, toCalendarDateString } from "~/utils/dates";
import { londonToUtc } from "~/utils/london-time";

/** When a self-assessment round is open: pure, no I/O. */

/** The moment a round closes by itself: the end of its closing day in London (midnight after it). */
export function closingMomentOf(closesOn: Date): Date {
  const nextDay = addDays(closesOn, 1);
  // NOTE: midnight always exists in London (the clocks change at 1am), so this never fails.
  const midnight = londonToUtc(toCalendarDateString(nextDay), "00:00");
  return midnight.ok ? midnight.instant : nextDay;
}

/** Whether a round is open at `now`, and when it closed or will close. */
export function roundState(round: { closesOn: Date; closedAt: Date | null }, now: Date) {
  const closesAt = closingMomentOf(round.closesOn);
  const endedAt = round.closedAt && round.closedAt < closesAt ? round.closedAt : closesAt;
  return { open: now < endedAt, closesAt, endedAt, closedEarly: round.closedAt !== null && round.closedAt < closesAt };
}
