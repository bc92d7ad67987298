import { prisma } from "~/utils/db.server";
import { toCsv } from "~/utils/csv";
import { parseAuditFilter, type AuditFilter } from "./schema";
import { auditWhere } from "./queries.server";

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
