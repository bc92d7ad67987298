import { describe, expect, test } from "vitest";
import { SUCCESS_FACTORS } from "~/modules/study/study";
import {
  activeMembersIndicator,
  evidenceAgreement,
  fundingIndicator,
  INDICATOR_FACTORS,
  type MeetingForIndicator,
  overdueActionsIndicator,
  rolesIndicator,
  strategicMeetingsIndicator,
} from "./indicators";
import { DAY_MS } from "~/utils/dates";

const now = new Date("2026-11-26T15:00:00Z");
const AGENCIES = ["health", "social", "school"];
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("strategic planning meetings", () => {
  const meeting = (parts: Partial<MeetingForIndicator> = {}): MeetingForIndicator => ({
    startsAt: daysAgo(30),
    type: "strategic_planning",
    status: "scheduled",
    agenciesPresent: AGENCIES,
    ...parts,
  });
  const indicator = (meetings: MeetingForIndicator[]) => strategicMeetingsIndicator({ meetings, agencyIds: AGENCIES, now });
  const everyone = (n: number) => Array.from({ length: n }, (_, i) => meeting({ startsAt: daysAgo(30 * (i + 1)) }));
  const partial = (n: number) => Array.from({ length: n }, () => meeting({ agenciesPresent: ["health", "social"] }));

  test("counts strategic planning meetings held in the last 12 months, not cancelled, other kinds or future ones", () => {
    const result = indicator([
      meeting({ startsAt: new Date("2025-11-26T15:00:00Z") }), // exactly 12 months ago: counted
      meeting({ startsAt: new Date("2025-11-26T14:59:00Z") }), // a minute earlier: not
      meeting({ startsAt: new Date("2026-11-26T14:59:00Z") }), // earlier today: held
      meeting({ startsAt: now }), // starting now: not yet held
      meeting({ startsAt: daysAgo(-7) }), // next week
      meeting({ status: "cancelled" }),
      meeting({ type: "operational" }),
      meeting({ type: "review" }),
    ]);
    expect(result.factorKey).toBe("strategic_meetings");
    expect(result.value).toBe("2 held in 12 months; 2 of 2 with every agency");
    expect(result.signal).toBe("neutral");
    expect(result.howComputed).toMatch(/\.$/);
  });

  test("strong at 4 held with 75% or more with every agency", () => {
    expect(indicator(everyone(4)).signal).toBe("strong");
    expect(indicator([...everyone(3), ...partial(1)])).toMatchObject({ value: "4 held in 12 months; 3 of 4 with every agency", signal: "strong" });
  });

  test("neutral at 3 held, or just under 75% with every agency", () => {
    expect(indicator(everyone(3)).signal).toBe("neutral");
    expect(indicator([...everyone(5), ...partial(2)]).signal).toBe("neutral"); // 5 of 7 = 71%
    expect(indicator([...everyone(2), ...partial(2)]).signal).toBe("neutral"); // exactly 50%
  });

  test("weak under 2 held, or under 50% with every agency", () => {
    expect(indicator(everyone(1))).toMatchObject({ value: "1 held in 12 months; 1 of 1 with every agency", signal: "weak" });
    expect(indicator([])).toMatchObject({ value: "None held in 12 months", signal: "weak" });
    expect(indicator(everyone(2)).signal).toBe("neutral");
    expect(indicator([...everyone(2), ...partial(3)])).toMatchObject({ value: "5 held in 12 months; 2 of 5 with every agency", signal: "weak" });
  });

  test("only meetings with attendance recorded count towards the share with every agency", () => {
    const notRecorded = (n: number) => Array.from({ length: n }, () => meeting({ agenciesPresent: [] }));
    expect(indicator([...everyone(3), ...notRecorded(3)])).toMatchObject({
      value: "6 held in 12 months; 3 of 3 with every agency",
      signal: "strong",
    });
    // With no attendance recorded at all the share is unknown: enough meetings, but not strong.
    expect(indicator(notRecorded(5))).toMatchObject({ value: "5 held in 12 months; attendance not recorded", signal: "neutral" });
    expect(indicator(notRecorded(1)).signal).toBe("weak");
  });

  test("someone from an agency outside the initiative does not make up for a missing one", () => {
    const result = indicator(Array.from({ length: 4 }, () => meeting({ agenciesPresent: ["health", "social", "police"] })));
    expect(result).toMatchObject({ value: "4 held in 12 months; 0 of 4 with every agency", signal: "weak" });
  });

  test("12 months back from 29 February is 28 February", () => {
    const leap = new Date("2028-02-29T10:00:00Z");
    const result = strategicMeetingsIndicator({
      meetings: [meeting({ startsAt: new Date("2027-02-28T10:00:00Z") }), meeting({ startsAt: new Date("2027-02-28T09:59:00Z") })],
      agencyIds: AGENCIES,
      now: leap,
    });
    expect(result.value).toMatch(/^1 held/);
  });
});

