import type { Prisma } from "~/generated/prisma/client";
import { containsText, prisma } from "~/utils/db.server";
import { queueEvent, type PortalEvent } from "~/utils/events.server";
import { toCsv } from "~/utils/csv";
import { parseAuditFilter, type AuditFilter } from "./schema";
import { DAY_MS } from "~/utils/dates";

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

const AUDIT_PAGE_SIZE = 50;

function auditWhere(scope: { initiativeId: string | null }, filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    initiativeId: scope.initiativeId,
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.person ? { actorName: containsText(filter.person) } : {}),
    ...(filter.from || filter.to
      ? {
          at: {
            ...(filter.from ? { gte: filter.from } : {}),
            ...(filter.to ? { lt: new Date(filter.to.getTime() + DAY_MS) } : {}),
          },
        }
      : {}),
  };
}

/**
 * One page of an audit log, newest first: an initiative's, or the portal's own
 * (initiativeId null: accounts, agencies, grants).
 */
async function listAuditEvents(scope: { initiativeId: string | null }, filter: AuditFilter) {
  const where = auditWhere(scope, filter);
  const [events, total, actions] = await Promise.all([
    prisma.auditEvent.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    prisma.auditEvent.count({ where }),
    prisma.auditEvent.findMany({
      where: { initiativeId: scope.initiativeId },
      distinct: ["action"],
      select: { action: true },
      orderBy: { action: "asc" },
    }),
  ]);
  return { events, total, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), actions: actions.map((a) => a.action) };
}

/** Every matching event as CSV (RFC 4180), oldest first, for export. */
async function auditEventsCsv(scope: { initiativeId: string | null }, filter: AuditFilter) {
  const events = await prisma.auditEvent.findMany({
    where: auditWhere(scope, filter),
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  const header = ["when (UTC)", "who", "agency", "action", "record", "record id", "before", "after"];
  const rows = events.map((e) => [
    e.at.toISOString(),
    e.actorName ?? "",
    e.actorAgency ?? "",
    e.action,
    e.entity,
    e.entityId,
    e.before ?? "",
    e.after ?? "",
  ]);
  return toCsv([header, ...rows]);
}

/** The data of an audit log page for a scope and the request's query string. */
export async function loadAuditLog(scope: { initiativeId: string | null }, searchParams: URLSearchParams) {
  const parsed = parseAuditFilter(searchParams);
  if (!parsed.success) {
    return {
      events: [],
      total: 0,
      pageCount: 1,
      page: 1,
      actions: (await listAuditEvents(scope, { page: 1, from: undefined, to: undefined })).actions,
      filterError: parsed.error.issues[0]?.message ?? "The filters are not valid",
    };
  }
  const result = await listAuditEvents(scope, parsed.data);
  return { ...result, page: parsed.data.page, filterError: null };
}

/** A CSV download of an audit log, or a 400 saying what is wrong with the filters. */
export async function auditCsvResponse(scope: { initiativeId: string | null }, searchParams: URLSearchParams, filename: string) {
  const parsed = parseAuditFilter(searchParams);
  if (!parsed.success) {
    return new Response(`${parsed.error.issues[0]?.message ?? "The filters are not valid"}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(await auditEventsCsv(scope, parsed.data), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
