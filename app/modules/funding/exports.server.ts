import { toCsv } from "~/utils/csv";
import { prisma } from "~/utils/db.server";
import { calendarToday, financialYearLabel, toCalendarDateString } from "~/utils/dates";
import { penceToPoundsText } from "./money";
import { getBudget, spendingSelect, userNames } from "./queries.server";

/**
 * The funding records as CSV: one row per funding stream, then one per in-kind contribution.
 * Amounts are plain numbers of pounds ("1234.50") so a spreadsheet can add them up.
 */
export async function fundingCsv(initiativeId: string, today = calendarToday()) {
  const budget = await getBudget(initiativeId, today, { spendingList: false });
  const header = [
    "record",
    "name or description",
    "type",
    "agency or funder",
    "status",
    "start date",
    "end date",
    "total (£)",
    "by financial year",
    "conditions",
    "continued by",
    "spent (£)",
    "balance (£)",
    "money runs out",
    "FTE",
    "how it was valued",
  ];
  const streams = budget.streams.map((s) => [
    "funding stream",
    s.name,
    s.typeLabel,
    s.outsideFunder ? `${s.contributor} (outside funder)` : s.contributor,
    s.statusLabel,
    toCalendarDateString(s.startDate),
    toCalendarDateString(s.endDate),
    penceToPoundsText(s.totalPence),
    s.amounts.map((a) => `${financialYearLabel(a.financialYear)}: ${penceToPoundsText(a.amountPence)}`).join("; "),
    s.conditions ?? "",
    s.successor?.name ?? "",
    penceToPoundsText(s.spentPence),
    penceToPoundsText(s.balancePence),
    s.runOut.headline,
    "",
    "",
  ]);
  const inKind = budget.inKind.map((c) => [
    "in-kind contribution",
    c.description,
    c.kindLabel,
    c.agency.name,
    c.statusLabel,
    toCalendarDateString(c.startDate),
    toCalendarDateString(c.endDate),
    penceToPoundsText(c.valuePence),
    "",
    "",
    "",
    "",
    "",
    "",
    c.fteHundredths === null ? "" : String(c.fteHundredths / 100),
    c.valuationMethod,
  ]);
  return toCsv([header, ...streams, ...inKind]);
}

/** Every spending of the initiative as CSV, oldest first. */
export async function spendingCsv(initiativeId: string) {
  const spending = await prisma.expenditure.findMany({
    where: { stream: { initiativeId } },
    select: { ...spendingSelect, stream: { select: { name: true, funderName: true, agency: { select: { name: true } } } } },
    orderBy: [{ spentOn: "asc" }, { createdAt: "asc" }],
  });
  const names = await userNames(spending.map((s) => s.createdById));
  const header = [
    "date",
    "funding stream",
    "agency or funder",
    "amount (£)",
    "category",
    "description",
    "approved by",
    "recorded by",
    "recorded at (UTC)",
  ];
  const rows = spending.map((s) => [
    toCalendarDateString(s.spentOn),
    s.stream.name,
    s.stream.agency?.name ?? `${s.stream.funderName} (outside funder)`,
    penceToPoundsText(s.amountPence),
    s.category,
    s.description,
    s.approvedBy,
    names.get(s.createdById) ?? "a former member",
    s.createdAt.toISOString(),
  ]);
  return toCsv([header, ...rows]);
}
