import { Prisma } from "~/generated/prisma/client";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { type SuccessFactorKey } from "~/modules/study/study";
import { addAction } from "~/modules/meetings/commands.server";
import { recordSystemPost } from "~/utils/system-posts.server";
import { prisma } from "~/utils/db.server";
import { addDays, calendarToday, formatCalendarDate, formatDateTime, parseCalendarDate, toCalendarDateString } from "~/utils/dates";
import { can } from "~/utils/policy";
import { writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import { BAND_LABELS, bandCounts, enoughForResults, summariseFactors } from "./aggregate";
import {
  BENEFIT_KEYS,
  CHALLENGE_KEYS,
  FACTOR_KEYS,
  type OpenRoundInput,
  type ResponseAnswers,
  ResponseAnswersSchema,
  unansweredQuestions,
} from "./schema";
import { refused } from "~/utils/refusal";
import { roundState } from "./rounds";
import { ANSWERING_ROLES, findRound, REMINDER_INTERVAL_MS, submittedResponses } from "./queries.server";

/**
 * The writes of self-assessment: a lead opens and closes rounds, reminds those who have not
 * answered, and turns concerns into actions; a member saves and submits a response. Each checks
 * the caller's access, and writes and audits in one transaction (decision 010 for what may leave).
 */

// ─── Opening and closing ─────────────────────────────────────────────────────────────────────

export async function openRound(access: InitiativeAccess, input: OpenRoundInput, now = new Date()) {
  if (!can(access.membership.role, "manage_assessments")) return refused("Only the initiative's lead can open a self-assessment round.");
  const closesOn = parseCalendarDate(input.closesOn);
  if (!closesOn) return refused("Enter the closing date as a real date, like 2027-01-15", "closesOn");
  const today = calendarToday(now);
  if (closesOn < today) return refused("The closing date has passed: choose today or a later date", "closesOn");
  if (closesOn > addDays(today, 366)) return refused("The closing date must be within a year from today", "closesOn");
  const actor = await getAuditActor(access.user);
  const result = await writeAsMember(access, async (tx) => {
    // Checked inside the transaction, so two leads opening at once cannot both succeed.
    const unclosed = await tx.assessmentRound.findMany({
      where: { initiativeId: access.initiativeId, closedAt: null },
      select: { title: true, closesOn: true, closedAt: true },
    });
    const stillOpen = unclosed.find((round) => roundState(round, now).open);
    if (stillOpen) return refused(`“${stillOpen.title}” is still open. Close it before opening another round.`);
    const round = await tx.assessmentRound.create({
      data: { initiativeId: access.initiativeId, title: input.title, closesOn, createdById: access.user.id, createdAt: now },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "assessment.opened",
      entity: "assessment_round",
      entityId: round.id,
      at: now,
      after: { title: input.title, closesOn: input.closesOn },
    });
    await recordSystemPost(tx, {
      initiativeId: access.initiativeId,
      event: "assessment.opened",
      body: `${access.user.name} opened the self-assessment “${input.title}”. Please rate the partnership against the success factors by ${formatCalendarDate(closesOn)}. Your answers are private: nobody sees any results until the round closes, and then only for groups of three or more.`,
      linkPath: `/initiatives/${access.initiativeId}/assessment/${round.id}`,
      at: now,
    });
    return { ok: true as const, roundId: round.id };
  });
  if (!result.ok) return result;
  return { ok: true as const, roundId: result.roundId };
}

/** Closes a round before its closing date (a lead's choice, after a confirmation). */
export async function closeRound(access: InitiativeAccess, roundId: string, now = new Date()) {
  if (!can(access.membership.role, "manage_assessments")) return refused("Only the initiative's lead can close a round.");
  const round = await findRound(access.initiativeId, roundId);
  if (!round) return refused("That round is not in this initiative.");
  if (!roundState(round, now).open) return refused("This round has already closed.");
  const responses = await submittedResponses(round.id);
  const bands = bandCounts(summariseFactors(responses));
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.assessmentRound.update({ where: { id: round.id }, data: { closedAt: now } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "assessment.closed",
      entity: "assessment_round",
      entityId: round.id,
      at: now,
      before: { closesOn: toCalendarDateString(round.closesOn) },
      after: {
        title: round.title,
        responses: responses.length,
        // Results, as counts of bands; nothing at all below three responses (decision 010).
        ...(enoughForResults(responses.length) ? { strengths: bands.strength, toDiscuss: bands.discuss, concerns: bands.concern } : {}),
      },
    });
  });
  return { ok: true as const, title: round.title };
}

