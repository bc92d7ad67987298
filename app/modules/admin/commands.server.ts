import type { Prisma } from "~/generated/prisma/client";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { labelOf, SECTORS } from "~/modules/study/study";
import type { SessionUser } from "~/utils/auth.server";
import { agencyHoldingName, agencyNameData, agencyNamedAlike, isAgencyNameClash } from "~/utils/agency-names.server";
import { writeTransaction } from "~/utils/db.server";
import type { AgencyInput, GrantsInput } from "./schema";

/**
 * The portal's administration changes: agencies, and people's portal-wide permissions. Callers have
 * checked `requireAdmin` first; each write checks again in its transaction that the caller is
 * still an administrator, and records its audit entry there.
 */

type AgencyFieldError = { ok: false; field: keyof AgencyInput; message: string };
type CreateAgencyResult = { ok: true; agencyId: string } | AgencyFieldError;
type UpdateAgencyResult = { ok: true; agencyId: string; changed: boolean } | AgencyFieldError | { ok: false; notFound: true };

const duplicateName = (existingName: string): AgencyFieldError => ({
  ok: false,
  field: "name",
  message: `There is already an agency called ${existingName}: names that differ only in capitals, spaces or punctuation are the same agency`,
});

const noLongerAdmin = (): AgencyFieldError => ({ ok: false, field: "name", message: NO_LONGER_ADMIN });

/** The unique index on the name or its key refused the write: name the agency that holds it. */
async function duplicateAfterClash(name: string) {
  return duplicateName((await agencyHoldingName(name))?.name ?? name);
}

export async function createAgency(admin: SessionUser, input: AgencyInput): Promise<CreateAgencyResult> {
  const actor = await getAuditActor(admin);
  try {
    return await writeTransaction(async (tx) => {
      if (!(await isStillAdmin(tx, admin))) return noLongerAdmin();
      const existing = await agencyNamedAlike(tx, input.name);
      if (existing) return duplicateName(existing.name);
      const agency = await tx.agency.create({ data: { ...agencyNameData(input.name), sector: input.sector } });
      await recordAudit(tx, {
        actor,
        initiativeId: null,
        action: "agency.created",
        entity: "agency",
        entityId: agency.id,
        after: { name: agency.name, sector: labelOf(SECTORS, agency.sector) },
      });
      return { ok: true, agencyId: agency.id } as const;
    });
  } catch (error) {
    if (isAgencyNameClash(error)) return duplicateAfterClash(input.name);
    throw error;
  }
}

export async function updateAgency(admin: SessionUser, agencyId: string, input: AgencyInput): Promise<UpdateAgencyResult> {
  const actor = await getAuditActor(admin);
  try {
    return await writeTransaction(async (tx) => {
      if (!(await isStillAdmin(tx, admin))) return noLongerAdmin();
      const agency = await tx.agency.findUnique({ where: { id: agencyId } });
      if (!agency) return { ok: false, notFound: true } as const;
      const existing = await agencyNamedAlike(tx, input.name, agency.id);
      if (existing) return duplicateName(existing.name);
      const before: Record<string, string> = {};
      const after: Record<string, string> = {};
      if (agency.name !== input.name) [before.name, after.name] = [agency.name, input.name];
      if (agency.sector !== input.sector) {
        [before.sector, after.sector] = [labelOf(SECTORS, agency.sector), labelOf(SECTORS, input.sector)];
      }
      if (Object.keys(after).length === 0) return { ok: true, agencyId: agency.id, changed: false } as const;
      await tx.agency.update({ where: { id: agency.id }, data: { ...agencyNameData(input.name), sector: input.sector } });
      await recordAudit(tx, {
        actor,
        initiativeId: null,
        action: "agency.updated",
        entity: "agency",
        entityId: agency.id,
        before,
        after,
      });
      return { ok: true, agencyId: agency.id, changed: true } as const;
    });
  } catch (error) {
    if (isAgencyNameClash(error)) return duplicateAfterClash(input.name);
    throw error;
  }
}

export const NO_LONGER_ADMIN = "You are no longer an administrator of the portal: nothing was changed.";

/**
 * Is the administrator still one? `requireAdmin` read it at the start of the request; another
 * administrator may have taken the role away since. Read in the write's transaction, so it holds.
 */
async function isStillAdmin(tx: Prisma.TransactionClient, admin: SessionUser) {
  return (await tx.user.findUnique({ where: { id: admin.id }, select: { isAdmin: true } }))?.isAdmin === true;
}

export const LAST_ADMIN = "The portal must keep at least one administrator: make someone else an administrator first.";

type GrantsResult =
  | { status: "changed" | "unchanged"; name: string }
  | { status: "needs-confirmation"; name: string; self: boolean }
  | { status: "refused"; message: string };

const grantsOf = (person: { isAdmin: boolean; canViewActivityAudit: boolean }) => ({
  portalAdministrator: person.isAdmin,
  canViewActivityAudit: person.canViewActivityAudit,
});

/**
 * Sets a person's portal administrator role and their access to the audit of activity.
 * Taking away an administrator role is asked about first (`confirmed`), and refused when it
 * would leave the portal with no administrator.
 */
export async function changeGrants(admin: SessionUser, input: GrantsInput): Promise<GrantsResult> {
  const actor = await getAuditActor(admin);
  return writeTransaction(async (tx) => {
    if (!(await isStillAdmin(tx, admin))) return { status: "refused", message: NO_LONGER_ADMIN } as const;
    const person = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, name: true, isAdmin: true, canViewActivityAudit: true },
    });
    if (!person) return { status: "refused", message: "That account no longer exists." } as const;
    const removesAdmin = person.isAdmin && !input.isAdmin;
    if (person.isAdmin === input.isAdmin && person.canViewActivityAudit === input.canViewActivityAudit) {
      return { status: "unchanged", name: person.name } as const;
    }
    if (removesAdmin && (await tx.user.count({ where: { isAdmin: true } })) <= 1) {
      return { status: "refused", message: LAST_ADMIN } as const;
    }
    if (removesAdmin && input.confirmed !== "yes") {
      return { status: "needs-confirmation", name: person.name, self: person.id === admin.id } as const;
    }
    const updated = await tx.user.update({
      where: { id: person.id },
      data: { isAdmin: input.isAdmin, canViewActivityAudit: input.canViewActivityAudit },
      select: { isAdmin: true, canViewActivityAudit: true },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: null,
      action: "user.grants_changed",
      entity: "user",
      entityId: person.id,
      before: { name: person.name, ...grantsOf(person) },
      after: { name: person.name, ...grantsOf(updated) },
    });
    return { status: "changed", name: person.name } as const;
  });
}
