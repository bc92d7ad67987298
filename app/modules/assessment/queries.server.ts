import { Prisma } from "~/generated/prisma/client";
import {
  AGENCY_COMBINATION_LABELS,
  agencyCombination,
  type BenefitKey,
  BENEFITS,
  type ChallengeKey,
  CHALLENGES,
  SUCCESS_FACTORS,
  type SuccessFactorKey,
} from "~/modules/study/study";
import { getBudget } from "~/modules/funding/queries.server";
import { keptUntilChanged, keptWhileUnchanged } from "~/utils/data-version.server";
import { prisma } from "~/utils/db.server";
import { initiativePeople, initiativeRoster } from "~/modules/initiatives/roster.server";
import { addDays, calendarToday, DAY_MS, financialYearOf } from "~/utils/dates";
import { can, INITIATIVE_ROLES } from "~/utils/policy";
import { type InitiativeAccess } from "~/utils/policy.server";
import {
  type Band,
  bandCounts,
  bandOf,
  changeSince,
  compareAgencies,
  countBenefits,
  enoughForResults,
  meanOfTotal,
  MIN_GROUP_SIZE,
  rankChallenges,
  type Rating,
  type ResponseForResults,
  type RoundForTrend,
  type Severity,
  SEVERITY_SCORES,
  summariseFactors,
  trend,
} from "./aggregate";
import {
  activeMembersIndicator,
  evidenceAgreement,
  fundingIndicator,
  type Indicator,
  overdueActionsIndicator,
  rolesIndicator,
  strategicMeetingsIndicator,
} from "./indicators";
import { BENEFIT_KEYS, CHALLENGE_KEYS, FACTOR_KEYS, type ResponseAnswers } from "./schema";
import { closingMomentOf, roundState } from "./rounds";

/**
 * Self-assessment rounds of one initiative: a lead opens a round, members answer (a draft until
 * submitted, changeable until it closes), and everyone sees the aggregated results once it
 * closes, beside evidence from the portal's own records. Individual answers never leave the
 * module (these reads, commands.server.ts, exports.server.ts): only aggregates do, and only of
 * closed rounds. While a round is open nothing that moves with one person's answers leaves it,
 * for anyone: only how many have answered in all (decision 010). Every query is scoped by the
 * initiative of the caller's checked access.
 */

const AVERAGE_MONTH_DAYS = 365.25 / 12;

// ─── Rounds ──────────────────────────────────────────────────────────────────────────────────

const roundSelect = { id: true, title: true, closesOn: true, closedAt: true, createdAt: true, createdBy: { select: { name: true } } } as const;

export async function findRound(initiativeId: string, roundId: string) {
  return prisma.assessmentRound.findFirst({ where: { id: roundId, initiativeId }, select: roundSelect });
}

/**
 * Every round of the initiative, newest first, with how many responded (of an open round, out of
 * how many may) and the viewer's own state.
 */
export async function listRounds(initiativeId: string, viewerId: string, now = new Date()) {
  const rounds = await roundsOf(initiativeId, viewerId, now);
  return rounds.map(({ lastReminder: _lastReminder, reminder: _reminder, ...round }) => round);
}

/** The roles that answer a round (observers do not: decision 010). */
export const ANSWERING_ROLES = INITIATIVE_ROLES.filter((role) => can(role, "respond_to_assessments"));

/**
 * The rounds as listRounds gives them, with, for this module only, who answered and the latest
 * reminder, and the reminder to the viewer if they have one: the lead's latest, while the round
 * is open, if the viewer may answer, has not submitted, and was a member when it was sent.
 */
