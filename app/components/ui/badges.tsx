import { INITIATIVE_STATUSES, labelOf } from "~/modules/study/study";
import { ROLE_LABELS, isInitiativeRole } from "~/utils/policy";

export function StatusTag({ status }: { status: string }) {
  const colours: Record<string, string> = {
    active: "bg-green-100 text-green-900",
    paused: "bg-amber-100 text-amber-900",
    closed: "bg-slate-200 text-slate-800",
  };
  return (
    <span className={`inline-block px-2 py-0.5 text-sm font-bold uppercase tracking-wide ${colours[status] ?? ""}`}>
      {labelOf(INITIATIVE_STATUSES, status)}
    </span>
  );
}

export function RoleTag({ role }: { role: string }) {
  return (
    <span className="inline-block bg-brand-100 px-2 py-0.5 text-sm font-bold text-brand-800">
      {isInitiativeRole(role) ? ROLE_LABELS[role] : role}
    </span>
  );
}
