import { z } from "zod";

/**
 * The portal's configuration, read once from the environment at start.
 * A bad value stops the server with one sentence saying which variable and why.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce
    .number({ message: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  /** An SQLite file (the embedded default) or a PostgreSQL server; see databaseProvider(). */
  DATABASE_URL: z
    .string()
    .default("file:./data/portal.db")
    .refine((value) => databaseProviderOrUndefined(value) !== undefined, {
      message:
        'must start with "file:" (an SQLite file, e.g. file:./data/portal.db) or "postgresql://" ' +
        "(a PostgreSQL database, e.g. postgresql://portal@db.internal:5432/portal)",
    }),
  /** PostgreSQL only: connections each instance keeps open at most (the server's max_connections is shared). */
  DATABASE_POOL_SIZE: z.coerce
    .number({ message: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 100")
    .max(100, "must be between 1 and 100")
    .default(10),
  /**
   * Email of an account that is made a portal administrator when it signs in, once its address
   * is verified (until the portal sends mail: an account created with the set-up code).
   */
  ADMIN_EMAIL: z.email("must be an email address").optional(),
  /**
   * The one-time code for creating the first administrator from another machine, for automated
   * set-ups. Unset: while the portal has no administrator, the server prints a random one at start.
   */
  SETUP_CODE: z
    .string()
    .refine((value) => /^[A-Za-z0-9 -]{12,64}$/.test(value) && value.replace(/[ -]/g, "").length >= 12, {
      message: "must be 12 to 64 letters or digits (dashes and spaces are ignored)",
    })
    .optional(),
  /** Requests per minute allowed to the sign-in and sign-up forms from one address. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .default(10),
  /** Number of proxies in front of the portal whose X-Forwarded-For is trusted (for rate limits). */
  TRUST_PROXY: z.coerce.number({ message: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 or more").default(0),
  /** Set to "false" when the portal is served over plain http beyond localhost (not recommended). */
  SECURE_COOKIES: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).optional(),
  /**
   * Redis shared by several instances of the portal: live updates (socket.io rooms) and the
   * sign-in rate limits span them. Unset: one instance, everything in its own memory.
   */
  REDIS_URL: z
    .string()
    .refine(isRedisUrl, {
      message: "must be a redis:// or rediss:// address with a host, e.g. redis://127.0.0.1:6379",
    })
    .optional(),
  /** Start of every Redis key and channel name, so that several portals can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, "must be 1 to 40 letters, digits, dots, dashes or underscores")
    .default("portal"),
});

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Values that may hold a password: a message about them does not repeat them. */
const SECRET_VARIABLES = new Set(["REDIS_URL", "SETUP_CODE"]);

type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/** Parses an environment; throws EnvError with one readable sentence on the first bad value. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset, as a shell `FOO= npm start` means "no value".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    const got = SECRET_VARIABLES.has(name)
      ? "its value is not shown, as it may hold a password"
      : `got "${name === "DATABASE_URL" ? withoutPassword(source[name] ?? "") : (source[name] ?? "")}"`;
    throw new EnvError(`The environment variable ${name} is not valid: it ${issue?.message ?? "has a bad value"} (${got}).`);
  }
  return result.data;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export type DatabaseProvider = "sqlite" | "postgresql";

function databaseProviderOrUndefined(databaseUrl: string): DatabaseProvider | undefined {
  if (databaseUrl.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\/./.test(databaseUrl) && URL.canParse(databaseUrl)) return "postgresql";
  return undefined;
}

/** Which database a DATABASE_URL names: `file:…` is SQLite, `postgresql://…` or `postgres://…` PostgreSQL. */
export function databaseProvider(databaseUrl: string): DatabaseProvider {
  const provider = databaseProviderOrUndefined(databaseUrl);
  if (provider === undefined) throw new EnvError(`"${withoutPassword(databaseUrl)}" is not a database this portal can use.`);
  return provider;
}

/** The SQLite file path of a `file:` DATABASE_URL. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}

/** A database address fit to print: any password replaced by ***. */
export function withoutPassword(databaseUrl: string): string {
  return databaseUrl.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^@/?#]*@/i, "$1***@");
}
