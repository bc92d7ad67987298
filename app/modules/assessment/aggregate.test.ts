import { describe, expect, test } from "vitest";
import { BENEFITS, CHALLENGES, SUCCESS_FACTORS, type SuccessFactorKey } from "~/modules/study/study";
import {
  BAND_LABELS,
  bandOf,
  enoughForResults,
  changeSince,
  compareAgencies,
  countBenefits,
  type FactorSummary,
  rankChallenges,
  type Rating,
  type ResponseForResults,
  roundToOneDecimal,
  type Severity,
  summariseFactors,
  trend,
} from "./aggregate";

const AGENCY_NAMES: Record<string, string> = {
  health: "NHS Trust",
  social: "Children's Services",
  school: "Riverside Primary",
  police: "Police",
  housing: "Housing",
  youth: "Youth Offending Team",
};

const response = (agencyId: string, parts: Partial<Omit<ResponseForResults, "agencyId" | "agencyName">> = {}): ResponseForResults => ({
  agencyId,
  agencyName: AGENCY_NAMES[agencyId] ?? agencyId,
  factors: {},
  challenges: {},
  benefits: {},
  ...parts,
});

/** One response per rating, all from one agency, rating only `factor`. */
const rated = (agencyId: string, factor: SuccessFactorKey, ratings: readonly Rating[]) =>
  ratings.map((rating) => response(agencyId, { factors: { [factor]: rating } }));

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);

const summaryOf = (responses: ResponseForResults[], factor: SuccessFactorKey) => summariseFactors(responses).find((s) => s.factorKey === factor)!;

describe("rounding to one decimal place", () => {
  test("halves go away from zero, without floating-point surprises", () => {
    expect(roundToOneDecimal(3.95)).toBe(4);
    expect(roundToOneDecimal(2.95)).toBe(3);
    expect(roundToOneDecimal(1.45)).toBe(1.5); // (1.45).toFixed(1) is "1.4"
    expect(roundToOneDecimal(4.35)).toBe(4.4); // (4.35).toFixed(1) is "4.3"
    expect(roundToOneDecimal(1.15)).toBe(1.2);
    expect(roundToOneDecimal(0.05)).toBe(0.1);
    expect(roundToOneDecimal(79 / 20)).toBe(4);
    expect(roundToOneDecimal(-0.25)).toBe(-0.3);
    expect(roundToOneDecimal(-1.45)).toBe(-1.5);
  });

  test("values just under a half go down, and floating-point noise is cleaned up", () => {
    expect(roundToOneDecimal(3.9499)).toBe(3.9);
    expect(roundToOneDecimal(2.94)).toBe(2.9);
    expect(roundToOneDecimal(4.1 - 2.1)).toBe(2);
    expect(roundToOneDecimal(0.1 + 0.2)).toBe(0.3);
    expect(roundToOneDecimal(5 / 3)).toBe(1.7);
  });

  test("a tiny negative number rounds to plain zero, not minus zero", () => {
    expect(Object.is(roundToOneDecimal(-0.04), 0)).toBe(true);
    expect(Object.is(roundToOneDecimal(-0), 0)).toBe(true);
  });
});

describe("bands", () => {
  test("are decided on the mean as shown, to one decimal place", () => {
    expect(bandOf(2.94)).toBe("concern");
    expect(bandOf(2.95)).toBe("discuss");
    expect(bandOf(2.99)).toBe("discuss");
    expect(bandOf(3.0)).toBe("discuss");
    expect(bandOf(3.94)).toBe("discuss");
    expect(bandOf(3.95)).toBe("strength");
    expect(bandOf(3.99)).toBe("strength");
    expect(bandOf(4.0)).toBe("strength");
    expect(bandOf(1)).toBe("concern");
    expect(bandOf(5)).toBe("strength");
    expect(bandOf(null)).toBeNull();
  });

  test("have plain labels", () => {
    expect(BAND_LABELS).toEqual({ strength: "Strength", discuss: "To discuss", concern: "Concern" });
  });

  test("a mean of 3.95 from real ratings is shown as 4.0 and is a strength; 2.95 is shown as 3.0 and is to discuss", () => {
    const nearlyFour = summaryOf(rated("health", "commitment", [...repeat<Rating>(4, 19), 3]), "commitment");
    expect(nearlyFour.mean).toBe(4);
    expect(nearlyFour.band).toBe("strength");

    const nearlyThree = summaryOf(rated("health", "commitment", [...repeat<Rating>(3, 19), 2]), "commitment");
    expect(nearlyThree.mean).toBe(3);
    expect(nearlyThree.band).toBe("discuss");

    const justUnderThree = summaryOf(rated("health", "commitment", [...repeat<Rating>(3, 9), 2]), "commitment");
    expect(justUnderThree.mean).toBe(2.9);
    expect(justUnderThree.band).toBe("concern");

    const justUnderFour = summaryOf(rated("health", "commitment", [...repeat<Rating>(4, 9), 3]), "commitment");
    expect(justUnderFour.mean).toBe(3.9);
    expect(justUnderFour.band).toBe("discuss");
  });
});

