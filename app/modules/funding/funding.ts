/**
 * The rules of joint funding, without I/O: financial years, splitting a total across them,
 * balances, each contributor's share, when the money runs out, and which streams need a
 * successor. Money is integer pence throughout (money.ts turns it into £ text).
 */
import {
  addCalendarMonths,
  addDays,
  DAY_MS,
  daysInclusive,
  financialYearEnd,
  financialYearsBetween,
  financialYearStart,
  formatCalendarDate,
} from "~/utils/dates";
import { formatPence } from "./money";

export const FUNDING_TYPES = [
  {
    key: "pooled",
    label: "Pooled budget",
    hint: "Agencies put money into one pot, spent on what the partnership agrees. Record each agency's part of the pot as its own stream, so its share shows.",
  },
  { key: "aligned", label: "Aligned budget", hint: "Each agency keeps its own money but spends it on the partnership's agreed plan." },
  { key: "grant", label: "Grant", hint: "Money from a funder for this work, often with conditions and an end date." },
  { key: "single_agency", label: "One agency's budget", hint: "One agency pays for part of the work from its own budget." },
] as const;
type FundingType = (typeof FUNDING_TYPES)[number]["key"];
export const FUNDING_TYPE_KEYS = FUNDING_TYPES.map((t) => t.key) as [FundingType, ...FundingType[]];

export const FUNDING_STATUSES = [
  { key: "pledged", label: "Pledged", hint: "Promised, but not yet agreed in writing." },
  { key: "confirmed", label: "Confirmed", hint: "Agreed in writing." },
  { key: "received", label: "Received", hint: "The money (or the contribution) has arrived." },
] as const;
type FundingStatus = (typeof FUNDING_STATUSES)[number]["key"];
export const FUNDING_STATUS_KEYS = FUNDING_STATUSES.map((s) => s.key) as [FundingStatus, ...FundingStatus[]];

export const IN_KIND_KINDS = [
  { key: "staff_time", label: "Staff time", hint: "People's time given to the partnership, in full-time equivalent (FTE)." },
  { key: "premises", label: "Premises", hint: "Rooms, offices or buildings the partnership uses." },
  { key: "equipment", label: "Equipment", hint: "Computers, vehicles, resources and the like." },
  { key: "other", label: "Something else", hint: "Any other help that is not money." },
] as const;
type InKindKind = (typeof IN_KIND_KINDS)[number]["key"];
export const IN_KIND_KIND_KEYS = IN_KIND_KINDS.map((k) => k.key) as [InKindKind, ...InKindKind[]];

/** Suggestions for the spending form; any other category may be typed. */
export const SPENDING_CATEGORIES = [
  "Staff",
  "Commissioned services",
  "Training",
  "Equipment and resources",
  "Premises",
  "Travel",
  "Activities for children and families",
  "Other",
] as const;

export function labelFor<K extends string>(list: ReadonlyArray<{ key: K; label: string }>, key: string): string {
  return list.find((item) => item.key === key)?.label ?? key;
}

// ─── Splitting across financial years ────────────────────────────────────────────────────────

/**
 * Shares a whole number out in proportion to the weights so that the parts are whole numbers
 * adding up to exactly `total`: each gets the whole part of its exact share, and what is left
 * goes one by one to the largest remainders (the largest-remainder, or Hamilton, method). Ties
 * go to the larger weight, then to the earlier one, so the answer never depends on chance.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  // Integer arithmetic: total × weight stays well inside 2^53 for pence and days.
  const parts = weights.map((weight, index) => {
    const scaled = total * weight;
    const whole = Math.floor(scaled / sum);
    return { index, weight, whole, remainder: scaled - whole * sum };
  });
  let left = total - parts.reduce((a, p) => a + p.whole, 0);
  const byRemainder = [...parts].sort((a, b) => b.remainder - a.remainder || b.weight - a.weight || a.index - b.index);
  for (const part of byRemainder) {
    if (left <= 0) break;
    part.whole += 1;
    left -= 1;
  }
  return parts.map((p) => p.whole);
}

/**
 * A total split across the financial years of a period in proportion to the days of the period
 * in each, in whole pence adding up to the total exactly (decision 007).
 */
