/**
 * Whether a meeting is quorate, without I/O. A partnership meeting usually needs every agency
 * in the room to take decisions that bind them all; some set a head count instead.
 */

export type QuorumRule = { rule: "every_agency" } | { rule: "count"; count: number };

type Attendee = { userId: string; agencyId: string };
type Agency = { id: string; name: string };

/**
 * The quorum at a meeting, with a sentence saying why it is met or not.
 *
 * People are counted once however many times they are recorded. Only the given agencies
 * count towards "every agency": someone present from an agency that is not a member
 * (a guest) is a person present, not a represented agency.
 */
export function quorumStatus(
  rule: QuorumRule,
  present: readonly Attendee[],
  agencies: readonly Agency[],
): {
  met: boolean;
  presentCount: number;
  agenciesPresent: string[];
  missingAgencies: Array<{ id: string; name: string }>;
  message: string;
} {
  const presentCount = new Set(present.map((person) => person.userId)).size;
  const represented = new Set(present.map((person) => person.agencyId));
  const agenciesPresent = agencies.filter((agency) => represented.has(agency.id)).map((agency) => agency.id);
  const missingAgencies = agencies.filter((agency) => !represented.has(agency.id)).map((agency) => ({ id: agency.id, name: agency.name }));

  if (rule.rule === "count") {
    const met = presentCount >= rule.count;
    const people = `${presentCount} ${presentCount === 1 ? "person" : "people"} present; ${rule.count} needed.`;
    return { met, presentCount, agenciesPresent, missingAgencies, message: `Quorum ${met ? "met" : "not met"}: ${people}` };
  }

  // NOTE: with no agencies there is nobody to represent; calling that "every agency" would
  // report an empty partnership as quorate.
  if (agencies.length === 0) {
    return { met: false, presentCount, agenciesPresent, missingAgencies, message: "Quorum not met: the initiative has no agencies." };
  }
  const met = missingAgencies.length === 0;
  const message = met
    ? "Quorum met: every agency is represented."
    : `Quorum not met: ${listInWords(missingAgencies.map((agency) => agency.name))} ${missingAgencies.length === 1 ? "is" : "are"} not represented.`;
  return { met, presentCount, agenciesPresent, missingAgencies, message };
}

/** How many people came from each agency: every agency, in the order given, including those with none. */
export function attendanceByAgency(present: readonly Attendee[], agencies: readonly Agency[]): Array<{ id: string; name: string; count: number }> {
  const people = new Map<string, Set<string>>();
  for (const person of present) {
    const userIds = people.get(person.agencyId) ?? new Set<string>();
    userIds.add(person.userId);
    people.set(person.agencyId, userIds);
  }
  return agencies.map((agency) => ({ id: agency.id, name: agency.name, count: people.get(agency.id)?.size ?? 0 }));
}

/** "A", "A and B", "A, B and C" (no Oxford comma, as in UK government style). */
function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