describe("results at all", () => {
  test("appear from three responses; fewer show nothing but the count", () => {
    expect([0, 1, 2, 3, 4].map(enoughForResults)).toEqual([false, false, false, true, true]);
  });
});

describe("summarising the success factors", () => {
  test("every factor, in the framework's order, even with no responses", () => {
    const summaries = summariseFactors([]);
    expect(summaries.map((s) => s.factorKey)).toEqual(SUCCESS_FACTORS.map((f) => f.key));
    expect(summaries.map((s) => s.label)).toEqual(SUCCESS_FACTORS.map((f) => f.label));
    expect(summaries[0]).toEqual({
      factorKey: "commitment",
      label: "Commitment of those involved",
      rated: 0,
      dontKnow: 0,
      mean: null,
      spread: null,
      band: null,
      distribution: [0, 0, 0, 0, 0],
    });
  });

  test("don't know is counted but left out of the mean; an unanswered question counts as neither", () => {
    const responses = [
      ...rated("health", "leadership", [5, 4, null, null]),
      response("social", { factors: { commitment: 1 } }), // did not answer leadership
    ];
    const leadership = summaryOf(responses, "leadership");
    expect(leadership.rated).toBe(2);
    expect(leadership.dontKnow).toBe(2);
    expect(leadership.mean).toBe(4.5);
    expect(leadership.band).toBe("strength");
    expect(leadership.distribution).toEqual([0, 0, 0, 1, 1]);
  });

  test("a factor only answered with don't know has no mean, spread or band", () => {
    const summary = summaryOf(rated("health", "history", [null, null, null]), "history");
    expect(summary).toMatchObject({ rated: 0, dontKnow: 3, mean: null, spread: null, band: null });
  });

  test("spread is the lowest, the highest and the population standard deviation to one decimal place", () => {
    // Mean 3; squared deviations 4, 0, 4; population variance 8/3; sd 1.63.
    expect(summaryOf(rated("health", "clear_focus", [1, 3, 5]), "clear_focus").spread).toEqual({ min: 1, max: 5, sd: 1.6 });
    expect(summaryOf(rated("health", "clear_focus", [2, 4]), "clear_focus").spread).toEqual({ min: 2, max: 4, sd: 1 });
    expect(summaryOf(rated("health", "clear_focus", [4, 4, 4]), "clear_focus").spread).toEqual({ min: 4, max: 4, sd: 0 });
    expect(summaryOf(rated("health", "clear_focus", [3]), "clear_focus").spread).toEqual({ min: 3, max: 3, sd: 0 });
  });

  test("the distribution counts each rating from 1 to 5", () => {
    const summary = summaryOf(rated("health", "common_aims", [1, 2, 2, 3, 3, 3, 5, null]), "common_aims");
    expect(summary.distribution).toEqual([1, 2, 3, 0, 1]);
    expect(summary.rated).toBe(7);
    expect(summary.mean).toBe(2.7); // 19 / 7 = 2.714…
    expect(summary.band).toBe("concern");
  });
});

