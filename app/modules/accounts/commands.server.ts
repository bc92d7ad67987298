import { Prisma } from "~/generated/prisma/client";
import { hashPassword, type SessionUser } from "~/utils/auth.server";
import { agencyHoldingName, agencyNameData, agencyNamedAlike, isAgencyNameClash } from "~/utils/agency-names.server";
import { prisma, writeTransaction } from "~/utils/db.server";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { labelOf, SECTORS } from "~/modules/study/study";
import { SETUP_CODE_WRONG, useSetupCode } from "./first-administrator.server";
import { passwordProblem } from "./password-strength.server";
import type { ProfileInput } from "./profile-schema";
import { findOwnSession } from "./queries.server";
import type { SignUpInput } from "./schema";
import { describeUserAgent } from "./user-agent";

/**
 * Accounts' changes: signing up (and the first administrator), a person's own details and
 * presence, and ending their sessions. Each writes with its audit entry in one transaction.
 */

export type SignUpResult =
  /** `created: false`: the address already had an account. NOTE: the page must not tell the two apart. */
  | { ok: true; created: true; userId: string; isAdmin: boolean }
  | { ok: true; created: false }
  | { ok: false; field: keyof SignUpInput; message: string };

/**
 * Creates an account (and its agency, when new) with its password hash and an audit entry, in
 * one transaction. The first administrator is made only with the one-time set-up code, or for
 * the first account of an empty portal when it is created from the server's own machine
 * (first-administrator.server.ts); ADMIN_EMAIL acts at sign-in, on a verified address.
 *
 * An address that already has an account gets the same answer as a new one, after the same
 * work: the password is checked and hashed, the agency checked and the account inserted, until the
 * unique index on the address refuses it and everything is undone. So sign-up does not tell
 * anyone whether an address is registered, by its answer or (beyond a few milliseconds) its time.
 */
export async function signUp(input: SignUpInput, { onThisMachine = false }: { onThisMachine?: boolean } = {}): Promise<SignUpResult> {
  const weakPassword = await passwordProblem(input.password, {
    name: input.name,
    email: input.email,
    jobTitle: input.jobTitle,
    agencyName: input.newAgencyName,
  });
  if (weakPassword) return { ok: false, field: "password", message: weakPassword };
  const passwordHash = await hashPassword(input.password);
  const now = new Date();
  try {
    return await writeTransaction(async (tx) => {
      let agency: { id: string; name: string; sector: string } | null;
      if (input.newAgencyName) {
        // The same name but for capitals, spacing or punctuation is the same agency.
        const existing = await agencyNamedAlike(tx, input.newAgencyName);
        if (existing) return agencyInTheList(existing.name);
        agency = await tx.agency.create({
          data: { ...agencyNameData(input.newAgencyName), sector: input.newAgencySector ?? "other" },
        });
      } else {
        agency = await tx.agency.findUnique({ where: { id: input.agencyId ?? "" } });
        if (!agency) {
          return { ok: false, field: "agencyId", message: "Choose your agency from the list" } as const;
        }
      }
      // The first administrator: with the set-up code (which also counts as a verified address
      // until the portal sends mail), or the first account of an empty portal, from this machine.
      let madeAdministrator: "with the set-up code" | "first account, created on the server's machine" | null = null;
      if (input.setupCode) {
        if (!(await useSetupCode(tx, input.setupCode, now))) {
          return { ok: false, field: "setupCode", message: SETUP_CODE_WRONG } as const;
        }
        madeAdministrator = "with the set-up code";
      } else if (onThisMachine && (await tx.user.count()) === 0) {
        madeAdministrator = "first account, created on the server's machine";
      }
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          jobTitle: input.jobTitle,
          agencyId: agency.id,
          isAdmin: madeAdministrator !== null,
          emailVerifiedAt: madeAdministrator === "with the set-up code" ? now : null,
          password: { create: { hash: passwordHash } },
        },
      });
      const actor = { id: user.id, name: user.name, agencyName: agency.name };
      if (input.newAgencyName) {
        await recordAudit(tx, {
          actor,
          initiativeId: null,
          action: "agency.created",
          entity: "agency",
          entityId: agency.id,
          after: { name: agency.name, sector: labelOf(SECTORS, agency.sector) },
        });
      }
      await recordAudit(tx, {
        actor,
        initiativeId: null,
        action: "user.signed_up",
        entity: "user",
        entityId: user.id,
        after: {
          name: user.name,
          email: user.email,
          jobTitle: user.jobTitle,
          agency: agency.name,
          isAdmin: user.isAdmin,
          ...(madeAdministrator ? { madeAdministrator } : {}),
        },
      });
      return { ok: true, created: true, userId: user.id, isAdmin: user.isAdmin } as const;
    });
  } catch (error) {
    // The agency's name taken in a way the comparison above missed: its unique index decides.
    if (input.newAgencyName && isAgencyNameClash(error)) {
      return agencyInTheList((await agencyHoldingName(input.newAgencyName))?.name ?? input.newAgencyName);
    }
    // The address has an account (perhaps made a moment ago by a sign-up running alongside):
    // the unique index refused it, and the person hears what a new address hears.
    const duplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
    if (duplicate && (await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } }))) {
      return { ok: true, created: false };
    }
    throw error;
  }
}

const agencyInTheList = (name: string) =>
  ({ ok: false, field: "newAgencyName", message: `${name} is already in the list: choose it there` }) as const;

/**
 * Makes the account named by ADMIN_EMAIL a portal administrator when it signs in, but only once
 * its address is verified (`emailVerifiedAt`): otherwise anyone could sign up with that address
 * first and be made administrator. Until the portal sends mail, only an account created with the
 * set-up code is verified. Recorded in the portal's audit log.
 */
export async function promoteConfiguredAdmin(userId: string, adminEmail: string | undefined) {
  if (!adminEmail) return;
  const user = await prisma.user.findUnique({ where: { id: userId }, include: { agency: true } });
  if (!user || user.isAdmin || user.email !== adminEmail.toLowerCase() || !user.emailVerifiedAt) return;
  await writeTransaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { isAdmin: true } });
    await recordAudit(tx, {
      actor: null,
      initiativeId: null,
      action: "user.made_admin",
      entity: "user",
      entityId: user.id,
      before: { name: user.name, isAdmin: false },
      after: { name: user.name, isAdmin: true, reason: "named by ADMIN_EMAIL" },
    });
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
