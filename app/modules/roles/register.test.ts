import { describe, expect, test } from "vitest";
import { createsAccountabilityLoop, describeTime, responsibilityMatrix, responsibilityProblems, roleAttention, timeByAgency } from "./register";

describe("responsibility gaps and overlaps", () => {
  test("nobody responsible and nobody accountable are both gaps", () => {
    expect(responsibilityProblems([])).toEqual([{ kind: "no_one_responsible" }, { kind: "no_one_accountable" }]);
    expect(responsibilityProblems([{ agencyId: "h", kind: "consulted" }])).toHaveLength(2);
  });

  test("one agency responsible and one accountable is clear, even the same agency", () => {
    expect(
      responsibilityProblems([
        { agencyId: "h", kind: "responsible" },
        { agencyId: "h", kind: "accountable" },
      ]),
    ).toEqual([]);
    expect(
      responsibilityProblems([
        { agencyId: "h", kind: "responsible" },
        { agencyId: "s", kind: "responsible" },
        { agencyId: "e", kind: "accountable" },
      ]),
    ).toEqual([]);
  });

  test("more than one agency accountable is an overlap", () => {
    expect(
      responsibilityProblems([
        { agencyId: "s", kind: "responsible" },
        { agencyId: "s", kind: "accountable" },
        { agencyId: "e", kind: "accountable" },
      ]),
    ).toEqual([{ kind: "several_accountable", agencyIds: ["e", "s"] }]);
  });

  test("the matrix gives each agency's letters in R, A, C, I order", () => {
    const [row] = responsibilityMatrix(
      [
        {
          id: "r1",
          title: "Chair",
          assignments: [
            { agencyId: "e", kind: "informed" },
            { agencyId: "h", kind: "accountable" },
            { agencyId: "h", kind: "responsible" },
          ],
        },
      ],
      ["h", "s", "e"],
    );
    expect(row?.cells).toEqual([["responsible", "accountable"], [], ["informed"]]);
    expect(row?.problems).toEqual([]);
  });
});

describe("accountability loops", () => {
  const current = new Map<string, string | null>([
    ["chair", null],
    ["manager", "chair"],
    ["worker", "manager"],
  ]);
  test("answering to someone below you makes a loop", () => {
    expect(createsAccountabilityLoop(current, "chair", "worker")).toBe(true);
    expect(createsAccountabilityLoop(current, "manager", "manager")).toBe(true);
  });
  test("answering up the line, or a new role answering to anyone, does not", () => {
    expect(createsAccountabilityLoop(current, "worker", "chair")).toBe(false);
    expect(createsAccountabilityLoop(current, null, "worker")).toBe(false);
    expect(createsAccountabilityLoop(current, "chair", null)).toBe(false);
  });
});

describe("roles needing attention", () => {
  const today = new Date("2026-11-26T15:00:00Z");
  test("vacant, ended before today, waiting for confirmation", () => {
    expect(roleAttention({ holderId: null, endDate: null, confirmationRequestedAt: null, lastConfirmedAt: null }, today)).toEqual({
      vacant: true,
      ended: false,
      awaitingConfirmation: false,
    });
    expect(roleAttention({ holderId: "u", endDate: "2026-11-25T00:00:00Z", confirmationRequestedAt: null, lastConfirmedAt: null }, today).ended).toBe(
      true,
    );
    expect(roleAttention({ holderId: "u", endDate: "2026-11-26T00:00:00Z", confirmationRequestedAt: null, lastConfirmedAt: null }, today).ended).toBe(
      false,
    );
    expect(
      roleAttention({ holderId: "u", endDate: null, confirmationRequestedAt: "2026-11-20T00:00:00Z", lastConfirmedAt: "2026-01-01T00:00:00Z" }, today)
        .awaitingConfirmation,
    ).toBe(true);
    expect(
      roleAttention({ holderId: "u", endDate: null, confirmationRequestedAt: "2026-11-20T00:00:00Z", lastConfirmedAt: "2026-11-21T00:00:00Z" }, today)
        .awaitingConfirmation,
    ).toBe(false);
  });
});

describe("time committed", () => {
  test("hours and FTE (at 37.5 hours a week) add up per agency", () => {
    const totals = timeByAgency([
      { agencyId: "h", timeUnit: "hours_per_week", timeAmount: 750 },
      { agencyId: "h", timeUnit: "fte", timeAmount: 20 },
      { agencyId: "e", timeUnit: "fte", timeAmount: 100 },
    ]);
    expect(totals.get("h")).toBe(15);
    expect(totals.get("e")).toBe(37.5);
    expect(describeTime("fte", 40)).toBe("0.4 FTE (15 hours a week)");
    expect(describeTime("hours_per_week", 100)).toBe("1 hour a week");
  });
});
