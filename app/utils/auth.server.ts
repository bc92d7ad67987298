import { hash, verify } from "@node-rs/argon2";
import { redirect } from "@remix-run/node";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { PrismaClient } from "~/generated/prisma/client";
import { prisma } from "./db.server";
import { getEnv } from "./env.server";
import { publishEvents } from "./events.server";
import { onceThisRequest } from "./request-memo.server";

/**
 * Lucia's storage, written for this project's Prisma 7 client
 * (`@lucia-auth/adapter-prisma` peers Prisma 5 and older).
 */
export function prismaLuciaAdapter(db: PrismaClient): Adapter {
  const toDatabaseSession = (row: {
    id: string;
    userId: string;
    expiresAt: Date;
  }): DatabaseSession => ({
    id: row.id,
    userId: row.userId,
    expiresAt: row.expiresAt,
    attributes: {},
  });
  return {
    async getSessionAndUser(sessionId) {
      const row = await db.session.findUnique({
        where: { id: sessionId },
        include: { user: { select: userAttributesSelect } },
      });
      if (!row) return [null, null];
      const user: DatabaseUser = { id: row.user.id, attributes: row.user };
      return [toDatabaseSession(row), user];
    },
    async getUserSessions(userId) {
      const rows = await db.session.findMany({ where: { userId } });
      return rows.map(toDatabaseSession);
    },
    async setSession(session) {
      await db.session.create({
        data: { id: session.id, userId: session.userId, expiresAt: session.expiresAt },
      });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await db.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
    },
    async deleteSession(sessionId) {
      await db.session.deleteMany({ where: { id: sessionId } });
    },
    async deleteUserSessions(userId) {
      await db.session.deleteMany({ where: { userId } });
    },
    async deleteExpiredSessions() {
      await db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    },
  };
}

const userAttributesSelect = {
  id: true,
  email: true,
  name: true,
  jobTitle: true,
  agencyId: true,
  isAdmin: true,
  canViewActivityAudit: true,
} as const;

type UserAttributes = {
  id: string;
  email: string;
  name: string;
  jobTitle: string;
  agencyId: string;
  isAdmin: boolean;
  canViewActivityAudit: boolean;
};

function secureCookies(): boolean {
  const env = getEnv();
  if (env.SECURE_COOKIES) return env.SECURE_COOKIES === "true";
  return env.NODE_ENV === "production";
}

export const lucia = new Lucia(prismaLuciaAdapter(prisma), {
  // Sliding expiry: a session unused for 14 days ends; each use within the second half renews it.
  sessionExpiresIn: new TimeSpan(14, "d"),
  sessionCookie: {
    name: "portal_session",
    // A browser-session cookie: closing the browser on a shared office computer signs out.
    expires: false,
    attributes: { secure: secureCookies(), sameSite: "lax" },
  },
  getUserAttributes: (attributes) => ({
    email: attributes.email,
    name: attributes.name,
    jobTitle: attributes.jobTitle,
    agencyId: attributes.agencyId,
    isAdmin: attributes.isAdmin,
    canViewActivityAudit: attributes.canViewActivityAudit,
  }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: UserAttributes;
  }
}

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  jobTitle: string;
  agencyId: string;
  isAdmin: boolean;
  canViewActivityAudit: boolean;
};

/** The signed-in user of a cookie header, or null. Shared by loaders and the socket server. */
export async function getUserFromCookieHeader(
  cookieHeader: string | null | undefined,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return null;
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) return null;
  return { user, sessionId: session.id };
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

/** Only paths inside the portal: no protocol-relative or absolute URLs (open redirects). */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/initiatives") {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
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
  if (await getSessionUser(request)) throw redirect("/initiatives");
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

/** Starts a session and returns the Set-Cookie header value for it. */
export async function createSessionCookie(userId: string, userAgent: string | null) {
  const session = await lucia.createSession(userId, {});
  if (userAgent) {
    await prisma.session.update({
      where: { id: session.id },
      data: { userAgent: userAgent.slice(0, 300) },
    });
  }
  return lucia.createSessionCookie(session.id).serialize();
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears it. */
export async function endSession(request: Request) {
  const current = await getSessionUser(request);
  if (current) {
    await lucia.invalidateSession(current.sessionId);
    // Its open pages stop receiving live updates at once (server/realtime.ts).
    publishEvents([{ initiativeId: null, action: "session.ended", entity: "session", entityId: current.user.id, actorId: current.user.id, at: new Date(), subject: { userId: current.user.id, sessionId: current.sessionId } }]);
  }
  return lucia.createBlankSessionCookie().serialize();
}
