import { Prisma } from "~/generated/prisma/client";
import { hashPassword } from "~/utils/auth.server";
import { agencyHoldingName, agencyNameData, agencyNamedAlike, isAgencyNameClash } from "~/utils/agency-names.server";
import { prisma, writeTransaction } from "~/utils/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { labelOf, SECTORS } from "~/modules/framework/framework";
import type { SignUpInput } from "./schema";

export function listAgencies() {
  return prisma.agency.findMany({
    select: { id: true, name: true, sector: true },
    orderBy: { name: "asc" },
  });
}

export type SignUpResult =
  | { ok: true; userId: string }
  | { ok: false; field: keyof SignUpInput; message: string };

/**
 * Creates an account (and its agency, when new) with its password hash and an audit entry, in
 * one transaction. The first account of an empty portal, or the one named by ADMIN_EMAIL,
 * becomes the portal administrator.
 */
export async function signUp(input: SignUpInput, adminEmail?: string): Promise<SignUpResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await writeTransaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
        return emailTaken;
      }
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
      const isFirstAccount = (await tx.user.count()) === 0;
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          jobTitle: input.jobTitle,
          agencyId: agency.id,
          isAdmin: isFirstAccount || input.email === adminEmail?.toLowerCase(),
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
        },
      });
      return { ok: true, userId: user.id } as const;
    });
  } catch (error) {
    // The agency's name taken in a way the comparison above missed: its unique index decides.
    if (input.newAgencyName && isAgencyNameClash(error)) {
      return agencyInTheList((await agencyHoldingName(input.newAgencyName))?.name ?? input.newAgencyName);
    }
    // Two sign-ups with one address at the same moment: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return emailTaken;
    throw error;
  }
}

const agencyInTheList = (name: string) =>
  ({ ok: false, field: "newAgencyName", message: `${name} is already in the list: choose it there` }) as const;

const emailTaken = {
  ok: false,
  field: "email",
  message: "An account with this email address already exists: sign in instead",
} as const;

/**
 * Makes the account named by ADMIN_EMAIL a portal administrator when it signs in (the
 * sign-up path does the same). Recorded in the portal's audit log.
 */
export async function promoteConfiguredAdmin(userId: string, adminEmail: string | undefined) {
  if (!adminEmail) return;
  const user = await prisma.user.findUnique({ where: { id: userId }, include: { agency: true } });
  if (!user || user.isAdmin || user.email !== adminEmail.toLowerCase()) return;
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
