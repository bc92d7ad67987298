/**
 * Evidence from the portal's own records, shown beside what members said, without I/O: the
 * caller loads the records and passes them in. Each indicator speaks to one success factor and
 * says in one sentence how it was worked out, so a partnership can check it.
 */
import { calendarToday, DAY_MS } from "~/utils/dates";
import { type SuccessFactorKey } from "~/modules/study/study";
import { type Band } from "./aggregate";

export type Indicator = {
  factorKey: SuccessFactorKey;
  title: string;
  /** A few words: "5 held; 4 of 5 with every agency". */
  value: string;
  /** One plain sentence. */
  howComputed: string;
  signal: "strong" | "weak" | "neutral";
};

/** The factors the portal's records speak to, in the framework's order. */
export const INDICATOR_FACTORS: SuccessFactorKey[] = ["commitment", "strategic_meetings", "leadership", "joint_funding", "relevant_professionals"];

/** "1 meeting", "2 meetings". */
function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "A", "A and B", "A, B and C". */
function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The same moment `months` calendar months earlier; the 29th to 31st become the month's last day when it is shorter. */
function monthsBefore(moment: Date, months: number): Date {
  const year = moment.getUTCFullYear();
  const month = moment.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(moment.getUTCDate(), lastDay),
      moment.getUTCHours(),
      moment.getUTCMinutes(),
      moment.getUTCSeconds(),
      moment.getUTCMilliseconds(),
    ),
  );
}

// ─── Regular strategic planning meetings ─────────────────────────────────────────────────────

export type MeetingForIndicator = {
  startsAt: Date;
  /** strategic_planning | operational | review */
  type: string;
  /** scheduled | cancelled */
  status: string;
  /** The agencies recorded present; empty when attendance was not recorded. */
  agenciesPresent: readonly string[];
};

/**
 * Strategic planning meetings held in the 12 months up to now, and how many of those with
 * attendance recorded had every agency present. Strong: 4 or more held and at least 75% with
 * every agency. Weak: fewer than 2 held, or under 50% with every agency.
 */
export function strategicMeetingsIndicator(input: { meetings: readonly MeetingForIndicator[]; agencyIds: readonly string[]; now: Date }): Indicator {
  const from = monthsBefore(input.now, 12);
  const held = input.meetings.filter(
    (m) => m.type === "strategic_planning" && m.status !== "cancelled" && m.startsAt >= from && m.startsAt < input.now,
  );
  const recorded = held.filter((m) => m.agenciesPresent.length > 0);
  // NOTE: with no agencies listed, "every agency present" would be true of any meeting; say nothing instead.
  const knowsShare = recorded.length > 0 && input.agencyIds.length > 0;
  const withEveryAgency = knowsShare ? recorded.filter((m) => input.agencyIds.every((id) => m.agenciesPresent.includes(id))).length : 0;

  let signal: Indicator["signal"] = "neutral";
  if (held.length < 2 || (knowsShare && withEveryAgency * 2 < recorded.length)) signal = "weak";
  else if (held.length >= 4 && knowsShare && withEveryAgency * 4 >= recorded.length * 3) signal = "strong";

  const heldText = `${held.length} held in 12 months`;
  const value =
    held.length === 0
      ? "None held in 12 months"
      : knowsShare
        ? `${heldText}; ${withEveryAgency} of ${recorded.length} with every agency`
        : `${heldText}; attendance not recorded`;
  return {
    factorKey: "strategic_meetings",
    title: "Strategic planning meetings",
    value,
    howComputed:
      "Strategic planning meetings that were not cancelled and took place in the last 12 months, and of those with attendance recorded, how many had someone from every agency present.",
    signal,
  };
}

// ─── Joint funding ───────────────────────────────────────────────────────────────────────────

/** Tenths of a percent, rounded half up in whole numbers: 2 of 3 → 667. */
function permilleOf(part: number, whole: number): number {
  return Math.floor((part * 2000 + whole) / (whole * 2));
}