async function roundsOf(initiativeId: string, viewerId: string, now: Date) {
  // The rows are kept while rounds, responses, reminders, members and names are unchanged (scopes
  // "audit" and "people", decision 016); whether each is open and what the viewer did are worked out here.
  const { rounds, answering } = await keptUntilChanged(["audit", "people"], ["rounds", initiativeId], async () => {
    const [rounds, answering] = await Promise.all([
      prisma.assessmentRound.findMany({
        where: { initiativeId },
        select: {
          ...roundSelect,
          responses: { select: { userId: true, submittedAt: true } },
          reminders: { select: { sentAt: true, sentBy: { select: { name: true } } }, orderBy: { sentAt: "desc" }, take: 1 },
        },
        orderBy: { createdAt: "desc" },
      }),
      prisma.membership.findMany({ where: { initiativeId, role: { in: ANSWERING_ROLES } }, select: { userId: true, joinedAt: true } }),
    ]);
    return { rounds, answering };
  });
  const viewerJoinedAt = answering.find((m) => m.userId === viewerId)?.joinedAt ?? null;
  return rounds.map(({ responses, reminders, ...round }) => {
    const mine = responses.find((r) => r.userId === viewerId);
    const submitted = responses.filter((r) => r.submittedAt !== null);
    const state = roundState(round, now);
    const myResponse = !mine ? ("none" as const) : mine.submittedAt ? ("submitted" as const) : ("draft" as const);
    const last = reminders[0] ? { sentAt: reminders[0].sentAt, sentByName: reminders[0].sentBy.name } : null;
    // Those asked: the members who may answer, and anyone who answered and has since left.
    const asked = new Set([...answering.map((m) => m.userId), ...submitted.map((r) => r.userId)]);
    const reminded = state.open && last !== null && myResponse !== "submitted" && viewerJoinedAt !== null && viewerJoinedAt <= last.sentAt;
    return {
      ...round,
      ...state,
      submitted: submitted.length,
      /** How many may answer: with `submitted`, the one figure of an open round anyone sees. */
      respondentCount: asked.size,
      myResponse,
      lastReminder: last,
      reminder: reminded
        ? { roundId: round.id, roundTitle: round.title, closesOn: round.closesOn, sentAt: last.sentAt, sentByName: last.sentByName }
        : null,
    };
  });
}

// ─── A member's response ─────────────────────────────────────────────────────────────────────

type StoredResponse = {
  factors: Array<{ factorKey: string; rating: number | null; evidence: string | null }>;
  challenges: Array<{ challengeKey: string; severity: string }>;
  benefits: Array<{ benefitKey: string; example: string }>;
};

const isFactorKey = (key: string): key is SuccessFactorKey => (FACTOR_KEYS as readonly string[]).includes(key);
const isChallengeKey = (key: string): key is (typeof CHALLENGE_KEYS)[number] => (CHALLENGE_KEYS as readonly string[]).includes(key);
const isBenefitKey = (key: string): key is (typeof BENEFIT_KEYS)[number] => (BENEFIT_KEYS as readonly string[]).includes(key);

/** Stored rows as answers; a key no longer in the framework is left out. */
function answersOf(stored: StoredResponse): ResponseAnswers {
  const answers: ResponseAnswers = { factors: {}, challenges: {}, benefits: {} };
  for (const f of stored.factors) if (isFactorKey(f.factorKey)) answers.factors[f.factorKey] = { rating: f.rating as Rating, evidence: f.evidence };
  for (const c of stored.challenges) if (isChallengeKey(c.challengeKey)) answers.challenges[c.challengeKey] = c.severity as Severity;
  for (const b of stored.benefits) if (isBenefitKey(b.benefitKey)) answers.benefits[b.benefitKey] = b.example;
  return answers;
}

const answerInclude = {
  factors: { select: { factorKey: true, rating: true, evidence: true } },
  challenges: { select: { challengeKey: true, severity: true } },
  benefits: { select: { benefitKey: true, example: true } },
} as const;

/** The response form: the round, and the viewer's own answers so far. */
export async function getResponseForm(access: InitiativeAccess, roundId: string, now = new Date()) {
  const round = await findRound(access.initiativeId, roundId);
  if (!round) return null;
  const response = await prisma.assessmentResponse.findUnique({
    where: { roundId_userId: { roundId: round.id, userId: access.user.id } },
    select: { id: true, submittedAt: true, updatedAt: true, ...answerInclude },
  });
  return {
    round: { ...round, ...roundState(round, now) },
    response: response ? { id: response.id, submittedAt: response.submittedAt, updatedAt: response.updatedAt, answers: answersOf(response) } : null,
  };
}