describe("joint funding", () => {
  const indicator = (amounts: number[], months: number | null = null) =>
    fundingIndicator({ contributions: amounts.map((pence, i) => ({ contributor: `agency-${i}`, pence })), monthsOfFundingLeft: months });

  test("no money at all is weak", () => {
    expect(indicator([])).toMatchObject({ factorKey: "joint_funding", value: "No money recorded for this year", signal: "weak" });
    expect(indicator([0, 0])).toMatchObject({ signal: "weak" });
  });

  test("a single contributor is weak however long the money lasts", () => {
    expect(indicator([50_000_00], 36)).toMatchObject({ value: "One contributor gives all of it; 36 months left", signal: "weak" });
    expect(indicator([50_000_00, 0], null).signal).toBe("weak");
  });

  test("strong at a largest share of 60% or less with the money lasting 12 months or not known", () => {
    expect(indicator([60_00, 40_00], 12)).toMatchObject({ value: "Largest of 2 contributors gives 60%; 12 months left", signal: "strong" });
    expect(indicator([50_00, 50_00], null)).toMatchObject({ value: "Largest of 2 contributors gives 50%; months left not known", signal: "strong" });
    expect(indicator([1, 1, 1], 24)).toMatchObject({ value: "Largest of 3 contributors gives 33.3%; 24 months left", signal: "strong" });
  });

  test("neutral just over 60%, at exactly 80%, or with 6 to just under 12 months left", () => {
    expect(indicator([601, 399], 12)).toMatchObject({ value: "Largest of 2 contributors gives 60.1%; 12 months left", signal: "neutral" });
    expect(indicator([80_00, 20_00], null).signal).toBe("neutral");
    expect(indicator([50_00, 50_00], 11.9)).toMatchObject({ value: "Largest of 2 contributors gives 50%; 11 months left", signal: "neutral" });
    expect(indicator([50_00, 50_00], 6).signal).toBe("neutral");
  });

  test("weak over 80% or with under 6 months left", () => {
    expect(indicator([801, 199], null)).toMatchObject({ value: "Largest of 2 contributors gives 80.1%; months left not known", signal: "weak" });
    expect(indicator([50_00, 50_00], 5.9)).toMatchObject({ value: "Largest of 2 contributors gives 50%; 5 months left", signal: "weak" });
    expect(indicator([50_00, 50_00], 0.5)).toMatchObject({ value: "Largest of 2 contributors gives 50%; under 1 month left", signal: "weak" });
    expect(indicator([50_00, 50_00], 1).value).toBe("Largest of 2 contributors gives 50%; 1 month left");
  });

  test("several amounts from one contributor are added together", () => {
    const result = fundingIndicator({
      contributions: [
        { contributor: "Children's Services", pence: 30_00 },
        { contributor: "NHS Trust", pence: 30_00 },
        { contributor: "Children's Services", pence: 40_00 },
      ],
      monthsOfFundingLeft: 18,
    });
    expect(result).toMatchObject({ value: "Largest of 2 contributors gives 70%; 18 months left", signal: "neutral" });
  });
});

