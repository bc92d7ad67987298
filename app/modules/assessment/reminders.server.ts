import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { formatDateTime } from "~/utils/dates";
import { can } from "~/utils/policy";
import { writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import { ANSWERING_ROLES, findRound, REMINDER_INTERVAL_MS, roundState } from "./assessment.server";
import { refused } from "~/utils/refusal";

/**
 * A lead reminds the members who have not answered an open round. Each of them then sees the
 * reminder on the initiative's overview and the round's page until they submit or the round
 * closes (assessment.server.ts, roundsOf). Nobody is told who they are: the lead sees only how
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