// ─── A member's response ─────────────────────────────────────────────────────────────────────

/**
 * Saves the member's answers as a draft, or submits them (every factor and challenge answered).
 * A submitted response stays submitted when changed. `responseId` is the response the form was
 * showing (null for a first response): a first response when one already exists (another tab,
 * a second try) is refused rather than written over.
 */
export async function saveResponse(
  access: InitiativeAccess,
  roundId: string,
  input: { responseId: string | null; answers: ResponseAnswers; submit: boolean },
  now = new Date(),
) {
  if (!can(access.membership.role, "respond_to_assessments")) {
    return refused("Observers do not answer self-assessments. You will see the results when the round closes.");
  }
  const parsed = ResponseAnswersSchema.safeParse(input.answers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refused(
      `Those answers do not fit the framework (${issue?.path.join(".") || "answers"}: ${issue?.message ?? "not valid"}). Nothing was saved.`,
    );
  }
  const answers = parsed.data as ResponseAnswers;
  const round = await findRound(access.initiativeId, roundId);
  if (!round) return refused("That round is not in this initiative.");
  const state = roundState(round, now);
  if (!state.open)
    return refused(`This round closed on ${formatDateTime(state.endedAt)}: answers can no longer be given or changed. Nothing was saved.`);
  const existing = await prisma.assessmentResponse.findUnique({
    where: { roundId_userId: { roundId: round.id, userId: access.user.id } },
    select: { id: true, submittedAt: true },
  });
  if (existing && existing.id !== input.responseId) {
    return refused(
      "You have already responded to this round, perhaps in another tab or window. Nothing was saved: reload the page to see your response and change it there.",
    );
  }
  if (!existing && input.responseId) return refused("That response no longer exists. Reload the page and answer again.");
  const submitted = input.submit || existing?.submittedAt != null;
  if (submitted) {
    const missing = unansweredQuestions(answers);
    if (missing.length > 0) return refused(`To submit, answer every question (“don't know” is an answer). Not answered yet: ${missing.join("; ")}.`);
  }
  const actor = await getAuditActor(access.user);
  const action = existing?.submittedAt ? "assessment.response_changed" : input.submit ? "assessment.response_submitted" : "assessment.draft_saved";
  try {
    const responseId = await writeAsMember(access, async (tx) => {
      let id: string;
      if (existing) {
        id = existing.id;
        await tx.factorRating.deleteMany({ where: { responseId: id } });
        await tx.challengeRating.deleteMany({ where: { responseId: id } });
        await tx.benefitReport.deleteMany({ where: { responseId: id } });
        await tx.assessmentResponse.update({
          where: { id },
          data: { submittedAt: existing.submittedAt ?? (input.submit ? now : null), updatedAt: now },
        });
      } else {
        const created = await tx.assessmentResponse.create({
          data: {
            roundId: round.id,
            userId: access.user.id,
            agencyId: access.membership.agencyId,
            submittedAt: input.submit ? now : null,
            createdAt: now,
            updatedAt: now,
          },
        });
        id = created.id;
      }
      const factorRows = FACTOR_KEYS.flatMap((key) => {
        const answer = answers.factors[key];
        return answer ? [{ responseId: id, factorKey: key, rating: answer.rating, evidence: answer.evidence?.trim() || null }] : [];
      });
      const challengeRows = CHALLENGE_KEYS.flatMap((key) => {
        const severity = answers.challenges[key];
        return severity ? [{ responseId: id, challengeKey: key, severity }] : [];
      });
      const benefitRows = BENEFIT_KEYS.flatMap((key) => {
        const example = answers.benefits[key];
        return example === undefined ? [] : [{ responseId: id, benefitKey: key, example: example.trim() }];
      });
      if (factorRows.length) await tx.factorRating.createMany({ data: factorRows });
      if (challengeRows.length) await tx.challengeRating.createMany({ data: challengeRows });
      if (benefitRows.length) await tx.benefitReport.createMany({ data: benefitRows });
      await recordAudit(tx, {
        actor,
        initiativeId: access.initiativeId,
        action,
        entity: "assessment_response",
        entityId: id,
        at: now,
        // That the person answered, and nothing of what: not even how many questions (decision 010).
        after: { round: round.title },
      });
      return id;
    });
    return { ok: true as const, responseId, submitted, action };
  } catch (error) {
    // Two first responses at the same moment (another tab): the database keeps one per person.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return refused(
        "You have already responded to this round, perhaps in another tab or window. Nothing was saved: reload the page to see your response.",
      );
    }
    throw error;
  }
}

