/**
 * The self-assessment's results, without I/O: each success factor's mean, spread and band, the
 * agencies side by side (with small agencies merged so no one's answers can be picked out),
 * change since the last round, the trend over all rounds, challenges ranked and benefits counted.
 */
import {
  BENEFITS,
  type BenefitKey,
  type CHALLENGE_SEVERITIES,
  CHALLENGES,
  type ChallengeKey,
  SUCCESS_FACTORS,
  type SuccessFactorKey,
} from "~/modules/study/study";

/** 1 (strongly disagree) to 5 (strongly agree); null is "don't know". */
export type Rating = 1 | 2 | 3 | 4 | 5 | null;
export type Severity = (typeof CHALLENGE_SEVERITIES)[number]["key"];

/** One member's response, as the results need it. A missing key means the question was not answered. */
export type ResponseForResults = {
  agencyId: string;
  agencyName: string;
  factors: Partial<Record<SuccessFactorKey, Rating>>;
  challenges: Partial<Record<ChallengeKey, Severity>>;
  /** A ticked benefit and its example ("" when none was given). */
  benefits: Partial<Record<BenefitKey, string>>;
};

/** The fewest respondents whose answers may be shown together. */
export const MIN_GROUP_SIZE = 3;

/**
 * Whether a round's results may be shown at all: with fewer than three responses counted,
 * nothing is shown but how many have responded (decision 010).
 */
export function enoughForResults(submittedResponses: number): boolean {
  return submittedResponses >= MIN_GROUP_SIZE;
}

// ─── Rounding ────────────────────────────────────────────────────────────────────────────────

/**
 * Rounds to one decimal place, halves away from zero: 3.95 → 4.0, 1.45 → 1.5, -0.25 → -0.3.
 * NOTE: not `toFixed(1)`, which rounds the binary number actually stored: 1.45 is stored a hair
 * below 1.45, so it gives "1.4". Fixing the number to 10 decimal places first drops that hair,
 * and moving the decimal point in text ("1.4500000000e1") is exact, so only a real half rounds up.
 */
export function roundToOneDecimal(value: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15) return value; // already a whole number; toFixed would turn exponential
  const tenths = Math.round(Number(`${magnitude.toFixed(10)}e1`));
  if (tenths === 0) return 0; // never -0
  return (Math.sign(value) * tenths) / 10;
}

/** A mean from its total and count, to one decimal place; null for no values. */
export function meanOfTotal(total: number, count: number): number | null {
  return count > 0 ? roundToOneDecimal(total / count) : null;
}

// ─── Bands ───────────────────────────────────────────────────────────────────────────────────

export type Band = "strength" | "discuss" | "concern";

export const BAND_LABELS: Record<Band, string> = {
  strength: "Strength",
  discuss: "To discuss",
  concern: "Concern",
};

/**
 * The band of a mean, decided on the mean rounded to one decimal place, so the number shown and
 * its band always agree (a mean of 3.95 is shown as 4.0, and 4.0 is a strength).
 */
export function bandOf(mean: number | null): Band | null {
  if (mean === null || !Number.isFinite(mean)) return null;
  const shown = roundToOneDecimal(mean);
  if (shown >= 4) return "strength";
  if (shown >= 3) return "discuss";
  return "concern";
}

// ─── Success factors ─────────────────────────────────────────────────────────────────────────

export type FactorSummary = {
  factorKey: SuccessFactorKey;
  label: string;
  /** How many gave a rating from 1 to 5. */
  rated: number;
  dontKnow: number;
  /** Rounded to one decimal place; null when nobody rated. */
  mean: number | null;
  /** The lowest and highest ratings, and the population standard deviation to one decimal place. */
  spread: { min: number; max: number; sd: number } | null;
  band: Band | null;
  /** How many rated 1, 2, 3, 4 and 5. */
  distribution: [number, number, number, number, number];
};

const isRating = (value: unknown): value is 1 | 2 | 3 | 4 | 5 => value === 1 || value === 2 || value === 3 || value === 4 || value === 5;

/** The ratings of one factor (don't-knows and unanswered left out), and how many said "don't know". */
function ratingsOf(responses: readonly ResponseForResults[], factorKey: SuccessFactorKey) {
  const ratings: number[] = [];
  let dontKnow = 0;
  for (const response of responses) {
    const rating = response.factors[factorKey]; // undefined when not answered: neither a rating nor a don't-know
    if (rating === null) dontKnow += 1;
    else if (isRating(rating)) ratings.push(rating);
  }
  return { ratings, dontKnow };
}

/** The mean to one decimal place, or null for no values. */
export function meanOf(ratings: readonly number[]): number | null {
  return meanOfTotal(
    ratings.reduce((a, b) => a + b, 0),
    ratings.length,
  );
}

