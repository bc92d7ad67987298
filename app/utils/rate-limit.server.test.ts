import { afterEach, expect, test } from "vitest";
import { setAttemptStore, takeAttempt, takeAttemptInMemory, type AttemptStore } from "./rate-limit.server";

afterEach(() => setAttemptStore(undefined));

test("allows the limit per minute per key, then refuses until the minute has passed", () => {
  const start = 1_000_000;
  const key = `test:${Math.random()}`;
  for (let i = 0; i < 3; i++) expect(takeAttemptInMemory(key, 3, start + i)).toBe(true);
  expect(takeAttemptInMemory(key, 3, start + 10)).toBe(false);
  expect(takeAttemptInMemory(`${key}-other`, 3, start + 10)).toBe(true);
  expect(takeAttemptInMemory(key, 3, start + 60_000)).toBe(true);
});

test("counts in this process by default, and in the store the server installs otherwise", async () => {
  const key = `test:${Math.random()}`;
  expect(await takeAttempt(key, 1)).toBe(true);
  expect(await takeAttempt(key, 1)).toBe(false);

  const asked: string[] = [];
  const shared: AttemptStore = { take: (k) => (asked.push(k), Promise.resolve(true)) };
  setAttemptStore(shared);
  expect(await takeAttempt(key, 1)).toBe(true);
  expect(asked).toEqual([key]);
});
