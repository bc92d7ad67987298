import { describe, expect, test } from "vitest";
import { can, grantableRoles, keepsPowersOf } from "./policy";

describe("the access table of the membership issue", () => {
  test.each([
    [
      "lead",
      [
        "view",
        "edit_records",
        "edit_own_records",
        "post_updates",
        "respond_to_meetings",
        "moderate_updates",
        "manage_settings",
        "invite_members",
        "manage_members",
        "view_audit_log",
        "manage_assessments",
        "respond_to_assessments",
      ],
    ],
    [
      "coordinator",
      [
        "view",
        "edit_records",
        "edit_own_records",
        "post_updates",
        "respond_to_meetings",
        "moderate_updates",
        "manage_settings",
        "invite_members",
        "respond_to_assessments",
      ],
    ],
    ["member", ["view", "edit_own_records", "post_updates", "respond_to_meetings", "respond_to_assessments"]],
    ["observer", ["view"]],
    ["stranger", []],
  ] as const)("%s may do exactly %j", (role, allowed) => {
    const actions = [
      "view",
      "edit_records",
      "edit_own_records",
      "post_updates",
      "respond_to_meetings",
      "moderate_updates",
      "manage_settings",
      "invite_members",
      "manage_members",
      "view_audit_log",
      "manage_assessments",
      "respond_to_assessments",
    ] as const;
    expect(actions.filter((action) => can(role, action))).toEqual(allowed);
  });

  test("a role keeps the powers of another when it allows all it did: promotions do, demotions do not", () => {
    expect(keepsPowersOf("lead", "coordinator")).toBe(true);
    expect(keepsPowersOf("member", "member")).toBe(true);
    expect(keepsPowersOf("coordinator", "observer")).toBe(true);
    expect(keepsPowersOf("coordinator", "lead")).toBe(false);
    expect(keepsPowersOf("observer", "member")).toBe(false);
    expect(keepsPowersOf("stranger", "observer")).toBe(false);
  });

  test("leads grant any role, coordinators only member and observer", () => {
    expect(grantableRoles("lead")).toEqual(["lead", "coordinator", "member", "observer"]);
    expect(grantableRoles("coordinator")).toEqual(["member", "observer"]);
    expect(grantableRoles("member")).toEqual([]);
    expect(grantableRoles("observer")).toEqual([]);
  });
});
