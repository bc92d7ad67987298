/**
 * Demo self-assessment for `npm run seed:demo`: three rounds of the SEND Early Help Partnership,
 * set from today. Two are closed (about ten and four months ago) so the change and the trend
 * show; the third is open, with four responses and a draft, and a reminder from the lead
 * yesterday that those yet to answer (Kate Elliott among them) see. Nobody sees its results until
 * it closes (decision 010). Nine
 * people answer: three from Children's Services, three from the NHS trust and three from the
 * education side (merged as "Other agencies"), with a believable spread and one factor where
 * the agencies disagree. Everything goes through the assessment module, as the screens do.
 */
import type { ResponseAnswers } from "../app/modules/assessment/schema";
import type { InitiativeAccess } from "../app/utils/policy.server";

const DAY = 86_400_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

type FactorKey =
  | "commitment"
  | "relationships"
  | "strategic_meetings"
  | "leadership"
  | "joint_funding"
  | "clear_focus"
  | "joint_ownership"
  | "common_aims"
  | "relevant_professionals"
  | "history"
  | "council_context"
  | "time_for_relationships";

/** What each side of the partnership tends to think, round by round (means before each person's own view). */
type Profile = Record<FactorKey, number>;

const ROUNDS: Array<{
  daysAgoOpened: number;
  weeksOpen: number;
  /** By side: "childrens" (the lead agency), "trust", "education" (the education service and the school). */
  profiles: Record<"childrens" | "trust" | "education", Profile>;
  challenges: ResponseAnswers["challenges"];
  evidence: Partial<Record<FactorKey, string[]>>;
  benefits: Array<[key: "understanding_roles" | "communication" | "relationships" | "forum_for_issues", examples: string[]]>;
}> = [
  {
    daysAgoOpened: 320,
    weeksOpen: 3,
    profiles: {
      childrens: {
        commitment: 4.3,
        relationships: 3.7,
        strategic_meetings: 3,
        leadership: 3.7,
        joint_funding: 2.3,
        clear_focus: 3,
        joint_ownership: 4,
        common_aims: 3.7,
        relevant_professionals: 3,
        history: 3.3,
        council_context: 3,
        time_for_relationships: 2.7,
      },
      trust: {
        commitment: 3.7,
        relationships: 3.3,
        strategic_meetings: 2.7,
        leadership: 3.3,
        joint_funding: 2,
        clear_focus: 2.7,
        joint_ownership: 2,
        common_aims: 3.3,
        relevant_professionals: 2.7,
        history: 3,
        council_context: 2.7,
        time_for_relationships: 2.3,
      },
      education: {
        commitment: 4,
        relationships: 3.7,
        strategic_meetings: 3,
        leadership: 3.3,
        joint_funding: 2.3,
        clear_focus: 3.3,
        joint_ownership: 3,
        common_aims: 4,
        relevant_professionals: 3.3,
        history: 3.7,
        council_context: 3,
        time_for_relationships: 2.7,
      },
    },
    challenges: {
      funding_resources: "major",
      time: "significant",
      different_approaches: "significant",
      role_clarity: "significant",
      competing_priorities: "minor",
      recruitment: "minor",
    },
    evidence: {
      joint_funding: [
        "Each agency still pays for its own staff; there is no pooled budget yet",
        "Funding is agreed year by year, so we cannot plan beyond March",
      ],
      joint_ownership: [
        "Children's Services chairs, writes the papers and holds the list",
        "It still feels like a council project we are invited to",
      ],
      strategic_meetings: ["Meetings get cancelled when the chair is on leave"],
    },
    benefits: [
      ["understanding_roles", ["I now know what the educational psychology service can and cannot offer"]],
      ["communication", ["One referral form instead of three"]],
    ],
  },
  {
    daysAgoOpened: 130,
    weeksOpen: 3,
    profiles: {
      childrens: {
        commitment: 4.7,
        relationships: 4.3,
        strategic_meetings: 4.3,
        leadership: 4.3,
        joint_funding: 3.3,
        clear_focus: 3.7,
        joint_ownership: 4.3,
        common_aims: 4,
        relevant_professionals: 3.3,
        history: 3.3,
        council_context: 3,
        time_for_relationships: 2.7,
      },
      trust: {
        commitment: 4,
        relationships: 3.7,
        strategic_meetings: 4,
        leadership: 4,
        joint_funding: 3,
        clear_focus: 3.3,
        joint_ownership: 2,
        common_aims: 3.7,
        relevant_professionals: 3,
        history: 3,
        council_context: 2.7,
        time_for_relationships: 2,
      },
      education: {
        commitment: 4.3,
        relationships: 4,
        strategic_meetings: 4.3,
        leadership: 4,
        joint_funding: 3.3,
        clear_focus: 3.7,
        joint_ownership: 3.3,
        common_aims: 4.3,
        relevant_professionals: 3.3,
        history: 3.7,
        council_context: 3,
        time_for_relationships: 2.3,
      },
    },
    challenges: {
      funding_resources: "significant",
      time: "major",
      different_approaches: "minor",
      role_clarity: "minor",
      competing_priorities: "significant",
      recruitment: "significant",
    },
    evidence: {
      strategic_meetings: ["Six-weekly since the spring, and every agency has been at most of them", "Minutes now approved at the next meeting"],
      joint_funding: ["£40,000 from each agency pooled for this year"],
      joint_ownership: ["The trust is consulted, but decisions are still made before the meeting", "Health colleagues are not asked to chair items"],
      time_for_relationships: ["Caseloads leave no time to meet outside the strategic group"],
      leadership: ["Priya keeps the actions moving between meetings"],
    },
    benefits: [
      ["understanding_roles", ["We agreed who is the lead professional for each family", "The register shows who does what"]],
      ["communication", ["One referral form instead of three", "A shared list of families waiting"]],
      ["relationships", ["School nurses now phone the SENCo directly"]],
      ["forum_for_issues", ["Disagreements about thresholds are now settled at the group"]],
    ],
  },
  {
    daysAgoOpened: 5,
    weeksOpen: 3,
    profiles: {
      childrens: {
        commitment: 4.7,
        relationships: 4.3,
        strategic_meetings: 4.7,
        leadership: 4.7,
        joint_funding: 3.7,
        clear_focus: 4,
        joint_ownership: 4.3,
        common_aims: 4.3,
        relevant_professionals: 3.7,
        history: 3.3,
        council_context: 3.3,
        time_for_relationships: 3,
      },
      trust: {
        commitment: 4.3,
        relationships: 4,
        strategic_meetings: 4.3,
        leadership: 4.3,
        joint_funding: 3.3,
        clear_focus: 3.7,
        joint_ownership: 2.7,
        common_aims: 4,
        relevant_professionals: 3.3,
        history: 3,
        council_context: 3,
        time_for_relationships: 2.3,
      },
      education: {
        commitment: 4.3,
        relationships: 4.3,
        strategic_meetings: 4.3,
        leadership: 4.3,
        joint_funding: 3.7,
        clear_focus: 4,
        joint_ownership: 3.7,
        common_aims: 4.3,
        relevant_professionals: 3.7,
        history: 3.7,
        council_context: 3,
        time_for_relationships: 2.7,
      },
    },
    challenges: {
      funding_resources: "significant",
      time: "major",
      different_approaches: "minor",
      role_clarity: "none",
      competing_priorities: "significant",
      recruitment: "major",
    },
    evidence: { leadership: ["Actions are followed up between meetings"] },
    benefits: [["communication", ["Weekly allocation meeting works well"]]],
  },
];