/** The members a lead may give an action to, by name. */
export async function listActionOwners(initiativeId: string) {
  const people = await initiativePeople(initiativeId);
  return people.filter((m) => m.role !== "observer").map((m) => ({ value: m.id, label: m.label }));
}

// ─── Results ─────────────────────────────────────────────────────────────────────────────────

const responseForResultsSelect = {
  agencyId: true,
  agency: { select: { name: true } },
  ...answerInclude,
} as const;

function toResponseForResults(row: StoredResponse & { agencyId: string; agency: { name: string } }): ResponseForResults {
  const answers = answersOf(row);
  const factors: ResponseForResults["factors"] = {};
  for (const key of FACTOR_KEYS) {
    const answer = answers.factors[key];
    if (answer) factors[key] = answer.rating;
  }
  return { agencyId: row.agencyId, agencyName: row.agency.name, factors, challenges: answers.challenges, benefits: answers.benefits };
}

/** A round's submitted responses, as the results need them. Drafts never count. */
export async function submittedResponses(roundId: string): Promise<ResponseForResults[]> {
  return (await submittedRows(roundId)).map(toResponseForResults);
}

/**
 * A round's submitted responses as stored, kept between requests while the audit's data (rounds,
 * responses, answers, agencies) is unchanged (decision 016): a closed round's never changes.
 * NOTE: shared by every request that gets them: never change them in place.
 */
function submittedRows(roundId: string) {
  return keptUntilChanged("audit", ["responses", roundId], () =>
    prisma.assessmentResponse.findMany({ where: { roundId, submittedAt: { not: null } }, select: responseForResultsSelect }),
  );
}

/**
 * Every closed round of the initiative with enough responses, summarised, for change and trend:
 * kept while the audit's data is unchanged and no round reaches its end (decision 016). NOTE:
 * shared by every request that gets it: never change it in place.
 */
function closedRoundSummaries(initiativeId: string, now: Date): Promise<Array<RoundForTrend & { createdAt: Date }>> {
  return keptWhileUnchanged("audit", `closed-rounds:${initiativeId}`, now, async () => {
    const [value, until] = await Promise.all([readClosedRoundSummaries(initiativeId, now), nextRoundEndAfter(now)]);
    return { value, until };
  });
}

async function readClosedRoundSummaries(initiativeId: string, now: Date): Promise<Array<RoundForTrend & { createdAt: Date }>> {
  const [rounds, ratings] = await Promise.all([
    prisma.assessmentRound.findMany({ where: { initiativeId }, select: { id: true, title: true, closesOn: true, closedAt: true, createdAt: true } }),
    prisma.factorRating.findMany({
      where: { response: { submittedAt: { not: null }, round: { initiativeId } } },
      select: { responseId: true, factorKey: true, rating: true, response: { select: { roundId: true } } },
    }),
  ]);
  const byResponse = new Map<string, { roundId: string; factors: ResponseForResults["factors"] }>();
  for (const row of ratings) {
    const entry = byResponse.get(row.responseId) ?? { roundId: row.response.roundId, factors: {} };
    if (isFactorKey(row.factorKey)) entry.factors[row.factorKey] = row.rating as Rating;
    byResponse.set(row.responseId, entry);
  }
  const submittedCounts = await prisma.assessmentResponse.groupBy({
    by: ["roundId"],
    where: { submittedAt: { not: null }, round: { initiativeId } },
    _count: { _all: true },
  });
  const counted = new Map(submittedCounts.map((c) => [c.roundId, c._count._all]));
  return rounds.flatMap((round) => {
    const state = roundState(round, now);
    if (state.open || !enoughForResults(counted.get(round.id) ?? 0)) return [];
    const responses: ResponseForResults[] = [...byResponse.values()]
      .filter((r) => r.roundId === round.id)
      .map((r) => ({ agencyId: "", agencyName: "", factors: r.factors, challenges: {}, benefits: {} }));
    return [{ roundId: round.id, title: round.title, closedAt: state.endedAt, createdAt: round.createdAt, factors: summariseFactors(responses) }];
  });
}

/**
 * The evidence from the portal's own records, as it stood at `asOf` (a closed round's end, or
 * now): each kind of record is read once. Meetings, actions and activity are taken as they
 * were then; roles, responsibilities and funding as recorded now (no history is kept of them).
 */
