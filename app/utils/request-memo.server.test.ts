import { describe, expect, test } from "vitest";
import { onceThisRequest, withRequestMemo } from "./request-memo.server";

describe("reads shared within one request", () => {
  test("loaders of one GET share a read; the next request reads afresh", async () => {
    let reads = 0;
    const read = () => onceThisRequest("roster i1", async () => ++reads);
    const first = await withRequestMemo(() => Promise.all([read(), read(), read()]));
    expect(first).toEqual([1, 1, 1]);
    const second = await withRequestMemo(() => read());
    expect(second).toBe(2);
  });

  test("different keys are different reads", async () => {
    const seen = await withRequestMemo(() => Promise.all([onceThisRequest("a", async () => "A"), onceThisRequest("b", async () => "B")]));
    expect(seen).toEqual(["A", "B"]);
  });

  test("outside a request (tests, sockets, scripts) every call reads", async () => {
    let reads = 0;
    await onceThisRequest("x", async () => ++reads);
    await onceThisRequest("x", async () => ++reads);
    expect(reads).toBe(2);
  });
});
