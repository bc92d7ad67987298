import { INITIATIVE_STATUSES, labelOf } from "~/modules/study/study";
import { toCsv } from "~/utils/csv";
import { COUNT_TABLES, healthOf, readAudit, type ActivityFilters } from "./queries.server";

/** Initiatives read at a time for the CSV of them all: a few queries each, and bounded memory. */
const CSV_BATCH = 200;

/** One table of the audit as CSV, for the same filters (never just a page: every initiative). */
export async function activityCsv(filters: ActivityFilters, table: string, now = new Date()): Promise<string | null> {
  if (table === "initiatives") {
    const { across } = await readAudit(filters, now);
    const rows: string[][] = [
      [
        "Initiative",
        "Status",
        "Agency combination",
        "Members",
        "Members by agency",
        "Meetings in the last 12 months",
        "Cash budget (£)",
        "Balance (£)",
        "Months of funding left",
        "Money runs out",
        "Latest self-assessment",
        "Strengths",
        "To discuss",
        "Concerns",
      ],
    ];
    for (let skip = 0; ; skip += CSV_BATCH) {
      const batch = await healthOf(filters, { skip, take: CSV_BATCH }, across, now, { keep: false });
      for (const h of batch) {
        rows.push([
          h.name,
          labelOf(INITIATIVE_STATUSES, h.status),
          h.combination,
          String(h.memberCount),
          h.members.map((m) => `${m.agency}: ${m.count}`).join("; "),
          String(h.meetingsLastYear),
          (h.cashPence / 100).toFixed(2),
          (h.balancePence / 100).toFixed(2),
          h.monthsLeft === null ? "" : String(h.monthsLeft),
          h.runOut ?? "No funding recorded",
          h.assessment?.title ?? "None closed",
          h.assessment ? String(h.assessment.bands.strength) : "",
          h.assessment ? String(h.assessment.bands.discuss) : "",
          h.assessment ? String(h.assessment.bands.concern) : "",
        ]);
      }
      if (batch.length < CSV_BATCH) break;
    }
    return toCsv(rows);
  }
  if (!(COUNT_TABLES as readonly string[]).includes(table) && !["factors", "challenges", "benefits"].includes(table)) return null;
  const data = (await readAudit(filters, now)).summary;
  const counts = data.tables.find((t) => t.id === table);
  if (counts) return toCsv([[counts.title, "Initiatives"], ...counts.rows.map((r) => [r.label, String(r.count)])]);
  if (table === "factors") {
    return toCsv([
      ["Success factor", "Mean across initiatives", "Band", "Initiatives", ...data.combinations.map((c) => `Mean: ${c.label}`)],
      ...data.factors.map((f) => [
        f.label,
        f.mean === null ? "" : f.mean.toFixed(1),
        f.bandLabel,
        String(f.initiatives),
        ...data.combinations.map((c) => f.byCombination[c.key]?.mean?.toFixed(1) ?? ""),
      ]),
    ]);
  }
  if (table === "challenges") {
    return toCsv([
      ["Challenge", "Initiatives rating it significant or major", "Initiatives answering", "Mean severity (0 none to 3 major)"],
      ...data.challenges.map((c) => [c.label, String(c.serious), String(c.initiatives), c.score?.toFixed(1) ?? ""]),
    ]);
  }
  return toCsv([
    ["Benefit", "Initiatives reporting it", "Members reporting it"],
    ...data.benefits.map((b) => [b.label, String(b.initiatives), String(b.respondents)]),
  ]);
}