function loadIndicators(
  initiativeId: string,
  asOf: Date,
  { settled = false }: { settled?: boolean } = {},
): Promise<ReadonlyMap<SuccessFactorKey, Indicator>> {
  if (!settled) return readIndicators(initiativeId, asOf);
  // A closed round's evidence, as it stood when it closed, changes only with the initiative's records, its people or its
  // funding: kept while they are unchanged (decision 016). NOTE: shared: never change it in place.
  return keptUntilChanged([`records:${initiativeId}`, "people", "funding"], ["indicators", initiativeId, asOf.getTime()], () =>
    readIndicators(initiativeId, asOf),
  );
}

async function readIndicators(initiativeId: string, asOf: Date): Promise<ReadonlyMap<SuccessFactorKey, Indicator>> {
  const today = calendarToday(asOf);
  const [{ agencies, members: everyone }, meetings, roles, responsibilities, actions, budget] = await Promise.all([
    initiativeRoster(initiativeId),
    prisma.meeting.findMany({
      where: { initiativeId, startsAt: { gte: new Date(asOf.getTime() - 370 * DAY_MS), lt: asOf } },
      select: { startsAt: true, type: true, status: true, attendances: { where: { present: true }, select: { agencyId: true } } },
    }),
    prisma.registerRole.findMany({ where: { initiativeId }, select: { holderId: true } }),
    prisma.sharedResponsibility.findMany({
      where: { initiativeId },
      select: { assignments: { where: { kind: "accountable" }, select: { agencyId: true } } },
    }),
    prisma.actionItem.findMany({ where: { initiativeId, createdAt: { lte: asOf } }, select: { status: true, dueDate: true, closedAt: true } }),
    getBudget(initiativeId, today, { spendingList: false }),
  ]);
  // Observers aside: their role is to follow the partnership, not to act in it.
  const members = everyone.filter((m) => m.joinedAt <= asOf && m.role !== "observer");
  // A member's last activity: their latest entry in this initiative's audit log (posts, replies, records all write one).
  const activity = await prisma.auditEvent.groupBy({
    by: ["actorId"],
    where: { initiativeId, actorId: { in: members.map((m) => m.userId) }, at: { lte: asOf } },
    _max: { at: true },
  });
  const lastActive = new Map(activity.map((a) => [a.actorId, a._max.at]));

  const year = financialYearOf(today);
  const contributions = budget.streams
    .filter((s) => s.status === "confirmed" || s.status === "received")
    .map((s) => ({ contributor: s.contributor, pence: s.amounts.find((a) => a.financialYear === year)?.amountPence ?? 0 }));
  const projection = budget.runOutProjection;
  const monthsUntil = (date: Date) => Math.max(0, (date.getTime() - today.getTime()) / DAY_MS / AVERAGE_MONTH_DAYS);
  const monthsOfFundingLeft =
    projection?.kind === "runs_out"
      ? monthsUntil(projection.date)
      : projection?.kind === "outlasts"
        ? monthsUntil(projection.endDate)
        : projection?.kind === "ended" || projection?.kind === "spent"
          ? 0
          : null;

  const list: Indicator[] = [
    activeMembersIndicator({
      members: members.map((m) => ({ agencyName: m.agencyName, lastActiveAt: lastActive.get(m.userId) ?? null })),
      now: asOf,
    }),
    strategicMeetingsIndicator({
      meetings: meetings.map((m) => ({
        startsAt: m.startsAt,
        type: m.type,
        status: m.status,
        agenciesPresent: [...new Set(m.attendances.map((a) => a.agencyId))],
      })),
      agencyIds: agencies.map((a) => a.id),
      now: asOf,
    }),
    overdueActionsIndicator({
      // An action closed after `asOf` was still open then.
      actions: actions.map((a) => ({ status: a.closedAt && a.closedAt <= asOf ? a.status : "open", dueDate: a.dueDate })),
      now: asOf,
    }),
    fundingIndicator({ contributions, monthsOfFundingLeft }),
    rolesIndicator({ roles, responsibilities: responsibilities.map((r) => ({ hasAccountable: r.assignments.length > 0 })) }),
  ];
  return new Map(list.map((indicator) => [indicator.factorKey, indicator]));
}

