/**
 * The rules of the roles and responsibilities register, without I/O: the responsibility matrix
 * (gaps and overlaps), accountability loops, roles that need attention, and time committed.
 */

export const RACI_KINDS = ["responsible", "accountable", "consulted", "informed"] as const;
export type RaciKind = (typeof RACI_KINDS)[number];

export const RACI_LABELS: Record<RaciKind, { letter: string; label: string; hint: string }> = {
  responsible: { letter: "R", label: "Responsible", hint: "does the work" },
  accountable: { letter: "A", label: "Accountable", hint: "answers for it; signs it off" },
  consulted: { letter: "C", label: "Consulted", hint: "asked before decisions" },
  informed: { letter: "I", label: "Informed", hint: "told afterwards" },
};

type Assignment = { agencyId: string; kind: RaciKind };

type MatrixProblem = { kind: "no_one_responsible" } | { kind: "no_one_accountable" } | { kind: "several_accountable"; agencyIds: string[] };

/**
 * What is wrong with one shared responsibility's assignments: nobody responsible, nobody
 * accountable (gaps), or more than one agency accountable (an overlap: when everyone answers
 * for it, nobody does).
 */
export function responsibilityProblems(assignments: readonly Assignment[]): MatrixProblem[] {
  const problems: MatrixProblem[] = [];
  const agenciesWith = (kind: RaciKind) => [...new Set(assignments.filter((a) => a.kind === kind).map((a) => a.agencyId))];
  if (agenciesWith("responsible").length === 0) problems.push({ kind: "no_one_responsible" });
  const accountable = agenciesWith("accountable");
  if (accountable.length === 0) problems.push({ kind: "no_one_accountable" });
  if (accountable.length > 1) problems.push({ kind: "several_accountable", agencyIds: accountable.sort() });
  return problems;
}

export const PROBLEM_LABELS: Record<MatrixProblem["kind"], string> = {
  no_one_responsible: "Gap: no agency is responsible",
  no_one_accountable: "Gap: no agency is accountable",
  several_accountable: "Overlap: more than one agency is accountable",
};

/** The matrix of responsibilities (rows) by agencies (columns), with each row's problems. */
export function responsibilityMatrix<R extends { id: string; title: string; assignments: readonly Assignment[] }>(
  responsibilities: readonly R[],
  agencyIds: readonly string[],
) {
  return responsibilities.map((responsibility) => ({
    responsibility,
    cells: agencyIds.map((agencyId) =>
      RACI_KINDS.filter((kind) => responsibility.assignments.some((a) => a.agencyId === agencyId && a.kind === kind)),
    ),
    problems: responsibilityProblems(responsibility.assignments),
  }));
}

/**
 * Would making `roleId` accountable to `accountableToId` create a loop (A answers to B answers
 * to … A)? `current` maps each role to the role it answers to now.
 */
export function createsAccountabilityLoop(
  current: ReadonlyMap<string, string | null>,
  roleId: string | null,
  accountableToId: string | null,
): boolean {
  if (!accountableToId) return false;
  if (roleId === null) return false; // a new role has nobody answering to it yet
  const seen = new Set<string>();
  let next: string | null = accountableToId;
  while (next) {
    if (next === roleId) return true;
    if (seen.has(next)) return false; // an older loop elsewhere; not this change's doing
    seen.add(next);
    next = current.get(next) ?? null;
  }
  return false;
}

type RoleForAttention = {
  holderId: string | null;
  endDate: Date | string | null;
  confirmationRequestedAt: Date | string | null;
  lastConfirmedAt: Date | string | null;
};

/** Why a role needs attention: vacant, past its end date, or waiting for its holder to confirm it. */
export function roleAttention(role: RoleForAttention, today: Date) {
  const ended = role.endDate !== null && new Date(role.endDate).getTime() < startOfUtcDay(today).getTime();
  const awaitingConfirmation =
    role.holderId !== null &&
    role.confirmationRequestedAt !== null &&
    (role.lastConfirmedAt === null || new Date(role.lastConfirmedAt) < new Date(role.confirmationRequestedAt));
  return { vacant: role.holderId === null, ended, awaitingConfirmation };
}

function startOfUtcDay(date: Date) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** A full-time week, for turning FTE into hours (the NHS Agenda for Change standard). */
const FULL_TIME_HOURS_PER_WEEK = 37.5;

export const TIME_UNITS = [
  { key: "hours_per_week", label: "Hours a week" },
  { key: "fte", label: "Full-time equivalent (FTE)" },
] as const;
export type TimeUnit = (typeof TIME_UNITS)[number]["key"];

/** Hours a week of a role's time commitment (amount in hundredths). */
export function hoursPerWeek(timeUnit: string, timeAmount: number): number {
  const value = timeAmount / 100;
  return timeUnit === "fte" ? value * FULL_TIME_HOURS_PER_WEEK : value;
}

/** "7.5 hours a week" or "0.4 FTE (15 hours a week)". */
export function describeTime(timeUnit: string, timeAmount: number): string {
  const value = timeAmount / 100;
  if (timeUnit === "fte") return `${value} FTE (${formatHours(value * FULL_TIME_HOURS_PER_WEEK)} a week)`;
  return `${formatHours(value)} a week`;
}

export function formatHours(hours: number) {
  const rounded = Math.round(hours * 10) / 10;
  return `${rounded} hour${rounded === 1 ? "" : "s"}`;
}

/** Total hours a week each agency commits, from its roles. */
export function timeByAgency(roles: ReadonlyArray<{ agencyId: string; timeUnit: string; timeAmount: number }>) {
  const totals = new Map<string, number>();
  for (const role of roles) {
    totals.set(role.agencyId, (totals.get(role.agencyId) ?? 0) + hoursPerWeek(role.timeUnit, role.timeAmount));
  }
  return totals;
}

/** The register's headline figures, for its page and the initiative's dashboard. */
export function registerCounts(
  roles: ReadonlyArray<{ attention: ReturnType<typeof roleAttention> }>,
  matrix: ReadonlyArray<{ problems: MatrixProblem[] }>,
) {
  return {
    roles: roles.length,
    vacant: roles.filter((r) => r.attention.vacant).length,
    ended: roles.filter((r) => r.attention.ended).length,
    awaiting: roles.filter((r) => r.attention.awaitingConfirmation).length,
    responsibilities: matrix.length,
    gaps: matrix.filter((row) => row.problems.some((p) => p.kind !== "several_accountable")).length,
    overlaps: matrix.filter((row) => row.problems.some((p) => p.kind === "several_accountable")).length,
  };
}
