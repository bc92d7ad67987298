import { prisma, writeTransaction } from "~/utils/db.server";
import type { SessionUser } from "~/utils/auth.server";
import { parseCalendarDate } from "~/utils/dates";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import { writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import { getInitiativeSettings } from "./queries.server";
import type { InitiativeInput, InitiativeSettingsInput } from "./schema";

type CreateInitiativeResult = { ok: true; initiativeId: string } | { ok: false; field: keyof InitiativeInput; message: string };

/** Creates an initiative with its rationales and agencies; its creator becomes its lead. */
export async function createInitiative(creator: SessionUser, input: InitiativeInput): Promise<CreateInitiativeResult> {
  const agencyIds = [...new Set(input.agencyIds)];
  const agencies = await prisma.agency.findMany({
    where: { id: { in: agencyIds } },
    select: { id: true, name: true },
  });
  if (agencies.length !== agencyIds.length) {
    return { ok: false, field: "agencyIds", message: "Choose agencies from the list" };
  }
  const creatorAgency = await prisma.agency.findUniqueOrThrow({ where: { id: creator.agencyId } });
  if (!agencyIds.includes(creator.agencyId)) {
    return {
      ok: false,
      field: "agencyIds",
      message: `Include your own agency (${creatorAgency.name}): as the lead, you represent it`,
    };
  }
  const startDate = parseCalendarDate(input.startDate)!;

  const initiative = await writeTransaction(async (tx) => {
    const created = await tx.initiative.create({
      data: {
        name: input.name,
        targetGroup: input.targetGroup,
        modelOfActivity: input.modelOfActivity,
        aims: input.aims,
        localAuthority: input.localAuthority,
        startDate,
        rationales: { create: [...new Set(input.rationales)].map((rationale) => ({ rationale })) },
        agencies: { create: agencyIds.map((agencyId) => ({ agencyId })) },
        memberships: { create: { userId: creator.id, role: "lead", agencyId: creator.agencyId } },
      },
    });
    await recordAudit(tx, {
      actor: { id: creator.id, name: creator.name, agencyName: creatorAgency.name },
      initiativeId: created.id,
      action: "initiative.created",
      entity: "initiative",
      entityId: created.id,
      after: {
        name: input.name,
        targetGroup: input.targetGroup,
        rationales: input.rationales,
        modelOfActivity: input.modelOfActivity,
        aims: input.aims,
        localAuthority: input.localAuthority,
        startDate: input.startDate,
        // Agencies by name, so the log reads without looking ids up.
        agencies: agencies.map((agency) => agency.name).sort(),
        lead: creator.name,
      },
    });
    return created;
  });
  return { ok: true, initiativeId: initiative.id };
}

type UpdateSettingsResult = { ok: true; changed: string[] } | { ok: false; field: keyof InitiativeSettingsInput; message: string };

/**
 * Saves an initiative's settings, recording what changed (before and after) in its audit log.
 * An agency that people in the initiative represent cannot be taken out: checked in the write's
 * transaction, so someone joining for that agency at the same moment either joins first (and the
 * agency stays) or finds it gone (acceptInvitation checks the same in its transaction). Invitations
 * still waiting for an agency taken out are withdrawn with it.
 */
export async function updateInitiativeSettings(access: InitiativeAccess, input: InitiativeSettingsInput): Promise<UpdateSettingsResult> {
  const agencyIds = [...new Set(input.agencyIds)];
  const actor = await getAuditActor(access.user);
  return writeAsMember(access, async (tx): Promise<UpdateSettingsResult> => {
    const before = await getInitiativeSettings(access.initiativeId, tx);
    if (!before) return { ok: false, field: "name", message: "This initiative no longer exists" };
    const known = await tx.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true } });
    if (known.length !== agencyIds.length) return { ok: false, field: "agencyIds", message: "Choose agencies from the list" };
    const removed = before.agencyIds.filter((id) => !agencyIds.includes(id));
    if (removed.length > 0) {
      const represented = await tx.membership.findFirst({
        where: { initiativeId: access.initiativeId, agencyId: { in: removed } },
        select: { agency: { select: { name: true } } },
      });
      if (represented) {
        return {
          ok: false,
          field: "agencyIds",
          message: `${represented.agency.name} still has members in this initiative: remove them, or change who they represent, first`,
        };
      }
    }
    const after: InitiativeSettingsInput = { ...input, agencyIds, rationales: [...new Set(input.rationales)] };
    const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    const changed = (Object.keys(after) as Array<keyof InitiativeSettingsInput>).filter((key) => {
      const a = before[key];
      const b = after[key];
      return Array.isArray(a) && Array.isArray(b) ? !sameSet(a, b) : a !== b;
    });
    if (changed.length === 0) return { ok: true, changed };

    await tx.initiative.update({
      where: { id: access.initiativeId },
      data: {
        name: after.name,
        targetGroup: after.targetGroup,
        modelOfActivity: after.modelOfActivity,
        aims: after.aims,
        localAuthority: after.localAuthority,
        startDate: parseCalendarDate(after.startDate)!,
        status: after.status,
      },
    });
    if (changed.includes("rationales")) {
      await tx.initiativeRationale.deleteMany({ where: { initiativeId: access.initiativeId } });
      await tx.initiativeRationale.createMany({
        data: after.rationales.map((rationale) => ({ initiativeId: access.initiativeId, rationale })),
      });
    }
    // Agencies are recorded by name, so the log reads without looking ids up.
    const names = new Map(
      (await tx.agency.findMany({ where: { id: { in: [...before.agencyIds, ...agencyIds] } }, select: { id: true, name: true } })).map((agency) => [
        agency.id,
        agency.name,
      ]),
    );
    if (changed.includes("agencyIds")) {
      await tx.initiativeAgency.deleteMany({ where: { initiativeId: access.initiativeId, agencyId: { in: removed } } });
      const added = agencyIds.filter((id) => !before.agencyIds.includes(id));
      await tx.initiativeAgency.createMany({
        data: added.map((agencyId) => ({ initiativeId: access.initiativeId, agencyId })),
      });
      const now = new Date();
      const waiting = await tx.invitation.findMany({
        where: { initiativeId: access.initiativeId, agencyId: { in: removed }, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        select: { id: true, email: true, agencyId: true },
      });
      for (const invitation of waiting) {
        await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: now } });
        await recordAudit(tx, {
          actor,
          initiativeId: access.initiativeId,
          action: "invitation.revoked",
          entity: "invitation",
          entityId: invitation.id,
          after: { email: invitation.email, reason: `${names.get(invitation.agencyId) ?? "its agency"} was taken out of the initiative` },
        });
      }
    }
    const pick = (values: InitiativeSettingsInput) =>
      Object.fromEntries(
        changed.map((key) => (key === "agencyIds" ? ["agencies", values.agencyIds.map((id) => names.get(id) ?? id).sort()] : [key, values[key]])),
      );
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "initiative.settings_changed",
      entity: "initiative",
      entityId: access.initiativeId,
      before: pick(before),
      after: pick(after),
    });
    return { ok: true, changed };
  });
}
