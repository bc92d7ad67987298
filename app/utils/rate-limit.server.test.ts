import { expect, test } from "vitest";
import { takeAttempt } from "./rate-limit.server";

test("allows the limit per minute per key, then refuses until the minute has passed", () => {
  const start = 1_000_000;
  const key = `test:${Math.random()}`;
  for (let i = 0; i < 3; i++) expect(takeAttempt(key, 3, start + i)).toBe(true);
  expect(takeAttempt(key, 3, start + 10)).toBe(false);
  expect(takeAttempt(`${key}-other`, 3, start + 10)).toBe(true);
  expect(takeAttempt(key, 3, start + 60_000)).toBe(true);
});