function summariseRatings(factorKey: SuccessFactorKey, label: string, ratings: readonly number[], dontKnow: number): FactorSummary {
  const distribution: FactorSummary["distribution"] = [0, 0, 0, 0, 0];
  for (const rating of ratings) distribution[rating - 1] = (distribution[rating - 1] ?? 0) + 1;
  const mean = meanOf(ratings);
  let spread: FactorSummary["spread"] = null;
  if (ratings.length > 0) {
    const exactMean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
    const variance = ratings.reduce((a, r) => a + (r - exactMean) ** 2, 0) / ratings.length;
    spread = { min: Math.min(...ratings), max: Math.max(...ratings), sd: roundToOneDecimal(Math.sqrt(variance)) };
  }
  return { factorKey, label, rated: ratings.length, dontKnow, mean, spread, band: bandOf(mean), distribution };
}

/** Every success factor, in the framework's order, summarised over all the responses. */
export function summariseFactors(responses: readonly ResponseForResults[]): FactorSummary[] {
  return SUCCESS_FACTORS.map((factor) => {
    const { ratings, dontKnow } = ratingsOf(responses, factor.key);
    return summariseRatings(factor.key, factor.label, ratings, dontKnow);
  });
}

// ─── Agencies side by side ───────────────────────────────────────────────────────────────────

const OTHER_AGENCIES_KEY = "other";
const OTHER_AGENCIES_LABEL = "Other agencies";
/** A gap between agency means this wide or wider is a disagreement worth talking about. */
export const DISAGREEMENT_GAP = 2;

type AgencyGroup = {
  /** The agency's id, or "other" for the agencies merged to keep every group at three or more. */
  key: string;
  label: string;
  respondents: number;
  /** True only when all the responses together are fewer than three: its values are not shown. */
  suppressed: boolean;
};

export type AgencyComparison = {
  groups: AgencyGroup[];
  factors: Array<{
    factorKey: SuccessFactorKey;
    label: string;
    /** By group key; null when the group is suppressed. */
    byGroup: Record<string, { mean: number | null; band: Band | null } | null>;
    /** The highest group mean less the lowest, among groups shown; null with fewer than two. */
    gap: number | null;
    disagreement: boolean;
  }>;
};

/**
 * Each agency's results beside the others'. An agency with fewer than three respondents is
 * merged into "Other agencies". If that group would still have only one or two respondents,
 * the smallest agencies shown are merged into it too (fewest respondents first; of equals, the
 * one last by name), until it has at least three or everything is merged: so no group of one
 * or two is ever shown, and a hidden group's answers cannot be worked out by subtracting the
 * groups shown from the overall figures (decision 010). A group is suppressed only when every
 * response together makes fewer than three. Groups are sorted by name, "Other agencies" last.
 */
export function compareAgencies(responses: readonly ResponseForResults[]): AgencyComparison {
  const byAgency = new Map<string, { name: string; responses: ResponseForResults[] }>();
  for (const response of responses) {
    const entry = byAgency.get(response.agencyId) ?? { name: response.agencyName, responses: [] };
    entry.responses.push(response);
    byAgency.set(response.agencyId, entry);
  }

  const shown: Array<AgencyGroup & { responses: ResponseForResults[] }> = [];
  const merged: ResponseForResults[] = [];
  for (const [agencyId, agency] of byAgency) {
    if (agency.responses.length >= MIN_GROUP_SIZE) {
      shown.push({ key: agencyId, label: agency.name, respondents: agency.responses.length, suppressed: false, responses: agency.responses });
    } else {
      merged.push(...agency.responses);
    }
  }
  // The merge order: fewest respondents first; of equals, the one last by name goes first.
  shown.sort((a, b) => a.respondents - b.respondents || b.label.localeCompare(a.label, "en-GB") || b.key.localeCompare(a.key));
  while (merged.length > 0 && merged.length < MIN_GROUP_SIZE && shown.length > 0) {
    merged.push(...shown.shift()!.responses);
  }

  const members = new Map<string, ResponseForResults[]>();
  const groups: AgencyGroup[] = shown
    .sort((a, b) => a.label.localeCompare(b.label, "en-GB") || a.key.localeCompare(b.key))
    .map(({ responses: groupResponses, ...group }) => {
      members.set(group.key, groupResponses);
      return group;
    });
  if (merged.length > 0) {
    groups.push({
      key: OTHER_AGENCIES_KEY,
      label: OTHER_AGENCIES_LABEL,
      respondents: merged.length,
      suppressed: merged.length < MIN_GROUP_SIZE,
    });
    members.set(OTHER_AGENCIES_KEY, merged);
  }

  const factors = SUCCESS_FACTORS.map((factor) => {
    const byGroup: AgencyComparison["factors"][number]["byGroup"] = {};
    const shownMeans: number[] = [];
    for (const group of groups) {
      if (group.suppressed) {
        byGroup[group.key] = null;
        continue;
      }
      const mean = meanOf(ratingsOf(members.get(group.key) ?? [], factor.key).ratings);
      byGroup[group.key] = { mean, band: bandOf(mean) };
      if (mean !== null) shownMeans.push(mean);
    }
    // Decided on the means as shown, and rounded: 4.1 - 2.1 is 1.9999999999999996 in floating point.
    const gap = shownMeans.length >= 2 ? roundToOneDecimal(Math.max(...shownMeans) - Math.min(...shownMeans)) : null;
    return { factorKey: factor.key, label: factor.label, byGroup, gap, disagreement: gap !== null && gap >= DISAGREEMENT_GAP };
  });

  return { groups, factors };
}