// ─── Reminders ───────────────────────────────────────────────────────────────────────────────

/**
 * A lead reminds the members who have not answered an open round. Each of them then sees the
 * reminder on the initiative's overview and the round's page until they submit or the round
 * closes (queries.server.ts, roundsOf). Nobody is told who they are: the lead sees only how
 * many have answered in all (decision 010). At most one reminder a round in REMINDER_INTERVAL_MS.
 */
export async function sendReminder(access: InitiativeAccess, roundId: string, now = new Date()) {
  if (!can(access.membership.role, "manage_assessments")) return refused("Only the initiative's lead can remind members to answer.");
  const round = await findRound(access.initiativeId, roundId);
  if (!round) return refused("That round is not in this initiative.");
  if (!roundState(round, now).open) return refused("This round has closed, so there is nobody to remind.");
  const actor = await getAuditActor(access.user);
  // Checked inside the transaction (they take turns), so two reminders at once cannot both be sent.
  return writeAsMember(access, async (tx) => {
    const last = await tx.assessmentReminder.findFirst({
      where: { roundId: round.id, sentAt: { gt: new Date(now.getTime() - REMINDER_INTERVAL_MS) } },
      orderBy: { sentAt: "desc" },
      select: { sentAt: true, sentBy: { select: { name: true } } },
    });
    if (last) {
      const next = new Date(last.sentAt.getTime() + REMINDER_INTERVAL_MS);
      return refused(
        `${last.sentBy.name} sent a reminder on ${formatDateTime(last.sentAt)}. One reminder can be sent a day, so the next can be sent from ${formatDateTime(next)}.`,
      );
    }
    const reminded = await tx.membership.count({
      where: {
        initiativeId: access.initiativeId,
        role: { in: ANSWERING_ROLES },
        user: { assessmentResponses: { none: { roundId: round.id, submittedAt: { not: null } } } },
      },
    });
    if (reminded === 0) return refused("Everyone who can answer has answered, so there is nobody to remind.");
    await tx.assessmentReminder.create({ data: { roundId: round.id, sentById: access.user.id, sentAt: now } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "assessment.reminder_sent",
      entity: "assessment_round",
      entityId: round.id,
      at: now,
      // How many, never who: the count is what the lead already sees (members less answers).
      after: { round: round.title, reminded },
    });
    return { ok: true as const, reminded };
  });
}

// ─── Concerns into actions ───────────────────────────────────────────────────────────────────

/**
 * A lead turns a factor rated a concern into an action in the initiative's actions, in one
 * step. Only concerns qualify, and only once the round has closed and its results are shown:
 * while it is open, whether a factor is a concern is itself a result (decision 010).
 */
export async function createConcernAction(
  access: InitiativeAccess,
  roundId: string,
  input: { factorKey: SuccessFactorKey; title: string; ownerId: string; dueDate: string },
  now = new Date(),
) {
  if (!can(access.membership.role, "manage_assessments")) return refused("Only the initiative's lead turns concerns into actions.");
  const round = await findRound(access.initiativeId, roundId);
  if (!round) return refused("That round is not in this initiative.");
  // Before anything about the answers: the same refusal for every factor while the round is open.
  if (roundState(round, now).open) return refused("Concerns become actions once the round has closed and its results are shown.");
  const responses = await submittedResponses(round.id);
  if (!enoughForResults(responses.length)) return refused("The results are not shown yet: fewer than three members have responded.");
  const summary = summariseFactors(responses).find((f) => f.factorKey === input.factorKey);
  if (!summary || summary.band !== "concern") {
    return refused(`Actions are made here from concerns, and “${summary?.label ?? input.factorKey}” is not rated a concern in this round.`);
  }
  const actor = await getAuditActor(access.user);
  const result = await addAction(access, null, { title: input.title, ownerId: input.ownerId, dueDate: input.dueDate }, async (tx, actionId) => {
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "assessment.actions_created",
      entity: "assessment_round",
      entityId: round.id,
      after: { round: round.title, factor: summary.label, band: BAND_LABELS.concern, mean: summary.mean, actionId, action: input.title },
    });
  });
  return result;
}