/**
 * Everything the round's page shows. While the round is open: how many have answered out of how
 * many may, the viewer's own state and any reminder to them, and nothing else. `results` is null
 * until it has closed, and then if fewer than three responses were submitted.
 */
export async function getRoundResults(access: InitiativeAccess, roundId: string, now = new Date()) {
  const rounds = await roundsOf(access.initiativeId, access.user.id, now);
  const round = rounds.find((r) => r.id === roundId);
  if (!round) return null;
  const { lastReminder, submitted, respondentCount, myResponse, reminder, ...shown } = round;
  const role = access.membership.role;
  const mayManage = can(role, "manage_assessments");
  // Results once the round has closed, to everyone. While it is open nobody (the lead included)
  // sees any figure that moves with one person's answers: comparing the page before and after one
  // person answers would give their answers away (decision 010).
  const visible = !round.open;
  const base = {
    round: shown,
    submittedCount: submitted,
    respondentCount,
    mayManage,
    mayRespond: can(role, "respond_to_assessments"),
    myResponse,
    /** The reminder to the viewer, if they have one. */
    reminder,
    /** For the lead while the round is open: when they may next remind those who have not answered. */
    reminding: mayManage && round.open ? reminderState(lastReminder, now) : null,
    visible,
    enough: enoughForResults(submitted),
    minimum: MIN_GROUP_SIZE,
  };
  if (!visible || !base.enough) return { ...base, results: null };
  return { ...base, results: await computeResults(access.initiativeId, round, round, now) };
}

/** The lead's reminders: the last one sent, and when the next may be (one a day: REMINDER_INTERVAL_MS). */
function reminderState(last: { sentAt: Date; sentByName: string } | null, now: Date) {
  if (!last) return { last: null, nextFrom: null };
  const nextFrom = new Date(last.sentAt.getTime() + REMINDER_INTERVAL_MS);
  return { last, nextFrom: nextFrom > now ? nextFrom : null };
}

/** At most one reminder per round in this time. */
export const REMINDER_INTERVAL_MS = DAY_MS;

async function computeResults(initiativeId: string, round: { id: string; createdAt: Date }, state: ReturnType<typeof roundState>, now: Date) {
  const asOf = state.open ? now : state.endedAt;
  const [rows, { agencies }, earlier, indicators] = await Promise.all([
    submittedRows(round.id),
    initiativeRoster(initiativeId),
    closedRoundSummaries(initiativeId, now),
    loadIndicators(initiativeId, asOf, { settled: !state.open }),
  ]);
  const responses = rows.map(toResponseForResults);
  const summaries = summariseFactors(responses);
  const combination = agencyCombination(agencies.map((a) => a.sector));
  const previous =
    earlier.filter((r) => r.roundId !== round.id && r.createdAt < round.createdAt).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ??
    null;
  const change = changeSince(summaries, previous?.factors ?? null);
  // Evidence text, without names or agencies, sorted so its order says nothing about who wrote it.
  const evidenceByFactor = new Map<SuccessFactorKey, string[]>();
  for (const row of rows) {
    for (const f of row.factors) {
      const text = f.evidence?.trim();
      if (!text || !isFactorKey(f.factorKey)) continue;
      evidenceByFactor.set(f.factorKey, [...(evidenceByFactor.get(f.factorKey) ?? []), text]);
    }
  }
  const factors = summaries.map((summary) => {
    const framework = SUCCESS_FACTORS.find((f) => f.key === summary.factorKey)!;
    const stressedFor = framework.stressedFor as ReadonlyArray<string>;
    const indicator = indicators.get(summary.factorKey) ?? null;
    return {
      ...summary,
      statement: framework.statement,
      whyItMatters: framework.whyItMatters,
      stressed: stressedFor.includes("all") ? ("all" as const) : stressedFor.includes(combination) ? ("combination" as const) : null,
      change: change[summary.factorKey],
      indicator,
      evidenceNote: indicator ? evidenceAgreement(summary.band, indicator.signal, indicator.value) : null,
      evidence: (evidenceByFactor.get(summary.factorKey) ?? []).sort((a, b) => a.localeCompare(b, "en-GB")),
    };
  });
  const trendRounds: RoundForTrend[] = earlier.map(({ createdAt: _createdAt, ...r }) => r);
  return {
    factors,
    bands: bandCounts(summaries),
    comparison: compareAgencies(responses),
    challenges: rankChallenges(responses),
    benefits: countBenefits(responses),
    previous: previous ? { roundId: previous.roundId, title: previous.title } : null,
    trend: trend(trendRounds),
    trendRounds: trendRounds.length,
    combination: AGENCY_COMBINATION_LABELS[combination],
    indicatorsAsOf: asOf,
  };
}

