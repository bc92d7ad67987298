/** Members grouped by the agency they represent, agencies in name order. */
export function groupByAgency<T extends { agency: { id: string; name: string; sector: string } }>(members: T[]) {
  const groups = new Map<string, { agency: T["agency"]; members: T[] }>();
  for (const member of members) {
    const group = groups.get(member.agency.id) ?? { agency: member.agency, members: [] as T[] };
    group.members.push(member);
    groups.set(member.agency.id, group);
  }
  return [...groups.values()];
}
