import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { redirect } from "@remix-run/node";
import { parse as parseCookies, serialize as serializeCookie } from "cookie";
import { prisma } from "./db.server";
import { getEnv } from "./env.server";
import { publishEvents, type PortalEvent } from "./events.server";
import { onceThisRequest } from "./request-memo.server";
import { DAY_MS } from "./dates";

/**
 * Sessions (docs/decisions/002-sessions.md). The cookie holds a random token; the database keeps
 * only its SHA-256 (the `Session` row's id), so a copy of the database signs nobody in. Every
 * request checks the row, so deleting it signs that browser out.
 *
 * Two kinds, chosen at sign-in:
 * - by default a browser-session cookie (no Max-Age: it ends when the browser closes) and a
 *   session that ends after SESSION_IDLE_MS unused, renewed as it is used;
 * - "keep me signed in on this device": a cookie with Max-Age and a session that ends
 *   PERSISTENT_SESSION_MS after sign-in, however much it is used.
 * Sessions past their end are refused at once and deleted within the hour (deleteExpiredSessions).
 */
const SESSION_COOKIE = "portal_session";
/** A browser session ends after this long unused. */
const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** A used session's end is pushed back at most this often (one write per few minutes, not per request). */
const SESSION_RENEW_EVERY_MS = 5 * 60 * 1000;
/** "Keep me signed in on this device": this long after signing in, whatever its use. */
const PERSISTENT_SESSION_MS = 30 * DAY_MS;
/** How often each instance deletes the sessions that have ended. */
const EXPIRED_SESSION_SWEEP_MS = 60 * 60 * 1000;

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  jobTitle: string;
  agencyId: string;
  isAdmin: boolean;
  canViewActivityAudit: boolean;
};

const sessionUserSelect = {
  id: true,
  email: true,
  name: true,
  jobTitle: true,
  agencyId: true,
  isAdmin: true,
  canViewActivityAudit: true,
} as const;

function secureCookies(): boolean {
  const env = getEnv();
  if (env.SECURE_COOKIES) return env.SECURE_COOKIES === "true";
  return env.NODE_ENV === "production";
}

/** The session row's id for a cookie's token. */
export function sessionIdOf(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

function sessionCookie(token: string, maxAgeSeconds: number | undefined) {
  return serializeCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    // No Max-Age: the browser forgets the cookie when it closes.
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  });
}

/** The Set-Cookie header value that makes the browser forget its session cookie. */
function blankSessionCookie() {
  return sessionCookie("", 0);
}

function sessionEnded(
  action: "session.ended" | "session.expired",
  session: { id: string; userId: string },
  actorId: string | null,
  at: Date,
): PortalEvent {
  // Its open pages stop receiving live updates at once (server/realtime.ts closes the session's sockets).
  return {
    initiativeId: null,
    action,
    entity: "session",
    entityId: session.userId,
    actorId,
    at,
    subject: { userId: session.userId, sessionId: session.id },
  };
}

/**
 * The signed-in user of a cookie header, or null. Shared by loaders and the socket server.
 * `renew`: this is a person using the portal, so a browser session's idle time starts again
 * (the socket server only checks: an open page left alone does not keep a session alive).
 */
export async function getUserFromCookieHeader(
  cookieHeader: string | null | undefined,
  { renew = true, now = new Date() }: { renew?: boolean; now?: Date } = {},
): Promise<{ user: SessionUser; sessionId: string } | null> {
  const token = parseCookies(cookieHeader ?? "")[SESSION_COOKIE];
  if (!token) return null;
  const id = sessionIdOf(token);
  const row = await prisma.session.findUnique({
    where: { id },
    select: { id: true, userId: true, expiresAt: true, persistent: true, user: { select: sessionUserSelect } },
  });
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    const deleted = await prisma.session.deleteMany({ where: { id } });
    if (deleted.count > 0) publishEvents([sessionEnded("session.expired", row, null, now)]);
    return null;
  }
  const renewedEnd = now.getTime() + SESSION_IDLE_MS;
  if (renew && !row.persistent && renewedEnd - row.expiresAt.getTime() >= SESSION_RENEW_EVERY_MS) {
    // Only still-open sessions are pushed back: one signed out meanwhile stays signed out.
    await prisma.session.updateMany({ where: { id, expiresAt: { gt: now } }, data: { expiresAt: new Date(renewedEnd) } });
  }
  return { user: row.user, sessionId: row.id };
}

const requestUsers = new WeakMap<Request, ReturnType<typeof getUserFromCookieHeader>>();

/** The signed-in user of a request, looked up once per request. */
export function getSessionUser(request: Request) {
  let pending = requestUsers.get(request);
  if (!pending) {
    const cookieHeader = request.headers.get("Cookie");
    // Remix hands each loader of a page its own Request: the memo lets them share one lookup.
    pending = onceThisRequest(`session ${cookieHeader ?? ""}`, () => getUserFromCookieHeader(cookieHeader));
    requestUsers.set(request, pending);
  }
  return pending;
}

