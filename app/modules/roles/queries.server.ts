import { keptUntilChanged } from "~/utils/data-version.server";
import { prisma } from "~/utils/db.server";
import { initiativePeople, initiativeRoster } from "~/modules/initiatives/roster.server";
import { toCalendarDateString } from "~/utils/dates";
import { describeTime, registerCounts, responsibilityProblems, roleAttention, type RaciKind } from "./register";

/**
 * The roles and responsibilities register of one initiative. Every query is scoped by the
 * initiative of the caller's checked access, so an id from elsewhere never matches.
 */

export const roleSelect = {
  id: true,
  title: true,
  agencyId: true,
  holderId: true,
  responsibilities: true,
  accountableToId: true,
  timeUnit: true,
  timeAmount: true,
  startDate: true,
  endDate: true,
  lastConfirmedAt: true,
  confirmationRequestedAt: true,
  createdById: true,
  updatedAt: true,
  agency: { select: { id: true, name: true, sector: true } },
  holder: { select: { id: true, name: true } },
  accountableTo: { select: { id: true, title: true } },
} as const;

export function parseResponsibilities(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

/** Everything the register page shows. */
export async function getRegister(initiativeId: string, today = new Date()) {
  const [roles, responsibilities, { agencies }, people] = await Promise.all([
    prisma.registerRole.findMany({ where: { initiativeId }, select: roleSelect, orderBy: [{ title: "asc" }] }),
    prisma.sharedResponsibility.findMany({
      where: { initiativeId },
      select: { id: true, title: true, assignments: { select: { agencyId: true, kind: true } } },
      orderBy: { title: "asc" },
    }),
    initiativeRoster(initiativeId),
    initiativePeople(initiativeId),
  ]);
  return {
    roles: roles.map((role) => ({
      ...role,
      responsibilities: parseResponsibilities(role.responsibilities),
      time: describeTime(role.timeUnit, role.timeAmount),
      attention: roleAttention(role, today),
    })),
    responsibilities: responsibilities.map((r) => ({
      ...r,
      assignments: r.assignments.map((a) => ({ agencyId: a.agencyId, kind: a.kind as RaciKind })),
    })),
    agencies,
    // Each as every page names them (names.ts): the holder's list must tell namesakes apart.
    members: people.map((m) => ({ id: m.id, name: m.name, agencyId: m.agencyId, label: m.label })),
  };
}

export async function getRole(initiativeId: string, roleId: string) {
  const role = await prisma.registerRole.findFirst({ where: { id: roleId, initiativeId }, select: roleSelect });
  return role ? { ...role, responsibilities: parseResponsibilities(role.responsibilities) } : null;
}

/** The form values of a stored role. */
export function roleFormValues(role: NonNullable<Awaited<ReturnType<typeof getRole>>>) {
  return {
    title: role.title,
    agencyId: role.agencyId,
    holderId: role.holderId ?? "",
    responsibilities: role.responsibilities.join("\n"),
    accountableToId: role.accountableToId ?? "",
    timeUnit: role.timeUnit,
    timeAmount: String(role.timeAmount / 100),
    startDate: role.startDate ? toCalendarDateString(role.startDate) : "",
    endDate: role.endDate ? toCalendarDateString(role.endDate) : "",
  };
}

export async function getResponsibility(initiativeId: string, responsibilityId: string) {
  return prisma.sharedResponsibility.findFirst({
    where: { id: responsibilityId, initiativeId },
    select: { id: true, title: true, assignments: { select: { agencyId: true, kind: true } } },
  });
}

/**
 * An agency's roles across the initiatives the viewer belongs to, with the time it commits.
 * Initiatives the viewer is not in are left out entirely.
 */
export async function agencyRolesForViewer(viewerId: string, agencyId: string) {
  const agency = await prisma.agency.findUnique({ where: { id: agencyId }, select: { id: true, name: true, sector: true } });
  if (!agency) return null;
  const roles = await prisma.registerRole.findMany({
    where: { agencyId, initiative: { memberships: { some: { userId: viewerId } } } },
    select: { ...roleSelect, initiative: { select: { id: true, name: true } } },
    orderBy: [{ initiative: { name: "asc" } }, { title: "asc" }],
  });
  return {
    agency,
    roles: roles.map((role) => ({
      ...role,
      responsibilities: parseResponsibilities(role.responsibilities),
      time: describeTime(role.timeUnit, role.timeAmount),
      attention: roleAttention(role, new Date()),
    })),
  };
}

/** The register's headline figures for the overview: only the columns they are worked out from, not the register's names. */
export async function getRegisterSummary(initiativeId: string, today = new Date()) {
  // Kept while the initiative's records are unchanged (decision 016); which roles have ended depends on today, worked out here.
  const [roles, responsibilities] = await keptUntilChanged(
    `records:${initiativeId}`,
    ["register summary", initiativeId],
    () =>
      Promise.all([
        prisma.registerRole.findMany({
          where: { initiativeId },
          select: { holderId: true, endDate: true, confirmationRequestedAt: true, lastConfirmedAt: true },
        }),
        prisma.sharedResponsibility.findMany({ where: { initiativeId }, select: { assignments: { select: { agencyId: true, kind: true } } } }),
      ]),
    today,
  );
  return registerCounts(
    roles.map((role) => ({ attention: roleAttention(role, today) })),
    responsibilities.map((r) => ({
      problems: responsibilityProblems(r.assignments.map((a) => ({ agencyId: a.agencyId, kind: a.kind as RaciKind }))),
    })),
  );
}
