import type { Prisma } from "~/generated/prisma/client";

/** Who did something: the signed-in person, with their agency at the time. */
export type AuditActor = { id: string; name: string; agencyName: string } | null;

export type AuditEntry = {
  actor: AuditActor;
  /** Null for portal-level events (accounts, agencies, grants). */
  initiativeId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

/**
 * Appends one event to the audit log, inside the caller's transaction so that the change and
 * its record commit together or not at all. The log is append-only: nothing updates or deletes it.
 */
export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry) {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorName: entry.actor?.name ?? null,
      actorAgency: entry.actor?.agencyName ?? null,
      initiativeId: entry.initiativeId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    },
  });
}
