import { Prisma } from "~/generated/prisma/client";
import { prisma } from "./db.server";
import { agencyNameKey, sameAgencyName } from "./names";

/**
 * One agency per name as people read it (decision: agencies' folded names, in the issue of
 * invariants): wherever an agency is added or renamed (sign-up's "my agency is not listed", the
 * administrator's agency pages), the name is compared with every existing agency's inside the
 * write's transaction, and stored with its key (`Agency.nameKey`, unique) as the last guard.
 */

/**
 * An agency, other than `exceptId`, whose name reads as `name`: the same but for capitals,
 * spacing, punctuation or look-alike letters (names.ts). Compared with each agency's name afresh,
 * not its stored key: agencies from before the keys (and the backfill's simpler folding) count too.
 * Read through the write's transaction, so two people adding the same agency at once take turns.
 */
export async function agencyNamedAlike(tx: Prisma.TransactionClient, name: string, exceptId?: string) {
  const agencies = await tx.agency.findMany({ select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
  return agencies.find((agency) => agency.id !== exceptId && sameAgencyName(agency.name, name)) ?? null;
}

/** The columns an agency's name is stored in. */
export const agencyNameData = (name: string) => ({ name, nameKey: agencyNameKey(name) });

/** A write refused by the unique index on an agency's name or key (the last guard, behind agencyNamedAlike). */
export function isAgencyNameClash(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && error.meta?.modelName === "Agency";
}

/** After such a clash: the agency that holds the name (read once the transaction has ended), for the message. */
export async function agencyHoldingName(name: string): Promise<{ id: string; name: string } | null> {
  return prisma.agency.findFirst({ where: { OR: [{ nameKey: agencyNameKey(name) }, { name }] }, select: { id: true, name: true } });
}