/** 600 → "60%", 667 → "66.7%". */
function formatPermille(permille: number): string {
  return permille % 10 === 0 ? `${permille / 10}%` : `${Math.trunc(permille / 10)}.${permille % 10}%`;
}

/**
 * How much of this year's money comes from the largest contributor, and how long it lasts.
 * Strong: the largest gives 60% or less, there are at least two contributors, and the money
 * lasts at least 12 months (or that is not known). Weak: one contributor, the largest over 80%,
 * under 6 months left, or no money at all.
 */
export function fundingIndicator(input: {
  /** This financial year's confirmed or received amounts, by contributor (several rows for one contributor are added up). */
  contributions: ReadonlyArray<{ contributor: string; pence: number }>;
  /** null when it is not known (or nothing is being spent). */
  monthsOfFundingLeft: number | null;
}): Indicator {
  const byContributor = new Map<string, number>();
  for (const c of input.contributions) byContributor.set(c.contributor, (byContributor.get(c.contributor) ?? 0) + c.pence);
  const amounts = [...byContributor.values()].filter((pence) => pence > 0);
  const total = amounts.reduce((a, b) => a + b, 0);
  const months = input.monthsOfFundingLeft;

  const base = {
    factorKey: "joint_funding" as const,
    title: "Joint funding",
    howComputed:
      "The share of this financial year's confirmed and received money that comes from the largest contributor, and how many months the money lasts at the current rate of spending.",
  };
  if (total <= 0) return { ...base, value: "No money recorded for this year", signal: "weak" };

  const largest = permilleOf(Math.max(...amounts), total);
  const single = amounts.length === 1;
  let signal: Indicator["signal"] = "neutral";
  if (single || largest > 800 || (months !== null && months < 6)) signal = "weak";
  else if (largest <= 600 && (months === null || months >= 12)) signal = "strong";

  const share = single ? "One contributor gives all of it" : `Largest of ${amounts.length} contributors gives ${formatPermille(largest)}`;
  // Whole months, rounded down, so "11 months" is never shown for money that lasts 11.9 (not yet 12).
  const left = months === null ? "months left not known" : months < 1 ? "under 1 month left" : `${count(Math.floor(months), "month")} left`;
  return { ...base, value: `${share}; ${left}`, signal };
}

// ─── The relevant professionals involved ─────────────────────────────────────────────────────

/**
 * Roles nobody holds and shared responsibilities with no agency accountable. Weak: two or more
 * such gaps in all, or more than a quarter of roles vacant. Strong: no gaps and at least one role.
 */
export function rolesIndicator(input: {
  roles: ReadonlyArray<{ holderId: string | null }>;
  responsibilities: ReadonlyArray<{ hasAccountable: boolean }>;
}): Indicator {
  const vacant = input.roles.filter((r) => r.holderId === null).length;
  const unaccountable = input.responsibilities.filter((r) => !r.hasAccountable).length;
  const roles = input.roles.length;

  let signal: Indicator["signal"] = "neutral";
  if (vacant + unaccountable >= 2 || vacant * 4 > roles) signal = "weak";
  else if (roles > 0 && vacant === 0 && unaccountable === 0) signal = "strong";

  const rolesText = roles === 0 ? "No roles recorded yet" : `${vacant} of ${count(roles, "role")} vacant`;
  const responsibilitiesText = `${count(unaccountable, "shared responsibility", "shared responsibilities")} with no agency accountable`;
  return {
    factorKey: "relevant_professionals",
    title: "Roles filled and responsibilities owned",
    value: `${rolesText}; ${responsibilitiesText}`,
    howComputed: "Roles in the register that nobody holds, and shared responsibilities that no agency is accountable for.",
    signal,
  };
}

// ─── Leadership and drive ────────────────────────────────────────────────────────────────────

/**
 * Open actions past their due date, out of all open actions. A due date is a calendar day
 * (midnight UTC): an action becomes overdue once its day has ended in the UK, not on the
 * morning it is due. Strong: none overdue, with at least one action ever recorded. Weak: 3 or
 * more overdue, or more than a third of open actions.
 */
