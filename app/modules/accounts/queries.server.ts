import { createHash } from "node:crypto";
import { prisma } from "~/utils/db.server";
import { describeUserAgent } from "./user-agent";

/** Every agency, for the lists on the sign-up, account and initiative forms. */
export function listAgencies() {
  return prisma.agency.findMany({
    select: { id: true, name: true, sector: true },
    orderBy: { name: "asc" },
  });
}

/**
 * "Your account": a person's own details and the browsers they are signed in with. Every query
 * is scoped by the person's own id, so an id or key from someone else's account matches nothing.
 */

export function getProfile(userId: string) {
  return prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { name: true, email: true, jobTitle: true, agencyId: true, showPresence: true, agency: { select: { name: true } } },
  });
}

/**
 * A session's name in pages and forms. The session id itself is the secret in the cookie, so
 * it never leaves the server: the browser sees only this one-way hash of it.
 */
export function sessionKey(sessionId: string) {
  return createHash("sha256").update(sessionId).digest("base64url").slice(0, 32);
}

type SessionSummary = {
  key: string;
  browser: string;
  createdAt: Date;
  /** "Keep me signed in": when it ends; null for a browser session (ends with the browser, or 2 hours unused). */
  keptUntil: Date | null;
  isCurrent: boolean;
};

/** The person's sessions that can still be used: this browser first, then the newest. */
export async function listSessions(userId: string, currentSessionId: string, now = new Date()): Promise<SessionSummary[]> {
  const rows = await prisma.session.findMany({
    where: { userId, expiresAt: { gt: now } },
    select: { id: true, createdAt: true, userAgent: true, persistent: true, expiresAt: true },
    orderBy: { createdAt: "desc" },
  });
  return rows
    .map((row) => ({
      key: sessionKey(row.id),
      browser: describeUserAgent(row.userAgent),
      createdAt: row.createdAt,
      keptUntil: row.persistent ? row.expiresAt : null,
      isCurrent: row.id === currentSessionId,
    }))
    .sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
}

/** The session a key names, among the person's own: for the confirmation question. */
export async function findOwnSession(userId: string, key: string) {
  const rows = await prisma.session.findMany({
    where: { userId },
    select: { id: true, createdAt: true, userAgent: true },
  });
  const row = rows.find((candidate) => sessionKey(candidate.id) === key);
  return row ? { ...row, key, browser: describeUserAgent(row.userAgent) } : null;
}