describe("agencies side by side", () => {
  test("agencies with fewer than three respondents are merged; a merged group of two takes in the smallest agency shown", () => {
    const responses = [
      ...rated("health", "commitment", [4, 4, 4]),
      ...rated("social", "commitment", [2, 3, 2, 3]),
      ...rated("police", "commitment", [1]),
      ...rated("housing", "commitment", [5]),
    ];
    const comparison = compareAgencies(responses);
    // Police and Housing alone would be a group of two; shown beside the overall figures, NHS Trust's
    // own three would give them away. So NHS Trust (the smallest shown) joins them.
    expect(comparison.groups).toEqual([
      { key: "social", label: "Children's Services", respondents: 4, suppressed: false },
      { key: "other", label: "Other agencies", respondents: 5, suppressed: false },
    ]);
    const commitment = comparison.factors.find((f) => f.factorKey === "commitment")!;
    expect(commitment.byGroup).toEqual({
      social: { mean: 2.5, band: "concern" },
      other: { mean: 3.6, band: "discuss" }, // (4 + 4 + 4 + 1 + 5) / 5
    });
    // The merged agencies' own values are nowhere to be found.
    for (const hidden of ["police", "housing", "health"]) expect(Object.keys(commitment.byGroup)).not.toContain(hidden);
  });

  test("no group of one or two is ever shown, whatever the mix", () => {
    const mixes: Array<Record<string, number>> = [
      { health: 3, police: 1 },
      { health: 3, social: 3, police: 2 },
      { health: 5, social: 3, school: 3, police: 1, housing: 1 },
      { health: 4, police: 1, housing: 1, youth: 1 },
      { health: 2, social: 2, school: 2 },
      { health: 3, social: 3, school: 3 },
    ];
    for (const mix of mixes) {
      const responses = Object.entries(mix).flatMap(([agency, n]) => rated(agency, "commitment", repeat<Rating>(3, n)));
      const { groups } = compareAgencies(responses);
      expect(
        groups.every((g) => g.respondents >= 3),
        JSON.stringify(mix),
      ).toBe(true);
      expect(groups.reduce((a, g) => a + g.respondents, 0)).toBe(responses.length);
    }
  });

  test("of equally small agencies, the one last by name is merged first", () => {
    const responses = [
      ...rated("health", "commitment", [4, 4, 4]),
      ...rated("school", "commitment", [3, 3, 3]),
      ...rated("social", "commitment", [2, 2, 2, 2]),
      ...rated("police", "commitment", [1]),
    ];
    // NHS Trust and Riverside Primary both have three: Riverside Primary (later by name) is merged.
    expect(compareAgencies(responses).groups.map((g) => [g.key, g.respondents])).toEqual([
      ["social", 4],
      ["health", 3],
      ["other", 4],
    ]);
  });

  test("when merging leaves one group, it is every response together; fewer than three in all are suppressed", () => {
    const oneGroup = compareAgencies([...rated("health", "commitment", [5, 5, 5]), ...rated("police", "commitment", [1, 1])]);
    expect(oneGroup.groups).toEqual([{ key: "other", label: "Other agencies", respondents: 5, suppressed: false }]);
    expect(oneGroup.factors[0]!.gap).toBeNull();
    const tooFew = compareAgencies([...rated("health", "commitment", [5]), ...rated("police", "commitment", [1])]);
    expect(tooFew.groups).toEqual([{ key: "other", label: "Other agencies", respondents: 2, suppressed: true }]);
    expect(tooFew.factors[0]!.byGroup["other"]).toBeNull();
  });

  test("a merged group that reaches three is shown", () => {
    const responses = [...rated("health", "commitment", [4, 4, 4]), ...rated("police", "commitment", [1]), ...rated("housing", "commitment", [2, 3])];
    const comparison = compareAgencies(responses);
    expect(comparison.groups.at(-1)).toEqual({ key: "other", label: "Other agencies", respondents: 3, suppressed: false });
    expect(comparison.factors[0]!.byGroup["other"]).toEqual({ mean: 2, band: "concern" });
  });

  test("exactly three respondents make a group of their own; no merged group when none is needed", () => {
    const comparison = compareAgencies([...rated("health", "commitment", [4, 4, 4]), ...rated("school", "commitment", [3, 3, 3])]);
    expect(comparison.groups.map((g) => g.key)).toEqual(["health", "school"]);
  });

  test("groups are sorted by name, with Other agencies last", () => {
    const comparison = compareAgencies([
      ...rated("youth", "commitment", [3, 3, 3]),
      ...rated("school", "commitment", [3, 3, 3]),
      ...rated("health", "commitment", [3, 3, 3]),
      ...rated("housing", "commitment", [3, 3, 3]),
      ...rated("police", "commitment", [3]),
      ...rated("parish", "commitment", [3, 3]),
    ]);
    expect(comparison.groups.map((g) => g.label)).toEqual(["Housing", "NHS Trust", "Riverside Primary", "Youth Offending Team", "Other agencies"]);
  });

  test("group means two points apart are a disagreement (4.1 against 2.1, despite floating point)", () => {
    const responses = [
      ...rated("health", "joint_ownership", [...repeat<Rating>(4, 9), 5]), // 4.1
      ...rated("school", "joint_ownership", [...repeat<Rating>(2, 9), 3]), // 2.1
    ];
    const factor = compareAgencies(responses).factors.find((f) => f.factorKey === "joint_ownership")!;
    expect(factor.gap).toBe(2);
    expect(factor.disagreement).toBe(true);
  });

  test("1.9 points apart is not a disagreement", () => {
    const responses = [
      ...rated("health", "joint_ownership", [...repeat<Rating>(4, 9), 5]), // 4.1
      ...rated("school", "joint_ownership", [...repeat<Rating>(2, 8), 3, 3]), // 2.2
    ];
    const factor = compareAgencies(responses).factors.find((f) => f.factorKey === "joint_ownership")!;
    expect(factor.gap).toBe(1.9);
    expect(factor.disagreement).toBe(false);
  });

  test("the gap is the highest group mean less the lowest, over all groups shown", () => {
    const responses = [
      ...rated("health", "commitment", [5, 5, 5]),
      ...rated("school", "commitment", [3, 3, 3]),
      ...rated("social", "commitment", [1, 2, 1]),
    ];
    const factor = compareAgencies(responses).factors[0]!;
    expect(factor.gap).toBe(3.7); // 5.0 - 1.3
    expect(factor.disagreement).toBe(true);
  });

  test("a suppressed group never makes a disagreement", () => {
    const factor = compareAgencies([...rated("health", "commitment", [5]), ...rated("police", "commitment", [1])]).factors[0]!;
    expect(factor.byGroup["other"]).toBeNull();
    expect(factor.gap).toBeNull();
    expect(factor.disagreement).toBe(false);
  });

  test("a group where nobody rated a factor shows no mean and takes no part in the gap", () => {
    const responses = [
      ...rated("health", "commitment", [5, 5, 5]),
      ...rated("school", "commitment", [null, null, null]),
      ...rated("social", "commitment", [1, 1, 1]),
    ];
    const factor = compareAgencies(responses).factors[0]!;
    expect(factor.byGroup["school"]).toEqual({ mean: null, band: null });
    expect(factor.gap).toBe(4);
    const withOneGroupRated = compareAgencies([...rated("health", "commitment", [5, 5, 5]), ...rated("school", "commitment", [null, null, null])]);
    expect(withOneGroupRated.factors[0]!.gap).toBeNull();
  });

  test("every factor is compared, in the framework's order", () => {
    expect(compareAgencies([]).factors.map((f) => f.factorKey)).toEqual(SUCCESS_FACTORS.map((f) => f.key));
    expect(compareAgencies([]).groups).toEqual([]);
  });
});