export function splitAcrossFinancialYears(totalPence: number, start: Date, end: Date) {
  const years = financialYearsBetween(start, end);
  const days = years.map((year) => {
    const from = Math.max(start.getTime(), financialYearStart(year).getTime());
    const to = Math.min(end.getTime(), financialYearEnd(year).getTime());
    return daysInclusive(new Date(from), new Date(to));
  });
  const amounts = apportion(totalPence, days);
  return years.map((financialYear, i) => ({ financialYear, amountPence: amounts[i]! }));
}

// ─── Shares ──────────────────────────────────────────────────────────────────────────────────

/** Each amount's share in tenths of a percent, adding up to exactly 1000 (100.0%) unless all are zero. */
export function percentShares(amounts: readonly number[]): number[] {
  return apportion(1000, amounts);
}

/** 375 → "37.5%". */
export function formatShare(permille: number): string {
  return `${Math.trunc(permille / 10)}.${permille % 10}%`;
}

type ContributorTotals = {
  /** "agency:<id>" or "funder:<name in lower case>". */
  key: string;
  name: string;
  agencyId: string | null;
  outsideFunder: boolean;
  cashPence: number;
  inKindPence: number;
  totalPence: number;
  /** Tenths of a percent of everything shown; the column adds up to 1000. */
  sharePermille: number;
};

/**
 * Each contributor's cash and in-kind, and its share of the whole. Outside funders (a
 * government grant) are contributors too, so the shares add up to 100% of what is shown.
 * Largest first.
 */
export function sharesByContributor(
  streams: ReadonlyArray<{ agency: { id: string; name: string } | null; funderName: string | null; totalPence: number }>,
  inKind: ReadonlyArray<{ agency: { id: string; name: string }; valuePence: number }>,
) {
  const byKey = new Map<string, ContributorTotals>();
  const entry = (agency: { id: string; name: string } | null, funderName: string | null) => {
    const name = agency?.name ?? funderName?.trim() ?? "Unnamed funder";
    const key = agency ? `agency:${agency.id}` : `funder:${name.toLowerCase()}`;
    let found = byKey.get(key);
    if (!found) {
      found = { key, name, agencyId: agency?.id ?? null, outsideFunder: !agency, cashPence: 0, inKindPence: 0, totalPence: 0, sharePermille: 0 };
      byKey.set(key, found);
    }
    return found;
  };
  for (const stream of streams) {
    const e = entry(stream.agency, stream.funderName);
    e.cashPence += stream.totalPence;
    e.totalPence += stream.totalPence;
  }
  for (const item of inKind) {
    const e = entry(item.agency, null);
    e.inKindPence += item.valuePence;
    e.totalPence += item.valuePence;
  }
  const contributors = [...byKey.values()].sort((a, b) => b.totalPence - a.totalPence || a.name.localeCompare(b.name));
  const shares = percentShares(contributors.map((c) => c.totalPence));
  contributors.forEach((c, i) => (c.sharePermille = shares[i]!));
  return {
    contributors,
    cashPence: contributors.reduce((a, c) => a + c.cashPence, 0),
    inKindPence: contributors.reduce((a, c) => a + c.inKindPence, 0),
    totalPence: contributors.reduce((a, c) => a + c.totalPence, 0),
  };
}

/** Cash and in-kind committed at each status, and in all. */
export function committedByStatus(
  streams: ReadonlyArray<{ status: string; totalPence: number }>,
  inKind: ReadonlyArray<{ status: string; valuePence: number }>,
) {
  const rows = FUNDING_STATUSES.map((status) => {
    const cashPence = streams.filter((s) => s.status === status.key).reduce((a, s) => a + s.totalPence, 0);
    const inKindPence = inKind.filter((c) => c.status === status.key).reduce((a, c) => a + c.valuePence, 0);
    return { status: status.key, label: status.label, cashPence, inKindPence, totalPence: cashPence + inKindPence };
  });
  return {
    rows,
    cashPence: rows.reduce((a, r) => a + r.cashPence, 0),
    inKindPence: rows.reduce((a, r) => a + r.inKindPence, 0),
    totalPence: rows.reduce((a, r) => a + r.totalPence, 0),
  };
}

// ─── Balances and spending ───────────────────────────────────────────────────────────────────

