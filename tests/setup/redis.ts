import { randomBytes } from "node:crypto";
import { createClient } from "redis";
import { describe, test } from "vitest";

/**
 * Tests of several instances need a real Redis: TEST_REDIS_URL (or REDIS_URL). Without one they
 * are skipped with a note on a developer's machine, and fail in CI (`CI` set), where .ci/run
 * points them at the machine's Redis.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || process.env.REDIS_URL || undefined;

export function describeWithRedis(name: string, body: () => void) {
  if (TEST_REDIS_URL) return describe(name, body);
  if (process.env.CI) {
    return test(name, () => {
      throw new Error("CI is set but TEST_REDIS_URL is not: set it (e.g. redis://127.0.0.1:6379) so that the tests of several instances run.");
    });
  }
  console.warn(`Skipping "${name}": set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run the tests that need Redis.`);
  return describe.skip(name, body);
}

/** A key and channel prefix of this run alone, so that parallel runs never meet. */
export function uniqueRedisPrefix() {
  return `portal-test-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** Deletes every key of a prefix (the channels leave nothing behind). */
export async function deleteRedisKeys(url: string, prefix: string) {
  const client = createClient({ url });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) keys.push(...batch);
    if (keys.length) await client.del(keys);
  } finally {
    await client.close();
  }
}
