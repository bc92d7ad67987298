import { describe, expect, test } from "vitest";
import { agencyCombination, MODELS_OF_ACTIVITY, RATIONALES } from "./study";

describe("agencyCombination", () => {
  test("names the study's combinations of the three main sectors", () => {
    expect(agencyCombination(["health", "social_services", "education", "other"])).toBe("health_social_services_education");
    expect(agencyCombination(["social_services", "education"])).toBe("social_services_education");
    expect(agencyCombination(["health", "education", "education"])).toBe("health_education");
    expect(agencyCombination(["health", "social_services"])).toBe("health_social_services");
    expect(agencyCombination(["education", "other"])).toBe("single_sector");
    expect(agencyCombination(["other"])).toBe("none");
  });

  test("the lists of DESIGN.md are complete", () => {
    expect(RATIONALES).toHaveLength(5);
    expect(MODELS_OF_ACTIVITY).toHaveLength(5);
  });
});

describe("the success factors framework", () => {
  test("has the twelve factors of DESIGN.md under their stable keys", async () => {
    const { SUCCESS_FACTORS, CHALLENGES, BENEFITS } = await import("./study");
    expect(SUCCESS_FACTORS.map((f) => f.key)).toEqual([
      "commitment",
      "relationships",
      "strategic_meetings",
      "leadership",
      "joint_funding",
      "clear_focus",
      "joint_ownership",
      "common_aims",
      "relevant_professionals",
      "history",
      "council_context",
      "time_for_relationships",
    ]);
    expect(CHALLENGES.map((c) => c.key)).toEqual([
      "funding_resources",
      "time",
      "different_approaches",
      "role_clarity",
      "competing_priorities",
      "recruitment",
    ]);
    expect(BENEFITS).toHaveLength(4);
  });

  test("stresses the study's factors for each combination of sectors", async () => {
    const { factorsStressedFor } = await import("./study");
    const everywhere = ["commitment", "relationships", "strategic_meetings"];
    expect(factorsStressedFor("health_social_services_education")).toEqual([...everywhere, "leadership", "joint_funding"]);
    expect(factorsStressedFor("social_services_education")).toEqual([...everywhere, "clear_focus", "joint_ownership"]);
    expect(factorsStressedFor("health_education")).toEqual([...everywhere, "common_aims", "relevant_professionals"]);
    expect(factorsStressedFor("single_sector")).toEqual(everywhere);
  });
});
