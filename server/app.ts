import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import type { ViteDevServer } from "vite";
import { migrateDatabase } from "../app/utils/migrate.server";
import { prepareSetupCode, setupCodeNotice } from "../app/modules/accounts/first-administrator.server";
import { startExpiredSessionSweep } from "../app/utils/auth.server";
import { databaseProvider, getEnv } from "../app/utils/env.server";
import { setAttemptStore } from "../app/utils/rate-limit.server";
import { withRequestMemo } from "../app/utils/request-memo.server";
import { attachRealtime } from "./realtime";
import { connectRedis } from "./redis";
import { createRemixHandler } from "./remix-handler";
import { answerErrorsPlainly, readForm, refuse, refuseMalformedAddresses, SLOW_CLIENT_LIMITS } from "./request-limits";

export async function startServer() {
  const env = getEnv();
  const isProduction = env.NODE_ENV === "production";

  // Several instances share live updates and sign-in limits through Redis; unreachable: no start.
  const redis = env.REDIS_URL ? await connectRedis(env.REDIS_URL, env.REDIS_PREFIX) : undefined;
  if (redis) setAttemptStore(redis.attempts);

  const migration = await migrateDatabase(env.DATABASE_URL);
  if (migration.applied.length > 0) {
    console.log(`Database ready: applied ${migration.applied.join(", ")}.`);
  }
  // Imported after migrating so that the first query finds its tables.
  const { prisma } = await import("../app/utils/db.server");
  if (databaseProvider(env.DATABASE_URL) === "sqlite") {
    // Durability over speed: in WAL mode, FULL syncs the log at every commit, so a write that
    // was acknowledged survives a power cut as well as a crash (better-sqlite3 defaults to NORMAL).
    // PostgreSQL is durable at commit by default (synchronous_commit = on).
    await prisma.$executeRawUnsafe("PRAGMA synchronous = FULL");
  }

  // Sessions past their end are deleted every hour, and their open pages disconnected.
  const stopSessionSweep = startExpiredSessionSweep();
  // While the portal has no administrator: the one-time code that makes the first one.
  const setupNotice = setupCodeNotice(await prepareSetupCode(env.SETUP_CODE));

  const app = express();
  // A client that is slow to send its request (a byte a second, say) is cut off (decision 019).
  const httpServer = http.createServer(
    {
      headersTimeout: SLOW_CLIENT_LIMITS.headersMs,
      requestTimeout: SLOW_CLIENT_LIMITS.requestMs,
      connectionsCheckingInterval: SLOW_CLIENT_LIMITS.checkEveryMs,
    },
    app,
  );
  app.disable("x-powered-by");
  // Express's own mode follows the portal's (production unless told otherwise), not NODE_ENV's absence.
  app.set("env", env.NODE_ENV);
  app.set("trust proxy", env.TRUST_PROXY);

  app.get("/healthz", async (_req, res) => {
    try {
      await prisma.$queryRawUnsafe("SELECT 1");
      res.set("Cache-Control", "no-store").json({ status: "ok" });
    } catch {
      res.status(503).set("Cache-Control", "no-store").json({ status: "database unavailable" });
    }
  });

  // Addresses and forms within their limits before anything parses them (decision 019), and
  // first of all, so that refusing costs as little as it can: a flood of bad requests must not
  // slow the portal for everyone else (npm run bench:abuse).
  app.use(refuseMalformedAddresses);

  // Cross-site posts are refused: the session cookie is SameSite=Lax, and every non-GET
  // request must come from this origin (Origin header) or at least not from another site.
  app.use((req, res, next) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const origin = req.get("origin");
    const fetchSite = req.get("sec-fetch-site");
    const sameOrigin = origin ? originHost(origin) === req.get("host") : fetchSite !== "cross-site";
    if (!sameOrigin) {
      refuse(res, 403, "This form was sent from another website, so it was refused.", { bodyUnread: true });
      return;
    }
    next();
  });

  // Remix gets a form only once it is read and within its limits.
  app.use(readForm);

  app.use(compression());

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("hex");
    next();
  });
  app.use(
    helmet({
      xPoweredBy: false,
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
      contentSecurityPolicy: {
        // Vite's development client injects scripts we cannot give a nonce; enforce in production.
        reportOnly: !isProduction,
        directives: {
          "default-src": ["'self'"],
          "connect-src": ["'self'", ...(isProduction ? [] : ["ws:"])],
          "img-src": ["'self'", "data:"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "script-src": ["'strict-dynamic'", "'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          "script-src-attr": ["'none'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "upgrade-insecure-requests": null,
        },
      },
    }),
  );

  // Committed changes reach the pages that show them through the one door for events
  // (app/utils/events.server.ts), which the socket server subscribes to.
  const realtime = attachRealtime(httpServer, { adapter: redis?.adapter });

  let viteDevServer: ViteDevServer | undefined;
  if (!isProduction) {
    const vite = await import("vite");
    viteDevServer = await vite.createServer({
      server: { middlewareMode: true, hmr: { server: httpServer } },
      appType: "custom",
    });
    app.use(viteDevServer.middlewares);
  } else {
    app.use("/assets", express.static(path.resolve("build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.resolve("build/client"), { maxAge: "1h" }));
  }

  const productionBuild = isProduction
    ? ((await import(/* @vite-ignore */ pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild)
    : undefined;

  const remixHandler = createRemixHandler({
    build: viteDevServer ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild> : productionBuild!,
    mode: env.NODE_ENV,
    getLoadContext: (req, res) => ({
      cspNonce: String(res.locals.cspNonce),
      clientAddress: req.ip ?? "unknown",
    }),
  });
  // A page's loaders share what they read within one GET (app/utils/request-memo.server.ts).
  app.all("*", (req, res, next) =>
    req.method === "GET" || req.method === "HEAD" ? withRequestMemo(() => remixHandler(req, res, next)) : remixHandler(req, res, next),
  );
  app.use(answerErrorsPlainly);

  await new Promise<void>((resolve) => httpServer.listen(env.PORT, env.HOST, resolve));
  const shownHost = env.HOST === "0.0.0.0" ? "localhost" : env.HOST;
  console.log(
    `Partnership Portal is running at http://${shownHost}:${env.PORT}${redis ? ", sharing live updates and sign-in limits through Redis" : ""}`,
  );
  if (setupNotice) console.log(setupNotice);

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in flight, then stopping.`);
    const force = setTimeout(() => {
      console.error("Requests did not finish within 10 seconds; stopping anyway.");
      process.exit(1);
    }, 10_000);
    force.unref();
    // Stop accepting, let requests in flight finish, close websockets and idle keep-alives.
    const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    await realtime.close();
    httpServer.closeIdleConnections();
    await closed;
    await stopSessionSweep();
    // Only now: a request finishing above may still announce its change through Redis.
    setAttemptStore(undefined);
    await redis?.close();
    await viteDevServer?.close();
    await prisma.$disconnect();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  return httpServer;
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
