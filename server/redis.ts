import os from "node:os";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { memoryAttemptStore, RATE_LIMIT_WINDOW_MS, type AttemptStore } from "../app/utils/rate-limit.server";

/**
 * Redis shared by several instances of the portal (REDIS_URL): socket.io's rooms and presence
 * span the instances through the Redis adapter, and the sign-in and sign-up counters are kept in
 * Redis so that attempts on one instance count on all.
 * See docs/decisions/013-redis-for-several-instances.md.
 *
 * Unreachable at start: `connectRedis` fails with one sentence, and the server does not start.
 * Lost later: one warning, the portal keeps serving HTTP, live updates reach only the browsers
 * on the same instance and each instance counts attempts itself until Redis is back.
 */
export class RedisUnavailableError extends Error {}

type RedisClient = ReturnType<typeof createClient>;

export type SharedRedis = {
  /** The socket.io adapter for `new Server(…, { adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  /** Sign-in and sign-up counters in Redis. */
  attempts: AttemptStore;
  /** Closes the connections; call after socket.io has closed and requests have finished. */
  close(): Promise<void>;
};

/** How long one instance waits for the others to answer "which sockets are in this room?". */
const REQUESTS_TIMEOUT_MS = 3_000;

/**
 * Connects the three clients an instance needs. `instanceName` names them in Redis's
 * `CLIENT LIST` (`<prefix>:<instance>:publisher`…); by default this host and process id.
 */
export async function connectRedis(
  url: string,
  prefix: string,
  { instanceName = `${os.hostname()}-${process.pid}` }: { instanceName?: string } = {},
): Promise<SharedRedis> {
  const health = connectionHealth();
  const name = (role: string) => `${prefix}:${instanceName}:${role}`.replace(/\s/g, "_");
  // Commands and publishing. While Redis is away they wait in memory and go when it is back
  // (late invalidations are harmless: browsers re-read).
  const publisher = createClient({ url, name: name("publisher"), socket: { reconnectStrategy: health.reconnectStrategy } });
  // Subscribed to the adapter's channels; re-subscribes by itself after a reconnection.
  const subscriber = publisher.duplicate({ name: name("subscriber") });
  // Rate limits must not wait for Redis: refused at once while it is away, then counted here.
  const counters = publisher.duplicate({ name: name("counters"), disableOfflineQueue: true });
  const clients = [publisher, subscriber, counters];
  clients.forEach((client) => health.watch(client));

  try {
    await Promise.all(clients.map((client) => client.connect()));
  } catch (error) {
    await Promise.allSettled(clients.map((client) => (client.isOpen ? client.destroy() : undefined)));
    throw new RedisUnavailableError(
      `Redis at REDIS_URL (${withoutPassword(url)}) did not answer: ${describe(error)}. Start Redis, correct REDIS_URL, or unset it to run a single instance.`,
    );
  }
  health.started();

  return {
    adapter: createAdapter(publishingOnly(publisher), subscriber, {
      key: `${prefix}:socket.io`,
      requestsTimeout: REQUESTS_TIMEOUT_MS,
      // Answers to "which sockets…?" go to the instance that asked, not to every instance.
      publishOnSpecificResponseChannel: true,
    }),
    attempts: redisAttemptStore(counters, prefix),
    close: async () => {
      health.closing();
      await Promise.allSettled(clients.map((client) => client.close()));
    },
  };
}

/**
 * The publishing client as the adapter sees it: the same client, except that a publish that
 * fails (Redis dropped the connection while it was on its way) is logged instead of rejecting
 * unhandled, which would stop the process. The adapter fires its publishes without awaiting them.
 */
function publishingOnly(client: RedisClient): RedisClient {
  return new Proxy(client, {
    get(target, property) {
      if (property === "publish") {
        return (channel: string, message: string | Buffer) =>
          target.publish(channel, message).catch((error: unknown) => {
            console.warn(`A live update could not be passed to the other instances: ${describe(error)}`);
            return 0;
          });
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Counters in Redis: INCR and, for a key's first attempt, PEXPIRE of one minute, in one MULTI,
 * so the window opens at the first attempt as in memory. Redis away: this process's counters.
 */
function redisAttemptStore(client: RedisClient, prefix: string, fallback: AttemptStore = memoryAttemptStore): AttemptStore {
  let warned = false;
  return {
    async take(key, limitPerMinute) {
      const redisKey = `${prefix}:attempts:${key}`;
      try {
        const [count] = await client.multi().incr(redisKey).pExpire(redisKey, RATE_LIMIT_WINDOW_MS, "NX").exec();
        warned = false;
        return Number(count) <= limitPerMinute;
      } catch (error) {
        if (!warned) {
          warned = true;
          console.warn(`Sign-in attempts are counted by this instance alone while Redis is unavailable: ${describe(error)}`);
        }
        return fallback.take(key, limitPerMinute);
      }
    },
  };
}

const RECOVERED_AFTER_MS = 1_000;

/**
 * One warning when the connection to Redis is lost, one line when it is back, whatever the
 * number of clients and reconnection attempts. Before the first connection, no retry: fail fast.
 */
function connectionHealth() {
  let phase: "starting" | "running" | "closing" = "starting";
  const down = new Set<RedisClient>();
  // Back only once every client has stayed up for a moment: when Redis drops all three
  // connections, one may be up again before another has even noticed it was cut.
  let recovering: NodeJS.Timeout | undefined;
  return {
    reconnectStrategy(retries: number, cause: Error): number | Error {
      if (phase !== "running") return cause;
      // Quickly at first, then every two seconds at most.
      return Math.min(100 * 2 ** retries, 2_000);
    },
    watch(client: RedisClient) {
      client.on("error", (error: unknown) => {
        if (phase !== "running" || down.has(client)) return;
        if (down.size === 0 && !recovering) {
          console.warn(
            `Lost the connection to Redis (${describe(error)}): live updates reach only this instance's browsers and sign-in limits are counted here until it is back. Reconnecting…`,
          );
        }
        clearTimeout(recovering);
        recovering = undefined;
        down.add(client);
      });
      client.on("ready", () => {
        if (!down.delete(client) || down.size > 0) return;
        recovering = setTimeout(() => {
          recovering = undefined;
          if (phase === "running") console.log("Reconnected to Redis: live updates and sign-in limits are shared again.");
        }, RECOVERED_AFTER_MS);
        recovering.unref();
      });
    },
    started() {
      phase = "running";
    },
    closing() {
      phase = "closing";
      clearTimeout(recovering);
    },
  };
}

function withoutPassword(url: string) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "a malformed address";
  }
}

function describe(error: unknown) {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
