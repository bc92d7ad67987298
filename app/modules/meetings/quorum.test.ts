import { describe, expect, test } from "vitest";
import { attendanceByAgency, quorumStatus } from "./quorum";

const agencies = [
  { id: "police", name: "Northshire Police" },
  { id: "school", name: "Riverside Primary School" },
  { id: "council", name: "Northshire Council" },
];

describe("quorum when every agency must be represented", () => {
  test("met when someone from each agency is present", () => {
    const status = quorumStatus(
      { rule: "every_agency" },
      [
        { userId: "a", agencyId: "council" },
        { userId: "b", agencyId: "police" },
        { userId: "c", agencyId: "school" },
        { userId: "d", agencyId: "school" },
      ],
      agencies,
    );
    expect(status).toEqual({
      met: true,
      presentCount: 4,
      agenciesPresent: ["police", "school", "council"],
      missingAgencies: [],
      message: "Quorum met: every agency is represented.",
    });
  });

  test("not met names the missing agencies, in the given order", () => {
    const status = quorumStatus({ rule: "every_agency" }, [{ userId: "a", agencyId: "council" }], agencies);
    expect(status.met).toBe(false);
    expect(status.agenciesPresent).toEqual(["council"]);
    expect(status.missingAgencies).toEqual([agencies[0], agencies[1]]);
    expect(status.message).toBe("Quorum not met: Northshire Police and Riverside Primary School are not represented.");
  });

  test("one missing, or all three missing", () => {
    const two = [
      { userId: "a", agencyId: "council" },
      { userId: "b", agencyId: "police" },
    ];
    expect(quorumStatus({ rule: "every_agency" }, two, agencies).message).toBe("Quorum not met: Riverside Primary School is not represented.");
    expect(quorumStatus({ rule: "every_agency" }, [], agencies).message).toBe(
      "Quorum not met: Northshire Police, Riverside Primary School and Northshire Council are not represented.",
    );
  });

  test("a guest from another agency does not stand in for a member agency", () => {
    const status = quorumStatus(
      { rule: "every_agency" },
      [
        { userId: "a", agencyId: "council" },
        { userId: "b", agencyId: "police" },
        { userId: "g", agencyId: "guest-agency" },
      ],
      agencies,
    );
    expect(status.met).toBe(false);
    expect(status.presentCount).toBe(3);
    expect(status.agenciesPresent).toEqual(["police", "council"]);
  });

  test("an initiative with no agencies is not quorate", () => {
    expect(quorumStatus({ rule: "every_agency" }, [{ userId: "a", agencyId: "x" }], [])).toMatchObject({
      met: false,
      message: "Quorum not met: the initiative has no agencies.",
    });
  });
});

describe("quorum by head count", () => {
  test("not met, and met at exactly the count", () => {
    const three = [
      { userId: "a", agencyId: "police" },
      { userId: "b", agencyId: "police" },
      { userId: "c", agencyId: "school" },
    ];
    expect(quorumStatus({ rule: "count", count: 5 }, three, agencies)).toMatchObject({
      met: false,
      presentCount: 3,
      message: "Quorum not met: 3 people present; 5 needed.",
    });
    expect(quorumStatus({ rule: "count", count: 3 }, three, agencies)).toMatchObject({
      met: true,
      message: "Quorum met: 3 people present; 3 needed.",
      missingAgencies: [{ id: "council", name: "Northshire Council" }],
    });
  });

  test("a person recorded twice counts once; one person is singular", () => {
    const status = quorumStatus(
      { rule: "count", count: 2 },
      [
        { userId: "a", agencyId: "police" },
        { userId: "a", agencyId: "police" },
      ],
      agencies,
    );
    expect(status).toMatchObject({ met: false, presentCount: 1, message: "Quorum not met: 1 person present; 2 needed." });
  });
});

describe("attendance by agency", () => {
  test("every agency in the given order, with zero counts, each person once", () => {
    expect(
      attendanceByAgency(
        [
          { userId: "a", agencyId: "school" },
          { userId: "b", agencyId: "school" },
          { userId: "b", agencyId: "school" },
          { userId: "c", agencyId: "council" },
          { userId: "g", agencyId: "guest-agency" },
        ],
        agencies,
      ),
    ).toEqual([
      { id: "police", name: "Northshire Police", count: 0 },
      { id: "school", name: "Riverside Primary School", count: 2 },
      { id: "council", name: "Northshire Council", count: 1 },
    ]);
    expect(attendanceByAgency([], [])).toEqual([]);
  });
});