describe("roles filled and responsibilities owned", () => {
  const roles = (held: number, vacant: number) => [
    ...Array.from({ length: held }, (_, i) => ({ holderId: `user-${i}` })),
    ...Array.from({ length: vacant }, () => ({ holderId: null })),
  ];
  const responsibilities = (owned: number, unowned: number) => [
    ...Array.from({ length: owned }, () => ({ hasAccountable: true })),
    ...Array.from({ length: unowned }, () => ({ hasAccountable: false })),
  ];

  test("nothing recorded yet is neutral, and says so", () => {
    const result = rolesIndicator({ roles: [], responsibilities: [] });
    expect(result).toMatchObject({ factorKey: "relevant_professionals", signal: "neutral" });
    expect(result.value).toBe("No roles recorded yet; 0 shared responsibilities with no agency accountable");
  });

  test("strong with every role held and every responsibility owned", () => {
    expect(rolesIndicator({ roles: roles(1, 0), responsibilities: [] })).toMatchObject({
      value: "0 of 1 role vacant; 0 shared responsibilities with no agency accountable",
      signal: "strong",
    });
    expect(rolesIndicator({ roles: roles(6, 0), responsibilities: responsibilities(4, 0) }).signal).toBe("strong");
  });

  test("one gap is neutral while no more than a quarter of roles are vacant", () => {
    expect(rolesIndicator({ roles: roles(3, 1), responsibilities: responsibilities(2, 0) })).toMatchObject({
      value: "1 of 4 roles vacant; 0 shared responsibilities with no agency accountable",
      signal: "neutral",
    });
    expect(rolesIndicator({ roles: roles(5, 0), responsibilities: responsibilities(2, 1) })).toMatchObject({
      value: "0 of 5 roles vacant; 1 shared responsibility with no agency accountable",
      signal: "neutral",
    });
  });

  test("weak with two gaps in all, or more than a quarter of roles vacant", () => {
    expect(rolesIndicator({ roles: roles(7, 1), responsibilities: responsibilities(0, 1) }).signal).toBe("weak");
    expect(rolesIndicator({ roles: roles(8, 2), responsibilities: [] }).signal).toBe("weak");
    expect(rolesIndicator({ roles: roles(2, 1), responsibilities: [] }).signal).toBe("weak"); // a third vacant
    expect(rolesIndicator({ roles: roles(0, 1), responsibilities: [] }).signal).toBe("weak");
    // Two responsibilities nobody answers for are two gaps, even before any roles are recorded.
    expect(rolesIndicator({ roles: [], responsibilities: responsibilities(0, 2) })).toMatchObject({
      value: "No roles recorded yet; 2 shared responsibilities with no agency accountable",
      signal: "weak",
    });
  });
});

describe("overdue actions", () => {
  const action = (status: string, dueDate: Date) => ({ status, dueDate });
  const open = (n: number, dueDate: Date) => Array.from({ length: n }, () => action("open", dueDate));
  const lastWeek = day("2026-11-19");
  const nextWeek = day("2026-12-03");

  test("no actions at all is neutral", () => {
    expect(overdueActionsIndicator({ actions: [], now })).toMatchObject({
      factorKey: "leadership",
      value: "No actions recorded yet",
      signal: "neutral",
    });
  });

  test("strong with none overdue, including when every action is closed", () => {
    expect(overdueActionsIndicator({ actions: [action("done", lastWeek)], now })).toMatchObject({ value: "No open actions", signal: "strong" });
    expect(overdueActionsIndicator({ actions: open(2, nextWeek), now })).toMatchObject({ value: "0 of 2 open actions overdue", signal: "strong" });
  });

  test("done and dropped actions past their date are not overdue", () => {
    const result = overdueActionsIndicator({ actions: [action("done", lastWeek), action("dropped", lastWeek), ...open(1, nextWeek)], now });
    expect(result).toMatchObject({ value: "0 of 1 open action overdue", signal: "strong" });
  });

  test("an action due today is not overdue until the day has ended in the UK", () => {
    expect(overdueActionsIndicator({ actions: open(1, day("2026-11-26")), now }).value).toBe("0 of 1 open action overdue");
    expect(overdueActionsIndicator({ actions: open(1, day("2026-11-25")), now }).value).toBe("1 of 1 open action overdue");
    // 23:30 UTC on 30 June is already 1 July in London: an action due on 30 June is now overdue.
    const londonMidnight = new Date("2026-06-30T23:30:00Z");
    expect(overdueActionsIndicator({ actions: open(1, day("2026-06-30")), now: londonMidnight }).value).toBe("1 of 1 open action overdue");
  });

  test("neutral with one or two overdue, up to a third of those open", () => {
    expect(overdueActionsIndicator({ actions: [...open(1, lastWeek), ...open(2, nextWeek)], now })).toMatchObject({
      value: "1 of 3 open actions overdue",
      signal: "neutral",
    });
    expect(overdueActionsIndicator({ actions: [...open(2, lastWeek), ...open(8, nextWeek)], now }).signal).toBe("neutral");
  });

  test("weak with three or more overdue, or more than a third of those open", () => {
    expect(overdueActionsIndicator({ actions: [...open(3, lastWeek), ...open(20, nextWeek)], now })).toMatchObject({
      value: "3 of 23 open actions overdue",
      signal: "weak",
    });
    expect(overdueActionsIndicator({ actions: [...open(1, lastWeek), ...open(1, nextWeek)], now }).signal).toBe("weak");
  });
});

