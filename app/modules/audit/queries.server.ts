import type { Prisma } from "~/generated/prisma/client";
import { containsText, prisma } from "~/utils/db.server";
import { parseAuditFilter, type AuditFilter } from "./schema";
import { DAY_MS } from "~/utils/dates";

const AUDIT_PAGE_SIZE = 50;

export function auditWhere(scope: { initiativeId: string | null }, filter: AuditFilter): Prisma.AuditEventWhereInput {
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