describe("challenges", () => {
  const withChallenges = (challenges: ResponseForResults["challenges"]) => response("health", { challenges });

  test("ranked by mean score among those who answered; equal scores as shown keep the framework's order", () => {
    const responses = [
      withChallenges({ funding_resources: "major", time: "major", different_approaches: "major", competing_priorities: "minor" }),
      withChallenges({ funding_resources: "none", time: "minor" }),
      withChallenges({ time: "minor" }),
      // recruitment: 7 significant and 3 minor = 17 / 10 = 1.7 exactly; time: 5 / 3 = 1.67, also shown as 1.7.
      ...repeat<Severity>("significant", 7).map((s) => withChallenges({ recruitment: s })),
      ...repeat<Severity>("minor", 3).map((s) => withChallenges({ recruitment: s })),
    ];
    const ranked = rankChallenges(responses);
    expect(ranked.map((c) => [c.challengeKey, c.score])).toEqual([
      ["different_approaches", 3],
      ["time", 1.7],
      ["recruitment", 1.7],
      ["funding_resources", 1.5],
      ["competing_priorities", 1],
      ["role_clarity", null],
    ]);
    const funding = ranked.find((c) => c.challengeKey === "funding_resources")!;
    expect(funding).toEqual({
      challengeKey: "funding_resources",
      label: "Funding and resources",
      answered: 2,
      score: 1.5,
      counts: { none: 1, minor: 0, significant: 0, major: 1 },
    });
    expect(ranked.find((c) => c.challengeKey === "role_clarity")).toMatchObject({
      answered: 0,
      counts: { none: 0, minor: 0, significant: 0, major: 0 },
    });
  });

  test("a challenge everyone says is not a challenge scores 0 and still ranks above ones nobody answered", () => {
    const ranked = rankChallenges([withChallenges({ recruitment: "none" })]);
    expect(ranked[0]).toMatchObject({ challengeKey: "recruitment", score: 0, answered: 1 });
    expect(ranked.slice(1).map((c) => c.challengeKey)).toEqual(CHALLENGES.map((c) => c.key).filter((k) => k !== "recruitment"));
  });
});