/** A stream's total, what has been spent, what is left, and the share spent (tenths of a percent, uncapped). */
export function streamBalance(stream: { amounts: ReadonlyArray<{ amountPence: number }>; spending: ReadonlyArray<{ amountPence: number }> }) {
  const totalPence = stream.amounts.reduce((a, x) => a + x.amountPence, 0);
  const spentPence = stream.spending.reduce((a, x) => a + x.amountPence, 0);
  return {
    totalPence,
    spentPence,
    balancePence: totalPence - spentPence,
    overspent: spentPence > totalPence,
    spentPermille: totalPence > 0 ? Math.round((spentPence * 1000) / totalPence) : 0,
  };
}

/** How far a new or changed spending would take a stream over its total (0 when it fits). */
export function overspendBy(totalPence: number, otherSpendingPence: number, amountPence: number): number {
  return Math.max(0, otherSpendingPence + amountPence - totalPence);
}

// ─── When the money runs out ─────────────────────────────────────────────────────────────────

/** The rate of spending is what was spent in the last 90 days (or since the start, if sooner), per day. */
export const RUN_OUT_WINDOW_DAYS = 90;

type RunOut =
  | { kind: "ended"; endDate: Date; balancePence: number }
  | { kind: "spent"; balancePence: number }
  | { kind: "no_spending" }
  | { kind: "not_started"; startDate: Date }
  | { kind: "no_recent_spending"; windowDays: number }
  | { kind: "runs_out"; date: Date; pencePerMonth: number }
  | { kind: "outlasts"; date: Date; endDate: Date; leftAtEndPence: number; pencePerMonth: number };

/**
 * When the money runs out at the current rate of spending: the balance divided by what was
 * spent a day over the last 90 days (or since the start, if that is shorter), counted from
 * today. The day it runs out is the first day the money no longer covers. If the period ends
 * first, that is said instead, with roughly what would be left.
 */
export function projectRunOut(
  stream: {
    balancePence: number;
    startDate: Date;
    endDate: Date;
    spending: ReadonlyArray<{ spentOn: Date; amountPence: number }>;
  },
  today: Date,
): RunOut {
  if (today > stream.endDate) return { kind: "ended", endDate: stream.endDate, balancePence: stream.balancePence };
  const spentSoFar = stream.spending.filter((s) => s.spentOn <= today);
  if (stream.balancePence <= 0 && spentSoFar.length > 0) return { kind: "spent", balancePence: stream.balancePence };
  if (spentSoFar.length === 0) return today < stream.startDate ? { kind: "not_started", startDate: stream.startDate } : { kind: "no_spending" };
  const windowStart = new Date(Math.max(stream.startDate.getTime(), addDays(today, -(RUN_OUT_WINDOW_DAYS - 1)).getTime()));
  const windowDays = Math.max(1, daysInclusive(windowStart, today));
  const spentInWindow = spentSoFar.filter((s) => s.spentOn >= windowStart).reduce((a, s) => a + s.amountPence, 0);
  if (spentInWindow <= 0) return { kind: "no_recent_spending", windowDays };
  const perDay = spentInWindow / windowDays;
  const pencePerMonth = Math.round((perDay * 365.25) / 12);
  const date = addDays(today, Math.ceil(stream.balancePence / perDay));
  if (date > stream.endDate) {
    const daysLeft = daysInclusive(today, stream.endDate) - 1;
    return {
      kind: "outlasts",
      date,
      endDate: stream.endDate,
      leftAtEndPence: Math.max(0, stream.balancePence - Math.round(perDay * daysLeft)),
      pencePerMonth,
    };
  }
  return { kind: "runs_out", date, pencePerMonth };
}

/**
 * Whole months of money left at the current rate: to the day it runs out, or to the end of the
 * period if it lasts that long; 0 once spent or ended; null when there is no rate to go by.
 */
export function monthsOfFundingLeft(runOut: RunOut, today: Date): number | null {
  const monthsUntil = (date: Date) => Math.max(0, Math.floor((date.getTime() - today.getTime()) / (DAY_MS * 30.4375)));
  switch (runOut.kind) {
    case "ended":
    case "spent":
      return 0;
    case "runs_out":
      return monthsUntil(runOut.date);
    case "outlasts":
      return monthsUntil(runOut.endDate);
    default:
      return null;
  }
}

