import { describe, expect, test } from "vitest";
import { agencyCombination, MODELS_OF_ACTIVITY, RATIONALES } from "./framework";

describe("agencyCombination", () => {
  test("names the study's combinations of the three main sectors", () => {
    expect(agencyCombination(["health", "social_services", "education", "other"])).toBe(
      "health_social_services_education",
    );
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
