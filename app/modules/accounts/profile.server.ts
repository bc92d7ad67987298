import { createHash } from "node:crypto";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import type { SessionUser } from "~/utils/auth.server";
import { prisma, writeTransaction } from "~/utils/db.server";
import type { ProfileInput } from "./profile-schema";

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

/** Whether fellow members see when this person is online in an initiative. */
export async function setShowPresence(user: SessionUser, show: boolean) {
  const actor = await getAuditActor(user);
  await writeTransaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { showPresence: show } });
    await recordAudit(tx, {
      actor,
      initiativeId: null,
      action: "user.presence_changed",
      entity: "user",
      entityId: user.id,
      after: { showPresence: show },
    });
  });
}

type UpdateProfileResult = { ok: true; changed: boolean } | { ok: false; field: keyof ProfileInput; message: string };

/** Saves a person's name, job title and agency; the audit entry holds only what changed. */
export async function updateProfile(user: SessionUser, input: ProfileInput): Promise<UpdateProfileResult> {
  const actor = await getAuditActor(user);
  return writeTransaction(async (tx) => {
    const agency = await tx.agency.findUnique({ where: { id: input.agencyId }, select: { id: true, name: true } });
    if (!agency) return { ok: false, field: "agencyId", message: "Choose your agency from the list" } as const;
    const current = await tx.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { name: true, jobTitle: true, agency: { select: { id: true, name: true } } },
    });
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    if (current.name !== input.name) [before.name, after.name] = [current.name, input.name];
    if (current.jobTitle !== input.jobTitle) [before.jobTitle, after.jobTitle] = [current.jobTitle, input.jobTitle];
    if (current.agency.id !== agency.id) [before.agency, after.agency] = [current.agency.name, agency.name];
    if (Object.keys(after).length === 0) return { ok: true, changed: false } as const;
    // NOTE: the agency someone represents in each initiative (Membership.agencyId) stays as it
    // was: a move between agencies is for each initiative's lead to reflect.
    await tx.user.update({
      where: { id: user.id },
      data: { name: input.name, jobTitle: input.jobTitle, agencyId: agency.id },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: null,
      action: "user.profile_updated",
      entity: "user",
      entityId: user.id,
      before,
      after,
    });
    return { ok: true, changed: true } as const;
  });
}

/**
 * A session's name in pages and forms. The session id itself is the secret in the cookie, so
 * it never leaves the server: the browser sees only this one-way hash of it.
 */
export function sessionKey(sessionId: string) {
  return createHash("sha256").update(sessionId).digest("base64url").slice(0, 32);
}

const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Version\/[\d.]+.*Safari\//, "Safari"],
];

const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

const UNKNOWN_BROWSER = "An unknown browser";

/** "Chrome on Windows", from a User-Agent header; the header itself, shortened, when not recognised. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent?.trim()) return UNKNOWN_BROWSER;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser) return system ? `${browser} on ${system}` : browser;
  const raw = userAgent.trim();
  return raw.length > 60 ? `${raw.slice(0, 59)}…` : raw;
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

export const SESSION_ENDED = "That session has already ended.";
export const USE_SIGN_OUT = "To sign out of this browser, use “Sign out” at the top of the page.";

type RevokeResult = { ok: true; count: number } | { ok: false; message: string };

type RevokedSession = { id: string; createdAt: Date; userAgent: string | null };

// NOTE: never the session id in the audit log: it is the cookie's secret, and the log is exported.
function describeForAudit(session: RevokedSession) {
  return {
    browser: describeUserAgent(session.userAgent),
    userAgent: session.userAgent ?? "",
    signedInAt: session.createdAt.toISOString(),
  };
}

/** Signs out one of the person's other browsers. The current one signs out with "Sign out". */
export async function revokeSession(user: SessionUser, key: string, currentSessionId: string): Promise<RevokeResult> {
  const session = await findOwnSession(user.id, key);
  if (!session) return { ok: false, message: SESSION_ENDED };
  if (session.id === currentSessionId) return { ok: false, message: USE_SIGN_OUT };
  const actor = await getAuditActor(user);
  const count = await writeTransaction(async (tx) => {
    // Scoped by the owner too, so that no id can reach another person's session.
    const deleted = await tx.session.deleteMany({ where: { id: session.id, userId: user.id } });
    if (deleted.count === 0) return 0;
    await recordAudit(tx, {
      actor,
      initiativeId: null,
      action: "session.revoked",
      entity: "session",
      entityId: user.id,
      before: describeForAudit(session),
      subject: { userId: user.id, sessionId: session.id },
    });
    return deleted.count;
  });
  return count === 0 ? { ok: false, message: SESSION_ENDED } : { ok: true, count };
}

/** Signs out every browser of the person except the one asking. */
export async function revokeOtherSessions(user: SessionUser, currentSessionId: string, now = new Date()): Promise<RevokeResult & { ok: true }> {
  const actor = await getAuditActor(user);
  const count = await writeTransaction(async (tx) => {
    const others = await tx.session.findMany({
      where: { userId: user.id, id: { not: currentSessionId }, expiresAt: { gt: now } },
      select: { id: true, createdAt: true, userAgent: true },
    });
    if (others.length === 0) return 0;
    const deleted = await tx.session.deleteMany({
      where: { userId: user.id, id: { in: others.map((session) => session.id) } },
    });
    for (const session of others) {
      await recordAudit(tx, {
        actor,
        initiativeId: null,
        action: "session.revoked",
        entity: "session",
        entityId: user.id,
        before: describeForAudit(session),
        after: { reason: "signed out of all other sessions" },
        subject: { userId: user.id, sessionId: session.id },
      });
    }
    return deleted.count;
  });
  return { ok: true, count };
}