export type RoundResults = NonNullable<Awaited<ReturnType<typeof computeResults>>>;

// ─── The initiative's overview ───────────────────────────────────────────────────────────────

/**
 * The overview card: the open round, how many have answered it and whether the viewer has (and
 * any reminder to them); the last closed round's bands.
 */
export async function getAssessmentSummary(access: InitiativeAccess, now = new Date()) {
  const { initiativeId } = access;
  const rounds = await roundsOf(initiativeId, access.user.id, now);
  const open = rounds.find((r) => r.open) ?? null;
  const lastClosed = rounds.filter((r) => !r.open).sort((a, b) => b.endedAt.getTime() - a.endedAt.getTime())[0] ?? null;
  let lastClosedBands: Record<Band, number> | null = null;
  if (lastClosed && enoughForResults(lastClosed.submitted)) {
    lastClosedBands = bandCounts(summariseFactors(await submittedResponses(lastClosed.id)));
  }
  return {
    rounds: rounds.length,
    open: open
      ? {
          id: open.id,
          title: open.title,
          closesOn: open.closesOn,
          submittedCount: open.submitted,
          respondentCount: open.respondentCount,
          myResponse: open.myResponse,
          reminder: open.reminder,
        }
      : null,
    lastClosed: lastClosed
      ? {
          id: lastClosed.id,
          title: lastClosed.title,
          /** The day it closed: the day a lead closed it early, or its closing date. */
          closedOn: lastClosed.closedEarly ? lastClosed.endedAt : lastClosed.closesOn,
          closedEarly: lastClosed.closedEarly,
          submitted: lastClosed.submitted,
          bands: lastClosedBands,
        }
      : null,
  };
}

// ─── Across initiatives (the audit of activity) ──────────────────────────────────────────────

/** An initiative's latest closed round with results, as the audit of activity shows it: aggregates only. */
export type ClosedRoundResult = {
  roundTitle: string;
  endedAt: Date;
  responses: number;
  /** Every factor in the framework's order, with its mean (null when nobody rated it). */
  factors: Array<{ factorKey: SuccessFactorKey; mean: number | null }>;
  bands: Record<Band, number>;
  /** Every challenge in the framework's order, with its mean score (null when nobody answered it). */
  challenges: Array<{ challengeKey: ChallengeKey; score: number | null }>;
  /** Every benefit in the framework's order, with how many respondents report it. */
  benefits: Array<{ benefitKey: BenefitKey; count: number }>;
};
type RoundFigures = Omit<ClosedRoundResult, "roundTitle" | "endedAt" | "responses">;

/**
 * The round that speaks for each initiative matching `initiatives`: its latest closed round with
 * enough responses. One query, with a row per closed round (never one per response).
 */
async function latestClosedRounds(initiatives: Prisma.InitiativeWhereInput, now: Date) {
  const rounds = await prisma.assessmentRound.findMany({
    // Every closed round, and perhaps a few still open on their closing day: a round ends when
    // closed early or after its closing day, never before. roundState decides.
    where: { initiative: initiatives, OR: [{ closesOn: { lte: now } }, { closedAt: { lte: now } }] },
    select: {
      id: true,
      initiativeId: true,
      title: true,
      closesOn: true,
      closedAt: true,
      _count: { select: { responses: { where: { submittedAt: { not: null } } } } },
    },
  });
  const latest = new Map<string, { id: string; title: string; endedAt: Date; responses: number }>();
  for (const round of rounds) {
    const state = roundState(round, now);
    if (state.open || !enoughForResults(round._count.responses)) continue;
    const current = latest.get(round.initiativeId);
    if (!current || state.endedAt > current.endedAt)
      latest.set(round.initiativeId, { id: round.id, title: round.title, endedAt: state.endedAt, responses: round._count.responses });
  }
  return latest;
}

