import { prisma } from "~/utils/db.server";
import type { SessionUser } from "~/utils/auth.server";
import { parseCalendarDate } from "~/utils/dates";
import { recordAudit } from "~/modules/audit/audit.server";
import type { InitiativeInput } from "./schema";

export type CreateInitiativeResult =
  | { ok: true; initiativeId: string }
  | { ok: false; field: keyof InitiativeInput; message: string };

/** Creates an initiative with its rationales and agencies; its creator becomes its lead. */
export async function createInitiative(
  creator: SessionUser,
  input: InitiativeInput,
): Promise<CreateInitiativeResult> {
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

  const initiative = await prisma.$transaction(async (tx) => {
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
        ...input,
        agencies: agencies.map((agency) => agency.name).sort(),
        lead: creator.name,
      },
    });
    return created;
  });
  return { ok: true, initiativeId: initiative.id };
}

/** The initiatives a person is a member of, with their role, newest first. */
export async function listMyInitiatives(userId: string) {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    orderBy: { initiative: { createdAt: "desc" } },
    select: {
      role: true,
      initiative: {
        select: {
          id: true,
          name: true,
          targetGroup: true,
          localAuthority: true,
          status: true,
          startDate: true,
          agencies: { select: { agency: { select: { name: true, sector: true } } } },
          _count: { select: { memberships: true } },
        },
      },
    },
  });
  return memberships.map(({ role, initiative }) => ({
    role,
    id: initiative.id,
    name: initiative.name,
    targetGroup: initiative.targetGroup,
    localAuthority: initiative.localAuthority,
    status: initiative.status,
    startDate: initiative.startDate,
    agencies: initiative.agencies.map(({ agency }) => agency).sort((a, b) => a.name.localeCompare(b.name)),
    memberCount: initiative._count.memberships,
  }));
}

/**
 * An initiative's details for its dashboard. Callers must have checked access with the
 * policy module first; the id is the only scope here.
 */
export async function getInitiativeDetails(initiativeId: string) {
  const initiative = await prisma.initiative.findUnique({
    where: { id: initiativeId },
    select: {
      id: true,
      name: true,
      targetGroup: true,
      modelOfActivity: true,
      aims: true,
      localAuthority: true,
      startDate: true,
      endDate: true,
      status: true,
      rationales: { select: { rationale: true } },
      agencies: { select: { agency: { select: { id: true, name: true, sector: true } } } },
      memberships: {
        select: { role: true, user: { select: { name: true } }, agency: { select: { name: true } } },
        orderBy: { joinedAt: "asc" },
      },
    },
  });
  if (!initiative) return null;
  return {
    ...initiative,
    rationales: initiative.rationales.map((r) => r.rationale),
    agencies: initiative.agencies.map(({ agency }) => agency).sort((a, b) => a.name.localeCompare(b.name)),
    members: initiative.memberships.map((m) => ({ role: m.role, name: m.user.name, agency: m.agency.name })),
  };
}
