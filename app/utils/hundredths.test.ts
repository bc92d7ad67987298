import { describe, expect, test } from "vitest";
import { parseHundredths } from "./hundredths";

describe("hundredths", () => {
  test("amounts are whole hundredths, never floats", () => {
    expect(parseHundredths("7.5")).toBe(750);
    expect(parseHundredths("0.25")).toBe(25);
    expect(parseHundredths("12")).toBe(1200);
    expect(parseHundredths("-1")).toBeNull();
    expect(parseHundredths("1.234")).toBeNull();
    expect(parseHundredths("abc")).toBeNull();
  });
});