/**
 * A projection in plain English: `value`, a few words for a figure or a table cell; `detail`, a
 * sentence to go under it; `headline`, one line that stands alone (exports, summaries). The
 * whole budget (`subject` "budget") ends when its last stream does.
 */
export function describeRunOut(runOut: RunOut, subject: "stream" | "budget" = "stream"): { value: string; headline: string; detail: string } {
  switch (runOut.kind) {
    case "ended":
      return {
        value: `Ended ${formatCalendarDate(runOut.endDate)}`,
        headline: `Ended ${formatCalendarDate(runOut.endDate)}`,
        detail:
          runOut.balancePence > 0
            ? `${formatPence(runOut.balancePence)} was not spent before it ended.`
            : runOut.balancePence < 0
              ? `It ended ${formatPence(-runOut.balancePence)} overspent.`
              : "All of it was spent.",
      };
    case "spent":
      return runOut.balancePence < 0
        ? { value: "Overspent", headline: "Overspent", detail: `Spending is ${formatPence(-runOut.balancePence)} more than the total.` }
        : { value: "All spent", headline: "All spent", detail: "Nothing is left to spend." };
    case "no_spending":
      return { value: "No spending yet", headline: "No spending yet", detail: "A date is projected once spending is recorded." };
    case "not_started":
      return {
        value: `Starts ${formatCalendarDate(runOut.startDate)}`,
        headline: `Starts ${formatCalendarDate(runOut.startDate)}`,
        detail: "A date is projected once spending is recorded.",
      };
    case "no_recent_spending":
      return {
        value: "Not at this rate",
        headline: "No recent spending",
        detail: `Nothing was spent in the last ${runOut.windowDays} days, so at this rate the money does not run out.`,
      };
    case "runs_out":
      return {
        value: `Around ${formatCalendarDate(runOut.date)}`,
        headline: `Runs out around ${formatCalendarDate(runOut.date)}`,
        detail: `At the current rate of ${formatPence(runOut.pencePerMonth)} a month.`,
      };
    case "outlasts": {
      const ends = subject === "budget" ? "The last stream ends" : "It ends";
      return {
        value: subject === "budget" ? "Not before the last stream ends" : "Not before it ends",
        headline: `${subject === "budget" ? "The last stream ends" : "Ends"} ${formatCalendarDate(runOut.endDate)} before the money runs out`,
        detail: `${ends} on ${formatCalendarDate(runOut.endDate)}: at the current rate of ${formatPence(runOut.pencePerMonth)} a month, about ${formatPence(runOut.leftAtEndPence)} would be left unspent.`,
      };
    }
  }
}

// ─── Streams that need a successor ───────────────────────────────────────────────────────────

export const ENDING_SOON_MONTHS = 6;

/** A stream ending within six months (and not yet ended) with nothing recorded to continue it. */
export function endsSoonWithoutSuccessor(stream: { endDate: Date; successorId: string | null }, today: Date): boolean {
  return stream.successorId === null && stream.endDate >= today && stream.endDate <= addCalendarMonths(today, ENDING_SOON_MONTHS);
}

/**
 * Would recording `successorId` as the continuation of `streamId` make a loop (A continued by
 * B continued by … A)? `successorOf` maps each stream to its successor now.
 */
export function createsSuccessionLoop(successorOf: ReadonlyMap<string, string | null>, streamId: string | null, successorId: string | null): boolean {
  if (!successorId) return false;
  if (streamId === null) return false; // a new stream has nothing continuing into it yet
  const seen = new Set<string>();
  let next: string | null = successorId;
  while (next) {
    if (next === streamId) return true;
    if (seen.has(next)) return false;
    seen.add(next);
    next = successorOf.get(next) ?? null;
  }
  return false;
}

/** "1 April 2026 to 31 March 2027". */
export function describePeriod(start: Date | string, end: Date | string): string {
  return `${formatCalendarDate(start)} to ${formatCalendarDate(end)}`;
}

/** Staff time in hundredths of an FTE: 40 → "0.4 FTE". */
export function describeFte(fteHundredths: number): string {
  return `${fteHundredths / 100} FTE`;
}