/** A small deterministic sequence, so the demo is the same every time it is made. */
function offsets(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return [-1, 0, 0, 0, 1][state % 5]!;
  };
}

export type Respondent = { access: InitiativeAccess; side: "childrens" | "trust" | "education" };

export async function seedAssessments(lead: InitiativeAccess, respondents: Respondent[], today = new Date()) {
  const assessment = await import("../app/modules/assessment/commands.server");
  const { prisma } = await import("../app/utils/db.server");
  // NOTE: members joined through invitations a moment ago; in the story they joined when the
  // initiative started, so that the first round's evidence (active members) counts them.
  const initiative = await prisma.initiative.findUniqueOrThrow({ where: { id: lead.initiativeId }, select: { startDate: true } });
  await prisma.membership.updateMany({ where: { initiativeId: lead.initiativeId }, data: { joinedAt: initiative.startDate } });
  const { SUCCESS_FACTORS, CHALLENGES } = await import("../app/modules/study/study");
  const severities = ["none", "minor", "significant", "major"] as const;
  const next = offsets(2026);

  for (const [roundIndex, spec] of ROUNDS.entries()) {
    const opened = new Date(today.getTime() - spec.daysAgoOpened * DAY);
    const closesOn = new Date(opened.getTime() + spec.weeksOpen * 7 * DAY);
    const isOpenRound = roundIndex === ROUNDS.length - 1;
    const round = await assessment.openRound(
      lead,
      { title: `Self-assessment, ${MONTHS[opened.getUTCMonth()]} ${opened.getUTCFullYear()}`, closesOn: isoDate(closesOn) },
      opened,
    );
    if (!round.ok) throw new Error(`Could not open a demo round: ${round.message}`);

    // The open round has four responses and a draft so far; the closed ones, everyone's.
    const answering = isOpenRound ? respondents.slice(0, 5) : respondents;
    for (const [index, respondent] of answering.entries()) {
      const profile = spec.profiles[respondent.side];
      // Within each side, three people whose ratings add up to the side's view, some a point apart.
      const sideIndex = respondents.filter((r) => r.side === respondent.side).indexOf(respondent);
      const factors: ResponseAnswers["factors"] = {};
      for (const [factorIndex, factor] of SUCCESS_FACTORS.entries()) {
        const key = factor.key as FactorKey;
        const total = Math.round(profile[key] * 3);
        let rating = Math.floor(total / 3) + (sideIndex < total % 3 ? 1 : 0);
        if ((factorIndex + roundIndex) % 3 === 0 && rating > 1 && rating < 5) rating += sideIndex === 0 ? 1 : sideIndex === 2 ? -1 : 0;
        // Context factors are the hardest to judge: some say they do not know.
        const dontKnow = (key === "history" || key === "council_context") && (index + roundIndex) % 4 === 0;
        const evidence = spec.evidence[key]?.[index] ?? null;
        factors[key] = { rating: dontKnow ? null : (Math.min(5, Math.max(1, rating)) as 1 | 2 | 3 | 4 | 5), evidence };
      }
      const challenges: ResponseAnswers["challenges"] = {};
      for (const challenge of CHALLENGES) {
        const typical = severities.indexOf(spec.challenges[challenge.key]!);
        challenges[challenge.key] = severities[Math.min(3, Math.max(0, typical + (index % 3 !== 0 ? next() : 0)))]!;
      }
      const benefits: ResponseAnswers["benefits"] = {};
      for (const [key, examples] of spec.benefits) {
        if ((index + key.length) % 3 !== 0) benefits[key] = index < examples.length ? examples[index]! : "";
      }
      const answered = new Date(opened.getTime() + (1 + index) * DAY);
      const draft = isOpenRound && index === answering.length - 1;
      const saved = await assessment.saveResponse(
        respondent.access,
        round.roundId,
        { responseId: null, answers: { factors, challenges, benefits }, submit: !draft },
        answered,
      );
      if (!saved.ok) throw new Error(`Could not answer a demo round: ${saved.message}`);
    }
    // The lead reminded those yet to answer of the open round yesterday.
    if (isOpenRound) {
      const reminded = await assessment.sendReminder(lead, round.roundId, new Date(today.getTime() - DAY));
      if (!reminded.ok) throw new Error(`Could not remind in a demo round: ${reminded.message}`);
    }
    // The middle round was closed a day early by the lead; the first closed on its date.
    if (roundIndex === 1) {
      const closed = await assessment.closeRound(lead, round.roundId, new Date(closesOn.getTime() - DAY));
      if (!closed.ok) throw new Error(`Could not close a demo round: ${closed.message}`);
    }
  }
}
