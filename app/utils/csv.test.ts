import { describe, expect, test } from "vitest";
import { toCsv } from "./csv";

describe("CSV", () => {
  test("CSV cells cannot run as spreadsheet formulas", () => {
    expect(toCsv([["=HYPERLINK(1)", "plain", "a,b"]])).toBe(`'=HYPERLINK(1),plain,"a,b"\r\n`);
  });
});