describe("benefits", () => {
  test("counted with their examples, trimmed, without empty ones, sorted, and in the framework's order", () => {
    const responses = [
      response("health", { benefits: { communication: "  Weekly huddles  ", relationships: "" } }),
      response("school", { benefits: { communication: "A shared inbox" } }),
      response("social", { benefits: { communication: "   " } }),
    ];
    const benefits = countBenefits(responses);
    expect(benefits.map((b) => b.benefitKey)).toEqual(BENEFITS.map((b) => b.key));
    expect(benefits.find((b) => b.benefitKey === "communication")).toEqual({
      benefitKey: "communication",
      label: "Improved communication and information sharing",
      count: 3,
      examples: ["A shared inbox", "Weekly huddles"],
    });
    expect(benefits.find((b) => b.benefitKey === "relationships")).toMatchObject({ count: 1, examples: [] });
    expect(benefits.find((b) => b.benefitKey === "forum_for_issues")).toMatchObject({ count: 0, examples: [] });
  });

  test("examples say nothing about who wrote them", () => {
    const [first] = countBenefits([response("health", { benefits: { understanding_roles: "We know who to call" } })]);
    expect(Object.keys(first!).sort()).toEqual(["benefitKey", "count", "examples", "label"]);
    expect(JSON.stringify(first)).not.toContain("health");
    expect(JSON.stringify(first)).not.toContain("NHS Trust");
  });
});

describe("change and trend over rounds", () => {
  const summaries = (means: Partial<Record<SuccessFactorKey, number | null>>): FactorSummary[] =>
    SUCCESS_FACTORS.filter((f) => f.key in means).map((f) => ({
      factorKey: f.key,
      label: f.label,
      rated: 3,
      dontKnow: 0,
      mean: means[f.key] ?? null,
      spread: null,
      band: bandOf(means[f.key] ?? null),
      distribution: [0, 0, 0, 0, 0],
    }));

  test("change since the previous round is the difference in means, to one decimal place", () => {
    const change = changeSince(
      summaries({ commitment: 3.3, relationships: 2.9, leadership: 4, joint_funding: null, clear_focus: 3.5 }),
      summaries({ commitment: 3.1, relationships: 4.1, leadership: 4, joint_funding: 3, common_aims: 2 }),
    );
    expect(change.commitment).toBe(0.2);
    expect(change.relationships).toBe(-1.2);
    expect(Object.is(change.leadership, 0)).toBe(true);
    expect(change.joint_funding).toBeNull(); // nobody rated it this round
    expect(change.clear_focus).toBeNull(); // not in the previous round
    expect(change.common_aims).toBeNull(); // not in this round
    expect(Object.keys(change).sort()).toEqual(SUCCESS_FACTORS.map((f) => f.key).sort());
  });

  test("with no previous round there is no change to show", () => {
    const change = changeSince(summaries({ commitment: 4 }), null);
    expect(Object.values(change).every((v) => v === null)).toBe(true);
    expect(Object.keys(change)).toHaveLength(SUCCESS_FACTORS.length);
  });

  test("the trend lists each factor's mean round by round, oldest first", () => {
    const rounds = [
      { roundId: "r3", title: "Spring 2027", closedAt: new Date("2027-04-01T12:00:00Z"), factors: summaries({ commitment: 4.2 }) },
      { roundId: "r1", title: "Spring 2026", closedAt: new Date("2026-04-01T12:00:00Z"), factors: summaries({ commitment: 3.1, leadership: 2 }) },
      { roundId: "r2", title: "Autumn 2026", closedAt: new Date("2026-10-01T12:00:00Z"), factors: summaries({ commitment: 3.6, leadership: null }) },
    ];
    const lines = trend(rounds);
    expect(lines.map((l) => l.factorKey)).toEqual(SUCCESS_FACTORS.map((f) => f.key));
    const commitment = lines.find((l) => l.factorKey === "commitment")!;
    expect(commitment.label).toBe("Commitment of those involved");
    expect(commitment.points).toEqual([
      { roundId: "r1", title: "Spring 2026", closedAt: new Date("2026-04-01T12:00:00Z"), mean: 3.1 },
      { roundId: "r2", title: "Autumn 2026", closedAt: new Date("2026-10-01T12:00:00Z"), mean: 3.6 },
      { roundId: "r3", title: "Spring 2027", closedAt: new Date("2027-04-01T12:00:00Z"), mean: 4.2 },
    ]);
    expect(lines.find((l) => l.factorKey === "leadership")!.points.map((p) => p.mean)).toEqual([2, null, null]);
    expect(rounds.map((r) => r.roundId)).toEqual(["r3", "r1", "r2"]); // the caller's array is left alone
    expect(trend([]).every((l) => l.points.length === 0)).toBe(true);
  });
});
