import { toCsv } from "~/utils/csv";
import { toCalendarDateString } from "~/utils/dates";
import { getRegister } from "./queries.server";

/** The register as CSV: one row per role. */
export async function registerCsv(initiativeId: string, today = new Date()) {
  const { roles } = await getRegister(initiativeId, today);
  const header = [
    "role",
    "agency",
    "holder",
    "responsibilities",
    "accountable to",
    "time committed",
    "start date",
    "end date",
    "status",
    "last confirmed",
  ];
  const rows = roles.map((role) => [
    role.title,
    role.agency.name,
    role.holder?.name ?? "vacant",
    role.responsibilities.join("; "),
    role.accountableTo?.title ?? "",
    role.time,
    role.startDate ? toCalendarDateString(role.startDate) : "",
    role.endDate ? toCalendarDateString(role.endDate) : "",
    [role.attention.vacant ? "vacant" : "", role.attention.ended ? "ended" : "", role.attention.awaitingConfirmation ? "awaiting confirmation" : ""]
      .filter(Boolean)
      .join(", ") || "current",
    role.lastConfirmedAt ? toCalendarDateString(role.lastConfirmedAt) : "",
  ]);
  return toCsv([header, ...rows]);
}