/** Where a person lands after signing in when no (safe) page was asked for: their home page. */
const HOME_PATH = "/initiatives";
const PORTAL_ORIGIN = "http://portal.invalid";

/**
 * Only a path on this portal, else `fallback` (open redirects). Refused: anything but printable
 * ASCII (CR/LF would split the header; tabs, newlines and NUL are dropped by URL parsers, so
 * `/\t/evil` becomes `//evil`), backslashes (browsers read them as slashes), schemes and
 * protocol-relative forms, also when percent-encoded or reached through `.` segments. What is
 * returned is the path as a URL parser reads it, so the browser goes exactly there.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = HOME_PATH): string {
  if (typeof to !== "string" || to.length > 1000) return fallback;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(to) || to.includes("\\")) return fallback;
  // The path as a server or router may decode it: no slash, backslash or control character hiding inside.
  const path = to.split(/[?#]/, 1)[0]!;
  let decoded = path;
  for (let round = 0; round < 3; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (decoded.startsWith("//") || decoded.includes("\\") || [...decoded].some((c) => c < " " || c === "\x7f")) return fallback;
  let url: URL;
  try {
    url = new URL(to, PORTAL_ORIGIN);
  } catch {
    return fallback;
  }
  const normalised = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== PORTAL_ORIGIN || !normalised.startsWith("/") || normalised.startsWith("//")) return fallback;
  return normalised;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const result = await getSessionUser(request);
  if (!result) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo })}`);
  }
  return result.user;
}

/** Redirects a signed-in user away from sign-in and sign-up. */
export async function requireAnonymous(request: Request) {
  if (await getSessionUser(request)) throw redirect(HOME_PATH);
}

// argon2id with the OWASP-recommended minimum: 19 MiB, 2 passes, 1 lane (~70 ms here).
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string) {
  return hash(password, ARGON2_OPTIONS);
}

// A hash of nothing, verified when the email is unknown so that both failures take as long.
let dummyHash: Promise<string> | undefined;

/** The user id for a correct email and password, or null for any mistake (never says which). */
export async function verifyLogin(email: string, password: string): Promise<string | null> {
  const row = await prisma.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, password: { select: { hash: true } } },
  });
  if (!row?.password) {
    dummyHash ??= hashPassword("not a real password");
    await verify(await dummyHash, password);
    return null;
  }
  return (await verify(row.password.hash, password)) ? row.id : null;
}

/**
 * Starts a session and returns the Set-Cookie header value for it. `persistent`: "keep me signed
 * in on this device", for PERSISTENT_SESSION_MS from now; otherwise a browser session.
 */
export async function createSessionCookie(
  userId: string,
  userAgent: string | null,
  { persistent = false, now = new Date() }: { persistent?: boolean; now?: Date } = {},
) {
  const token = randomBytes(24).toString("base64url");
  const lifetime = persistent ? PERSISTENT_SESSION_MS : SESSION_IDLE_MS;
  await prisma.session.create({
    data: {
      id: sessionIdOf(token),
      userId,
      persistent,
      expiresAt: new Date(now.getTime() + lifetime),
      userAgent: userAgent ? userAgent.slice(0, 300) : null,
    },
  });
  return sessionCookie(token, persistent ? PERSISTENT_SESSION_MS / 1000 : undefined);
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears it. */
export async function endSession(request: Request) {
  const current = await getSessionUser(request);
  if (current) {
    await prisma.session.deleteMany({ where: { id: current.sessionId } });
    publishEvents([sessionEnded("session.ended", { id: current.sessionId, userId: current.user.id }, current.user.id, new Date())]);
  }
  return blankSessionCookie();
}

/**
 * Deletes every session past its end and closes its open connections (a `session.expired` event
 * each). Sessions are refused as soon as they end; this keeps the table small and acts on pages
 * left open. Several instances may run it at once; a session announced twice is harmless (its
 * sockets are already closed).
 */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await prisma.session.findMany({
      where: { expiresAt: { lte: now } },
      select: { id: true, userId: true },
      take: 500,
    });
    if (expired.length === 0) return total;
    const deleted = await prisma.session.deleteMany({ where: { id: { in: expired.map((s) => s.id) } } });
    total += deleted.count;
    publishEvents(expired.map((session) => sessionEnded("session.expired", session, null, now)));
    if (expired.length < 500) return total;
  }
}

/**
 * Runs deleteExpiredSessions now and then every `everyMs` (the server, at start). Returns the
 * function that stops it, which waits for a sweep under way.
 */
export function startExpiredSessionSweep(everyMs = EXPIRED_SESSION_SWEEP_MS): () => Promise<unknown> {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = deleteExpiredSessions().catch((error: unknown) => console.warn("Could not delete expired sessions", error));
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  // NOTE: never keeps the process alive on its own.
  timer.unref();
  return () => {
    clearInterval(timer);
    return running;
  };
}
