import { prisma } from "~/utils/db.server";
import { onceThisRequest } from "~/utils/request-memo.server";

export type RosterAgency = Readonly<{ id: string; name: string; sector: string }>;
export type RosterMember = Readonly<{
  membershipId: string;
  userId: string;
  name: string;
  role: string;
  agencyId: string;
  agencyName: string;
  joinedAt: Date;
}>;

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "en-GB");

/**
 * Who takes part in an initiative: its agencies and its members, each by name. Nearly every page
 * of an initiative needs them (the header's "online now", the mention list, the register, the
 * budget, the dashboard, the self-assessment's evidence), so one page request reads them once
 * (see request-memo.server.ts). Callers must have checked access first: the id is the only scope.
 */
export function initiativeRoster(initiativeId: string): Promise<{ agencies: readonly RosterAgency[]; members: readonly RosterMember[] }> {
  return onceThisRequest(`roster ${initiativeId}`, async () => {
    const [agencies, members] = await Promise.all([
      prisma.initiativeAgency.findMany({ where: { initiativeId }, select: { agency: { select: { id: true, name: true, sector: true } } } }),
      prisma.membership.findMany({
        where: { initiativeId },
        select: { id: true, userId: true, role: true, agencyId: true, joinedAt: true, user: { select: { name: true } }, agency: { select: { name: true } } },
      }),
    ]);
    // Shared by every loader of the request: frozen, so that none can change what another sees.
    return {
      agencies: Object.freeze(agencies.map((row) => Object.freeze(row.agency)).sort(byName)),
      members: Object.freeze(
        members
          .map((m) => Object.freeze({ membershipId: m.id, userId: m.userId, name: m.user.name, role: m.role, agencyId: m.agencyId, agencyName: m.agency.name, joinedAt: m.joinedAt }))
          .sort(byName),
      ),
    };
  });
}
