import { prisma } from "~/utils/db.server";

/**
 * The portal's administration: agencies and people's portal-wide permissions. Callers have
 * checked `requireAdmin` first. Nothing here reaches inside an initiative: administrators are
 * not members, and the counts below say how many, never which.
 */

export async function listAgenciesWithCounts() {
  const rows = await prisma.agency.findMany({
    select: {
      id: true,
      name: true,
      sector: true,
      _count: { select: { users: true, initiatives: true } },
    },
    orderBy: { name: "asc" },
  });
  return rows.map(({ _count, ...agency }) => ({
    ...agency,
    peopleCount: _count.users,
    initiativeCount: _count.initiatives,
  }));
}

export function getAgency(agencyId: string) {
  return prisma.agency.findUnique({ where: { id: agencyId }, select: { id: true, name: true, sector: true } });
}

/** Every account, by name, with its agency and portal-wide permissions. */
export function listPeople() {
  return prisma.user.findMany({
    select: {
      id: true,
      name: true,
      email: true,
      jobTitle: true,
      createdAt: true,
      isAdmin: true,
      canViewActivityAudit: true,
      agency: { select: { name: true } },
    },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
}