// ─── Challenges and benefits ─────────────────────────────────────────────────────────────────

export const SEVERITY_SCORES: Record<Severity, number> = { none: 0, minor: 1, significant: 2, major: 3 };

export type RankedChallenge = {
  challengeKey: ChallengeKey;
  label: string;
  answered: number;
  /** The mean score (none 0, minor 1, significant 2, major 3) to one decimal place; null when nobody answered. */
  score: number | null;
  counts: Record<Severity, number>;
};

/**
 * Challenges, most severe first by mean score among those who answered. Equal scores (as
 * shown, to one decimal place) keep the framework's order; challenges nobody answered come last.
 */
export function rankChallenges(responses: readonly ResponseForResults[]): RankedChallenge[] {
  const summaries = CHALLENGES.map((challenge, order) => {
    const counts: Record<Severity, number> = { none: 0, minor: 0, significant: 0, major: 0 };
    let answered = 0;
    let total = 0;
    for (const response of responses) {
      const severity = response.challenges[challenge.key];
      if (severity === undefined || !Object.hasOwn(SEVERITY_SCORES, severity)) continue;
      counts[severity] += 1;
      answered += 1;
      total += SEVERITY_SCORES[severity];
    }
    const score = meanOfTotal(total, answered);
    return { order, ranked: { challengeKey: challenge.key, label: challenge.label, answered, score, counts } };
  });
  summaries.sort((a, b) => (b.ranked.score ?? -1) - (a.ranked.score ?? -1) || a.order - b.order);
  return summaries.map((s) => s.ranked);
}

export type CountedBenefit = {
  benefitKey: BenefitKey;
  label: string;
  /** How many respondents ticked it. */
  count: number;
  /** The examples given, trimmed, empty ones left out, sorted so their order says nothing about who wrote them. */
  examples: string[];
};

/** Every benefit in the framework's order, with how many ticked it and their examples. */
export function countBenefits(responses: readonly ResponseForResults[]): CountedBenefit[] {
  return BENEFITS.map((benefit) => {
    let count = 0;
    const examples: string[] = [];
    for (const response of responses) {
      if (!Object.hasOwn(response.benefits, benefit.key)) continue;
      count += 1;
      const example = (response.benefits[benefit.key] ?? "").trim();
      if (example) examples.push(example);
    }
    examples.sort((a, b) => a.localeCompare(b, "en-GB"));
    return { benefitKey: benefit.key, label: benefit.label, count, examples };
  });
}

// ─── Rounds over time ────────────────────────────────────────────────────────────────────────

export type RoundForTrend = { roundId: string; title: string; closedAt: Date; factors: FactorSummary[] };

function meansByFactor(summaries: readonly FactorSummary[]): Map<SuccessFactorKey, number | null> {
  return new Map(summaries.map((s) => [s.factorKey, s.mean]));
}

/** Each factor's mean now less its mean last round, to one decimal place; null when either is missing. */
export function changeSince(current: readonly FactorSummary[], previous: readonly FactorSummary[] | null): Record<SuccessFactorKey, number | null> {
  const now = meansByFactor(current);
  const before = meansByFactor(previous ?? []);
  const change = {} as Record<SuccessFactorKey, number | null>;
  for (const factor of SUCCESS_FACTORS) {
    const a = now.get(factor.key) ?? null;
    const b = before.get(factor.key) ?? null;
    change[factor.key] = a === null || b === null ? null : roundToOneDecimal(a - b);
  }
  return change;
}

type FactorTrend = {
  factorKey: SuccessFactorKey;
  label: string;
  points: Array<{ roundId: string; title: string; closedAt: Date; mean: number | null }>;
};

/** Every factor's mean in each round, oldest round first (whatever order the rounds come in). */
export function trend(rounds: readonly RoundForTrend[]): FactorTrend[] {
  const ordered = [...rounds].sort((a, b) => a.closedAt.getTime() - b.closedAt.getTime() || a.roundId.localeCompare(b.roundId));
  const means = ordered.map((round) => meansByFactor(round.factors));
  return SUCCESS_FACTORS.map((factor) => ({
    factorKey: factor.key,
    label: factor.label,
    points: ordered.map((round, i) => ({
      roundId: round.roundId,
      title: round.title,
      closedAt: round.closedAt,
      mean: means[i]!.get(factor.key) ?? null,
    })),
  }));
}

/** How many factors fall in each band. */
export function bandCounts(factors: ReadonlyArray<Pick<FactorSummary, "band">>): Record<Band, number> {
  const counts: Record<Band, number> = { strength: 0, discuss: 0, concern: 0 };
  for (const f of factors) if (f.band) counts[f.band] += 1;
  return counts;
}