/**
 * The next moment after `now` at which some round ends by itself (its closing day over in London,
 * or a close recorded for later than `now`), or null if none will: until then, which rounds have
 * ended changes only with the data. Two queries at most, a row each, and a few more only when
 * rounds share closing days that have already passed.
 */
export async function nextRoundEndAfter(now: Date): Promise<Date | null> {
  const closedLater = await prisma.assessmentRound.findFirst({
    where: { closedAt: { gt: now } },
    orderBy: { closedAt: "asc" },
    select: { closedAt: true },
  });
  // A closing day's end is within two days of its date (midnight UTC), so earlier dates are over.
  let from = addDays(now, -2);
  for (;;) {
    const round = await prisma.assessmentRound.findFirst({
      where: { closedAt: null, closesOn: { gte: from } },
      orderBy: { closesOn: "asc" },
      select: { closesOn: true },
    });
    if (!round) return closedLater?.closedAt ?? null;
    const closesAt = closingMomentOf(round.closesOn);
    if (closesAt > now) return closedLater?.closedAt && closedLater.closedAt < closesAt ? closedLater.closedAt : closesAt;
    from = addDays(round.closesOn, 1);
  }
}

/** A severity's score (SEVERITY_SCORES) in SQL: constants of the code, written into the statement. */
const SEVERITY_SCORE_SQL = Prisma.raw(
  `CASE c."severity" ${Object.entries(SEVERITY_SCORES)
    .map(([severity, score]) => `WHEN '${severity}' THEN ${score}`)
    .join(" ")} END`,
);

/** Rounds summed per statement: far below the bound parameters SQLite (32,766) and PostgreSQL (65,535) allow. */
const ROUNDS_PER_STATEMENT = 10_000;

/**
 * The figures of closed rounds, summed by the database: three statements, a row per round and
 * question, never a response. NOTE: plain SQL that SQLite and PostgreSQL both run (quoted names
 * as Prisma made them; casts make PostgreSQL's bigint sums plain numbers), because Prisma's
 * groupBy cannot group ratings by the round of their response (decision 015).
 */
