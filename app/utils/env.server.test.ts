import { describe, expect, test } from "vitest";
import { databaseProvider, parseEnv, withoutPassword } from "./env.server";

describe("parseEnv", () => {
  test("an empty environment gives the embedded defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("file:./data/portal.db");
    expect(env.NODE_ENV).toBe("production");
  });

  test("a bad value stops with one sentence naming the variable and the value", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow('The environment variable PORT is not valid: it must be a whole number (got "eighty").');
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT is not valid: it must be between 1 and 65535/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL is not valid: it must start with "file:" \(an SQLite file.*\) or "postgresql:\/\/"/,
    );
    expect(() => parseEnv({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE is not valid: it must be between 1 and 100/);
    expect(() => parseEnv({ ADMIN_EMAIL: "not-an-email" })).toThrow(/ADMIN_EMAIL is not valid: it must be an email address/);
    expect(() => parseEnv({ SECURE_COOKIES: "yes" })).toThrow(/SECURE_COOKIES is not valid/);
  });

  test("REDIS_URL is optional; a malformed one is named, without repeating a password", () => {
    expect(parseEnv({}).REDIS_URL).toBeUndefined();
    expect(parseEnv({}).REDIS_PREFIX).toBe("portal");
    expect(parseEnv({ REDIS_URL: "redis://127.0.0.1:6379" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(parseEnv({ REDIS_URL: "rediss://:secret@cache.example:6380/2" }).REDIS_URL).toBe("rediss://:secret@cache.example:6380/2");
    for (const bad of ["127.0.0.1:6379", "http://cache.example:6379", "redis://", "redis://:hunter2@"]) {
      expect(() => parseEnv({ REDIS_URL: bad })).toThrow(
        "The environment variable REDIS_URL is not valid: it must be a redis:// or rediss:// address with a host, e.g. redis://127.0.0.1:6379 (its value is not shown, as it may hold a password).",
      );
    }
    expect(() => parseEnv({ REDIS_PREFIX: "portal prod" })).toThrow(/REDIS_PREFIX is not valid: it must be 1 to 40 letters/);
  });

  test("SETUP_CODE is optional; a short one is refused without repeating it", () => {
    expect(parseEnv({}).SETUP_CODE).toBeUndefined();
    expect(parseEnv({ SETUP_CODE: "K7QM-2XPD-9RWT" }).SETUP_CODE).toBe("K7QM-2XPD-9RWT");
    for (const bad of ["short-1", "------------x", "semi;colons;here"]) {
      expect(() => parseEnv({ SETUP_CODE: bad })).toThrow(
        "The environment variable SETUP_CODE is not valid: it must be 12 to 64 letters or digits (dashes and spaces are ignored) (its value is not shown, as it may hold a password).",
      );
    }
  });

  test("an empty string counts as unset", () => {
    expect(parseEnv({ PORT: "" }).PORT).toBe(3000);
  });

  test("DATABASE_URL names an SQLite file or a PostgreSQL database", () => {
    expect(databaseProvider(parseEnv({}).DATABASE_URL)).toBe("sqlite");
    for (const url of ["postgresql://portal@db:5432/portal", "postgres://portal:secret@db/portal?sslmode=require"]) {
      expect(databaseProvider(parseEnv({ DATABASE_URL: url }).DATABASE_URL)).toBe("postgresql");
    }
    expect(parseEnv({}).DATABASE_POOL_SIZE).toBe(10);
    expect(parseEnv({ DATABASE_POOL_SIZE: "25" }).DATABASE_POOL_SIZE).toBe(25);
  });

  test("a bad DATABASE_URL is echoed without its password", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgresq://portal:s3cret@db/portal" })).toThrow('(got "postgresq://portal:***@db/portal").');
    expect(withoutPassword("postgresql://portal@db/portal")).toBe("postgresql://portal@db/portal");
  });
});
