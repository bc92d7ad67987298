import { keptUntilChanged } from "~/utils/data-version.server";
import { prisma } from "~/utils/db.server";
import { toCalendarDateString } from "~/utils/dates";
import type { Prisma } from "~/generated/prisma/client";
import { initiativePeople, initiativeRoster } from "./roster.server";
import type { InitiativeSettingsInput } from "./schema";

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

/** The agencies taking part in an initiative, by name. */
export async function getInitiativeAgencies(initiativeId: string) {
  return (await initiativeRoster(initiativeId)).agencies;
}

/** Name and status, for the header of every page of an initiative. */
export function getInitiativeSummary(initiativeId: string) {
  // Every page of the initiative shows it: kept while no initiative changes (the "audit" data version, decision 016).
  return keptUntilChanged("audit", ["initiative", initiativeId], () =>
    prisma.initiative.findUnique({ where: { id: initiativeId }, select: { id: true, name: true, status: true } }),
  );
}

/**
 * An initiative's details for its dashboard. Callers must have checked access with the
 * policy module first; the id is the only scope here.
 */
export async function getInitiativeDetails(initiativeId: string) {
  const [initiative, roster, people] = await Promise.all([
    // Kept while no initiative changes (the "audit" data version, decision 016): the overview's details change rarely.
    keptUntilChanged("audit", ["initiative details", initiativeId], () => readDetails(initiativeId)),
    initiativeRoster(initiativeId),
    initiativePeople(initiativeId),
  ]);
  if (!initiative) return null;
  const named = new Map(people.map((person) => [person.id, person]));
  return {
    ...initiative,
    rationales: initiative.rationales.map((r) => r.rationale),
    agencies: roster.agencies,
    members: [...roster.members]
      .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime())
      .map((m) => ({ role: m.role, name: m.name, agencyName: m.agencyName, detail: named.get(m.userId)?.detail ?? null })),
  };
}

function readDetails(initiativeId: string) {
  return prisma.initiative.findUnique({
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
    },
  });
}

/** The settings form's current values (read through `db`: a write reads them in its transaction). */
export async function getInitiativeSettings(initiativeId: string, db: Prisma.TransactionClient = prisma): Promise<InitiativeSettingsInput | null> {
  const initiative = await db.initiative.findUnique({
    where: { id: initiativeId },
    include: { rationales: true, agencies: true },
  });
  if (!initiative) return null;
  return {
    name: initiative.name,
    targetGroup: initiative.targetGroup,
    rationales: initiative.rationales.map((r) => r.rationale) as InitiativeSettingsInput["rationales"],
    modelOfActivity: initiative.modelOfActivity as InitiativeSettingsInput["modelOfActivity"],
    aims: initiative.aims,
    localAuthority: initiative.localAuthority,
    startDate: toCalendarDateString(initiative.startDate),
    agencyIds: initiative.agencies.map((a) => a.agencyId),
    status: initiative.status as InitiativeSettingsInput["status"],
  };
}