describe("active members", () => {
  const member = (agencyName: string, lastActiveAt: Date | null) => ({ agencyName, lastActiveAt });
  const active = (agencyName: string, n = 1) => Array.from({ length: n }, () => member(agencyName, daysAgo(1)));
  const inactive = (agencyName: string, n = 1) => Array.from({ length: n }, () => member(agencyName, daysAgo(45)));

  test("no members is neutral", () => {
    expect(activeMembersIndicator({ members: [], now })).toMatchObject({ factorKey: "commitment", value: "No members yet", signal: "neutral" });
  });

  test("active means used in the last 30 days; never signed in means not active", () => {
    const edge = new Date(now.getTime() - 30 * DAY_MS);
    const result = activeMembersIndicator({
      members: [member("NHS Trust", edge), member("NHS Trust", new Date(edge.getTime() - 1)), member("NHS Trust", null)],
      now,
    });
    expect(result.value).toBe("1 of 3 members; every agency active");
  });

  test("strong at 75% or more active with someone active from every agency", () => {
    const result = activeMembersIndicator({
      members: [
        ...active("NHS Trust", 4),
        ...active("Riverside Primary", 3),
        ...inactive("Riverside Primary", 3),
        ...active("Children's Services", 2),
      ],
      now,
    });
    expect(result).toMatchObject({ value: "9 of 12 members; every agency active", signal: "strong" });
  });

  test("neutral just under 75%, and at exactly 40%", () => {
    expect(activeMembersIndicator({ members: [...active("NHS Trust", 2), ...inactive("NHS Trust")], now }).signal).toBe("neutral");
    const fortyPercent = [...active("NHS Trust"), ...inactive("NHS Trust", 2), ...active("Police"), ...inactive("Police")];
    expect(activeMembersIndicator({ members: fortyPercent, now })).toMatchObject({ value: "2 of 5 members; every agency active", signal: "neutral" });
  });

  test("weak under 40% active", () => {
    expect(activeMembersIndicator({ members: [...active("NHS Trust"), ...inactive("NHS Trust", 2)], now })).toMatchObject({
      value: "1 of 3 members; every agency active",
      signal: "weak",
    });
  });

  test("weak when an agency has nobody active, and the agencies are named", () => {
    const one = activeMembersIndicator({ members: [...active("NHS Trust", 9), ...inactive("Riverside Primary")], now });
    expect(one).toMatchObject({ value: "9 of 10 members; nobody active from Riverside Primary", signal: "weak" });
    const three = activeMembersIndicator({
      members: [...active("NHS Trust", 9), ...inactive("Riverside Primary"), ...inactive("Police"), member("Housing", null)],
      now,
    });
    expect(three.value).toBe("9 of 12 members; nobody active from Housing, Police and Riverside Primary");
  });
});

describe("perception beside evidence", () => {
  test("a strength with weak evidence, and a concern with strong evidence, get a note", () => {
    expect(evidenceAgreement("strength", "weak")).toEqual({
      kind: "strength_but_weak_evidence",
      message: expect.stringMatching(/^Rated a strength, but the records suggest otherwise: /),
    });
    expect(evidenceAgreement("concern", "strong")).toEqual({
      kind: "concern_but_strong_evidence",
      message: expect.stringMatching(/^Rated a concern, but the records suggest otherwise: /),
    });
  });

  test("the indicator's value makes the note specific", () => {
    expect(evidenceAgreement("strength", "weak", "1 held in 12 months; 1 of 1 with every agency")?.message).toContain(
      "the records suggest otherwise: 1 held in 12 months; 1 of 1 with every agency.",
    );
  });

  test("nothing to say when they agree, when it is to discuss, when the evidence is neutral or nobody rated", () => {
    expect(evidenceAgreement("strength", "strong")).toBeNull();
    expect(evidenceAgreement("concern", "weak")).toBeNull();
    expect(evidenceAgreement("discuss", "weak")).toBeNull();
    expect(evidenceAgreement("discuss", "strong")).toBeNull();
    expect(evidenceAgreement("strength", "neutral")).toBeNull();
    expect(evidenceAgreement("concern", "neutral")).toBeNull();
    expect(evidenceAgreement(null, "weak")).toBeNull();
    expect(evidenceAgreement(null, "strong")).toBeNull();
  });
});

describe("the factors with an indicator", () => {
  test("are exactly those the indicators speak to, in the framework's order", () => {
    const spoken = [
      strategicMeetingsIndicator({ meetings: [], agencyIds: [], now }),
      fundingIndicator({ contributions: [], monthsOfFundingLeft: null }),
      rolesIndicator({ roles: [], responsibilities: [] }),
      overdueActionsIndicator({ actions: [], now }),
      activeMembersIndicator({ members: [], now }),
    ].map((i) => i.factorKey);
    expect([...INDICATOR_FACTORS].sort()).toEqual([...spoken].sort());
    const order = SUCCESS_FACTORS.map((f) => f.key);
    expect(INDICATOR_FACTORS).toEqual(order.filter((key) => INDICATOR_FACTORS.includes(key)));
  });
});
