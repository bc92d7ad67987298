import { createHash, randomInt } from "node:crypto";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";

/**
 * Who may become the first administrator of a new portal (docs/decisions/020-…): only someone
 * on the server's own machine, or someone with the one-time set-up code the server prints in its
 * log at start while the portal has no administrator. The database keeps only the code's hash.
 */

// Crockford's base32: no I, L, O or U to misread when copying from a log.
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const SETUP_CODE_WRONG =
  "This set-up code does not work. Copy the code printed in the server’s log when the portal last started. Each code works once, and only until the portal has an administrator.";

/** Capitals, without spaces or dashes: the form in which a code is compared. */
function normaliseSetupCode(code: string) {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

function hashSetupCode(code: string) {
  return createHash("sha256").update(normaliseSetupCode(code)).digest("hex");
}

/** A new code: 12 characters of base32 (60 bits), shown as XXXX-XXXX-XXXX. */
function generateSetupCode() {
  const characters = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [0, 4, 8].map((start) => characters.slice(start, start + 4).join("")).join("-");
}

type Db = PrismaClient | Prisma.TransactionClient;

export async function portalHasAdministrator(db: Db = prisma) {
  return (await db.user.findFirst({ where: { isAdmin: true }, select: { id: true } })) !== null;
}

type SetupCodeAtStart = { kind: "not needed" } | { kind: "from the environment" } | { kind: "new"; code: string };

/**
 * At start: while the portal has no administrator, a code to make the first one. SETUP_CODE (the
 * operator's own, for automated set-ups) is used while it is unused; otherwise a new random code,
 * to print. Every unused code stays valid until an administrator exists (each instance of a
 * several-instance portal prints its own). Once one exists, unused codes are deleted.
 */
export async function prepareSetupCode(fromEnvironment: string | undefined): Promise<SetupCodeAtStart> {
  if (await portalHasAdministrator()) {
    await prisma.setupCode.deleteMany({ where: { usedAt: null } });
    return { kind: "not needed" };
  }
  if (fromEnvironment) {
    const codeHash = hashSetupCode(fromEnvironment);
    const stored = await prisma.setupCode.findUnique({ where: { codeHash }, select: { usedAt: true } });
    if (!stored) {
      try {
        await prisma.setupCode.create({ data: { codeHash } });
      } catch (error) {
        // Another instance starting at the same moment stored it first.
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      }
      return { kind: "from the environment" };
    }
    if (!stored.usedAt) return { kind: "from the environment" };
    // Used already (and the administrator since removed): a code works once, so a new one.
  }
  const code = generateSetupCode();
  await prisma.setupCode.create({ data: { codeHash: hashSetupCode(code) } });
  return { kind: "new", code };
}

/** The line the server prints at start about the set-up code, or null when none is needed. */
export function setupCodeNotice(prepared: SetupCodeAtStart): string | null {
  switch (prepared.kind) {
    case "not needed":
      return null;
    case "from the environment":
      return "The portal has no administrator yet: create the first account with the set-up code in SETUP_CODE (on the ‘Create an account’ page; it works once), or from this machine.";
    case "new":
      return `Set-up code for the first administrator: ${prepared.code} (enter it on the ‘Create an account’ page; it works once). An account created from this machine needs no code.`;
  }
}

/**
 * In a sign-up's transaction: uses up `code` if it is one of the portal's unused codes and the
 * portal has no administrator yet. True when it did; the other unused codes then stop working.
 */
export async function useSetupCode(tx: Prisma.TransactionClient, code: string, now = new Date()): Promise<boolean> {
  if (await portalHasAdministrator(tx)) return false;
  const used = await tx.setupCode.updateMany({ where: { codeHash: hashSetupCode(code), usedAt: null }, data: { usedAt: now } });
  if (used.count !== 1) return false;
  await tx.setupCode.deleteMany({ where: { usedAt: null } });
  return true;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;
const FORWARDING_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

/**
 * Whether a request comes from the machine the portal runs on: its address (Express's `req.ip`,
 * which honours TRUST_PROXY) is a loopback address, and no proxy forwarded it.
 * NOTE: a reverse proxy on the same machine connects from 127.0.0.1 for every visitor; the
 * forwarding headers such proxies add give it away, so such a request never counts as local.
 */
export function requestFromThisMachine(request: Request, clientAddress: string) {
  if (!LOOPBACK.test(clientAddress)) return false;
  return !FORWARDING_HEADERS.some((name) => request.headers.has(name));
}