async function figuresOfRounds(roundIds: readonly string[]): Promise<Map<string, RoundFigures>> {
  type Row = { roundId: string; key: string; total: number | bigint; count: number | bigint };
  const rows = { factors: [] as Row[], challenges: [] as Row[], benefits: [] as Row[] };
  for (let first = 0; first < roundIds.length; first += ROUNDS_PER_STATEMENT) {
    const ids = Prisma.join(roundIds.slice(first, first + ROUNDS_PER_STATEMENT));
    const [factors, challenges, benefits] = await Promise.all([
      prisma.$queryRaw<Row[]>`
        SELECT s."roundId" AS "roundId", f."factorKey" AS "key", CAST(SUM(f."rating") AS INTEGER) AS "total", CAST(COUNT(*) AS INTEGER) AS "count"
        FROM "FactorRating" f JOIN "AssessmentResponse" s ON s."id" = f."responseId"
        WHERE s."roundId" IN (${ids}) AND s."submittedAt" IS NOT NULL AND f."rating" BETWEEN 1 AND 5
        GROUP BY s."roundId", f."factorKey"`,
      prisma.$queryRaw<Row[]>`
        SELECT s."roundId" AS "roundId", c."challengeKey" AS "key", CAST(SUM(${SEVERITY_SCORE_SQL}) AS INTEGER) AS "total", CAST(COUNT(*) AS INTEGER) AS "count"
        FROM "ChallengeRating" c JOIN "AssessmentResponse" s ON s."id" = c."responseId"
        WHERE s."roundId" IN (${ids}) AND s."submittedAt" IS NOT NULL AND c."severity" IN (${Prisma.join(Object.keys(SEVERITY_SCORES))})
        GROUP BY s."roundId", c."challengeKey"`,
      prisma.$queryRaw<Row[]>`
        SELECT s."roundId" AS "roundId", b."benefitKey" AS "key", 0 AS "total", CAST(COUNT(*) AS INTEGER) AS "count"
        FROM "BenefitReport" b JOIN "AssessmentResponse" s ON s."id" = b."responseId"
        WHERE s."roundId" IN (${ids}) AND s."submittedAt" IS NOT NULL
        GROUP BY s."roundId", b."benefitKey"`,
    ]);
    rows.factors.push(...factors);
    rows.challenges.push(...challenges);
    rows.benefits.push(...benefits);
  }
  const byRound = (list: Row[]) => {
    const map = new Map<string, Map<string, { total: number; count: number }>>();
    for (const row of list) {
      const sums = map.get(row.roundId) ?? new Map<string, { total: number; count: number }>();
      sums.set(row.key, { total: Number(row.total), count: Number(row.count) });
      map.set(row.roundId, sums);
    }
    return map;
  };
  const [factorSums, challengeSums, benefitSums] = [byRound(rows.factors), byRound(rows.challenges), byRound(rows.benefits)];
  return new Map(
    roundIds.map((roundId) => {
      // The same means as summariseFactors and rankChallenges give from the responses themselves.
      const factors = SUCCESS_FACTORS.map((factor) => {
        const sum = factorSums.get(roundId)?.get(factor.key);
        return { factorKey: factor.key, mean: sum ? meanOfTotal(sum.total, sum.count) : null };
      });
      const bands = bandCounts(factors.map((f) => ({ band: bandOf(f.mean) })));
      const challenges = CHALLENGES.map((challenge) => {
        const sum = challengeSums.get(roundId)?.get(challenge.key);
        return { challengeKey: challenge.key, score: sum ? meanOfTotal(sum.total, sum.count) : null };
      });
      const benefits = BENEFITS.map((benefit) => ({ benefitKey: benefit.key, count: benefitSums.get(roundId)?.get(benefit.key)?.count ?? 0 }));
      return [roundId, { factors, bands, challenges, benefits }];
    }),
  );
}

/**
 * The figures of rounds closed for a while, by round id, with how many responses they were
 * worked out from. NOTE: nobody can answer, change or submit a response once a round has closed
 * (saveResponse), so a closed round's figures never change: they are worked out once per
 * process rather than on every view of the audit. Only rounds closed for SETTLED_MS are kept,
 * longer than a save that began just before the close can take to commit; and the count of
 * responses is checked on every use, so a response removed with its author is never missed
 * (decision 015).
 */
const settledRounds = new Map<string, { responses: number; figures: RoundFigures }>();
const SETTLED_MS = 5 * 60_000;
const MAX_SETTLED_ROUNDS = 20_000;

/**
 * Each initiative's latest closed round with enough responses, for every initiative matching
 * `initiatives`, as aggregates only (never an answer: decision 010). A fixed number of queries
 * however many initiatives, and no response read but those of rounds not seen before.
 */
export async function latestClosedResultsOf(initiatives: Prisma.InitiativeWhereInput, now = new Date()): Promise<Map<string, ClosedRoundResult>> {
  const latest = await latestClosedRounds(initiatives, now);
  const unknown = [...latest.values()].filter((round) => settledRounds.get(round.id)?.responses !== round.responses);
  const worked = unknown.length > 0 ? await figuresOfRounds(unknown.map((round) => round.id)) : new Map<string, RoundFigures>();
  const results = new Map(
    [...latest].map(([initiativeId, round]) => [
      initiativeId,
      {
        roundTitle: round.title,
        endedAt: round.endedAt,
        responses: round.responses,
        ...(worked.get(round.id) ?? settledRounds.get(round.id)!.figures),
      },
    ]),
  );
  for (const round of unknown) {
    if (round.endedAt.getTime() > now.getTime() - SETTLED_MS) continue;
    if (settledRounds.size >= MAX_SETTLED_ROUNDS) settledRounds.clear();
    settledRounds.set(round.id, { responses: round.responses, figures: worked.get(round.id)! });
  }
  return results;
}