export function overdueActionsIndicator(input: { actions: ReadonlyArray<{ status: string; dueDate: Date }>; now: Date }): Indicator {
  const today = calendarToday(input.now);
  const open = input.actions.filter((a) => a.status === "open");
  const overdue = open.filter((a) => a.dueDate < today).length;

  let signal: Indicator["signal"] = "neutral";
  if (overdue >= 3 || overdue * 3 > open.length) signal = "weak";
  else if (overdue === 0 && input.actions.length > 0) signal = "strong";

  const value =
    input.actions.length === 0
      ? "No actions recorded yet"
      : open.length === 0
        ? "No open actions"
        : `${overdue} of ${count(open.length, "open action")} overdue`;
  return {
    factorKey: "leadership",
    title: "Overdue actions",
    value,
    howComputed: "Open actions whose due date has passed, out of all the actions still open.",
    signal,
  };
}

// ─── Commitment of those involved ────────────────────────────────────────────────────────────

const ACTIVE_WITHIN_DAYS = 30;

/**
 * Members who used the portal in the last 30 days, in all and by agency (the caller leaves
 * observers out: they follow the partnership rather than act in it). Strong: at least 75%
 * active and someone active from every agency. Weak: under 40% active, or an agency with
 * nobody active (named).
 */
export function activeMembersIndicator(input: { members: ReadonlyArray<{ agencyName: string; lastActiveAt: Date | null }>; now: Date }): Indicator {
  const since = new Date(input.now.getTime() - ACTIVE_WITHIN_DAYS * DAY_MS);
  const isActive = (m: { lastActiveAt: Date | null }) => m.lastActiveAt !== null && m.lastActiveAt >= since;
  const members = input.members.length;
  const active = input.members.filter(isActive).length;
  const agencies = [...new Set(input.members.map((m) => m.agencyName))];
  const quiet = agencies
    .filter((agency) => !input.members.some((m) => m.agencyName === agency && isActive(m)))
    .sort((a, b) => a.localeCompare(b, "en-GB"));

  const base = {
    factorKey: "commitment" as const,
    title: "Active members",
    howComputed: `Members (observers aside) who did something in the initiative in the last ${ACTIVE_WITHIN_DAYS} days, such as a post, a reply, a reply to a meeting or a record, in all and for each agency.`,
  };
  if (members === 0) return { ...base, value: "No members yet", signal: "neutral" };

  let signal: Indicator["signal"] = "neutral";
  if (active * 5 < members * 2 || quiet.length > 0) signal = "weak";
  else if (active * 4 >= members * 3) signal = "strong";

  const byAgency = quiet.length === 0 ? "every agency active" : `nobody active from ${listOf(quiet)}`;
  return { ...base, value: `${active} of ${count(members, "member")}; ${byAgency}`, signal };
}

// ─── Perception beside evidence ──────────────────────────────────────────────────────────────

type EvidenceDisagreement = {
  kind: "strength_but_weak_evidence" | "concern_but_strong_evidence";
  message: string;
};

/**
 * A note when what members said and what the records show point opposite ways: rated a
 * strength with weak evidence, or a concern with strong evidence. `evidence` (the indicator's
 * value) makes the note specific. Nothing to say for "to discuss", neutral evidence, or no rating.
 */
export function evidenceAgreement(band: Band | null, signal: Indicator["signal"], evidence?: string): EvidenceDisagreement | null {
  if (band === "strength" && signal === "weak") {
    return {
      kind: "strength_but_weak_evidence",
      message: `Rated a strength, but the records suggest otherwise: ${evidence?.trim() || "the portal's own records look weak here"}. Worth asking whether the records are out of date or the rating is too kind.`,
    };
  }
  if (band === "concern" && signal === "strong") {
    return {
      kind: "concern_but_strong_evidence",
      message: `Rated a concern, but the records suggest otherwise: ${evidence?.trim() || "the portal's own records look strong here"}. Worth asking what members see that the records do not.`,
    };
  }
  return null;
}
