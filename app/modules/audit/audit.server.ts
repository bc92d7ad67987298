import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { queueEvent, type PortalEvent } from "~/utils/events.server";

/**
 * The one door for events (docs/architecture.md): every change others should hear of is recorded
 * here, by `recordAudit` inside the change's transaction. Kept under this name, not moved to a
 * `commands.server.ts`, because every other capability's commands import it; the log's reads
 * are in queries.server.ts and its CSV download in exports.server.ts.
 */

/** Who did something: the signed-in person, with their agency at the time. */
type AuditActor = { id: string; name: string; agencyName: string } | null;

type AuditEntry = {
  actor: AuditActor;
  /** Null for portal-level events (accounts, agencies, grants). */
  initiativeId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** When it happened, if the caller works to a given moment (a module's `now`); otherwise the database's now. */
  at?: Date;
  /** Whom the change concerns, for the event's subscribers only: never stored (events.server.ts). */
  subject?: PortalEvent["subject"];
};

/** The actor of a signed-in user, for audit entries. */
export async function getAuditActor(user: { id: string; name: string; agencyId: string }): Promise<AuditActor> {
  const agency = await prisma.agency.findUnique({ where: { id: user.agencyId }, select: { name: true } });
  return { id: user.id, name: user.name, agencyName: agency?.name ?? "unknown agency" };
}

/**
 * Appends one event to the audit log, inside the caller's transaction (writeTransaction) so that
 * the change and its record commit together or not at all, and queues the same event to be
 * published once they have (events.server.ts): the one door through which live updates, and
 * later notifications, learn of a change. The log is append-only: nothing updates or deletes it.
 */
export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry) {
  const row = await appendAuditRow(tx, entry);
  queueEvent(tx, {
    initiativeId: entry.initiativeId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    actorId: entry.actor?.id ?? null,
    at: row.at,
    ...(entry.subject ? { subject: entry.subject } : {}),
  });
}

function appendAuditRow(db: Prisma.TransactionClient, entry: AuditEntry) {
  return db.auditEvent.create({
    data: {
      ...(entry.at ? { at: entry.at } : {}),
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
    select: { at: true },
  });
}

/** Records a refused attempt (a forged or unauthorised post) on its own: nothing changed, so nothing is published. */
export async function recordRefusal(entry: Omit<AuditEntry, "action"> & { reason: string }) {
  await appendAuditRow(prisma, {
    actor: entry.actor,
    initiativeId: entry.initiativeId,
    action: "access.refused",
    entity: entry.entity,
    entityId: entry.entityId,
    after: { reason: entry.reason, ...(entry.after === undefined ? {} : { attempted: entry.after }) },
  });
}
