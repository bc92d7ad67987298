import { prisma } from "~/utils/db.server";
import { distinguishingDetails, personLabel, readAlike, sharedNames } from "~/utils/names";
import { keptUntilChanged } from "~/utils/data-version.server";
import { onceThisRequest } from "~/utils/request-memo.server";

type RosterAgency = Readonly<{ id: string; name: string; sector: string }>;
type RosterMember = Readonly<{
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
type Roster = {
  agencies: readonly RosterAgency[];
  members: readonly RosterMember[];
  /** The user ids of members whose name and agency read the same as another's (names.ts, readAlike). */
  readAlike: ReadonlySet<string>;
  /** The user ids of members whose name alone reads the same as another's (names.ts, sharedNames). */
  sharedNames: ReadonlySet<string>;
};

export function initiativeRoster(initiativeId: string): Promise<Roster> {
  return onceThisRequest(`roster ${initiativeId}`, () =>
    // Kept between requests while nobody joins, leaves or changes role or agency, and no person or agency is renamed (decision 016).
    keptUntilChanged("people", ["roster", initiativeId], () => readRoster(initiativeId)),
  );
}

async function readRoster(initiativeId: string): Promise<Roster> {
  const [agencies, members] = await Promise.all([
    prisma.agency.findMany({ where: { initiatives: { some: { initiativeId } } }, select: { id: true, name: true, sector: true } }),
    // NOTE: one joined statement that SQLite and PostgreSQL both run (names quoted as Prisma made them):
    // Prisma would read the members, their people and their agencies in three.
    prisma.$queryRaw<RosterMember[]>`
      SELECT m."id" AS "membershipId", m."userId" AS "userId", u."name" AS "name", m."role" AS "role",
             m."agencyId" AS "agencyId", a."name" AS "agencyName", m."joinedAt" AS "joinedAt"
      FROM "Membership" m JOIN "User" u ON u."id" = m."userId" JOIN "Agency" a ON a."id" = m."agencyId"
      WHERE m."initiativeId" = ${initiativeId}`,
  ]);
  // Names are folded for comparison here, once while the roster is kept, not on every page (the folding is costly).
  const people = members.map((m) => ({ id: m.userId, name: m.name, agencyName: m.agencyName }));
  // Shared by every loader of every request that gets it: frozen, so that none can change what another sees.
  return {
    agencies: Object.freeze(agencies.map((agency) => Object.freeze(agency)).sort(byName)),
    members: Object.freeze(members.map((m) => Object.freeze({ ...m, joinedAt: new Date(m.joinedAt) })).sort(byName)),
    readAlike: readAlike(people),
    sharedNames: sharedNames(people),
  };
}

/** A member as every page of the initiative names them (names.ts): with their agency, and more when needed. */
type InitiativePerson = Readonly<{
  id: string;
  name: string;
  agencyId: string;
  agencyName: string;
  role: string;
  /** Job title (and email) when another member's name and agency read the same; otherwise null. */
  detail: string | null;
  /** "Priya Shah (Northshire Children's Services)", with the detail when there is one. */
  label: string;
  /** What to write after "@" to mention them: their name, or their label when another member's name reads the same. */
  mention: string;
}>;

/**
 * The initiative's members, each with the words that tell them apart: a name always comes with
 * the agency its person represents here; two members whose name and agency read the same also get
 * their job title, or their job title and email address. One extra read, of those few people's
 * job titles and emails, only when there are such pairs. Once per page request.
 */
export function initiativePeople(initiativeId: string): Promise<readonly InitiativePerson[]> {
  return onceThisRequest(`people ${initiativeId}`, async () => {
    const { members, readAlike: alike, sharedNames: shared } = await initiativeRoster(initiativeId);
    const memberOf = new Map(members.map((m) => [m.userId, m]));
    const details = alike.size
      ? distinguishingDetails(
          (await prisma.user.findMany({ where: { id: { in: [...alike] } }, select: { id: true, jobTitle: true, email: true } })).map((user) => ({
            ...user,
            name: memberOf.get(user.id)!.name,
            agencyName: memberOf.get(user.id)!.agencyName,
          })),
        )
      : new Map<string, string>();
    return members.map((m) => {
      const detail = details.get(m.userId) ?? null;
      const label = personLabel({ name: m.name, agencyName: m.agencyName, detail });
      return Object.freeze({
        id: m.userId,
        name: m.name,
        agencyId: m.agencyId,
        agencyName: m.agencyName,
        role: m.role,
        detail,
        label,
        mention: shared.has(m.userId) ? label : m.name,
      });
    });
  });
}
