import { Tag, type TagTone } from "~/components/ui/tag";
import { INITIATIVE_STATUSES, labelOf } from "~/modules/study/study";
import { ROLE_LABELS, isInitiativeRole } from "~/utils/policy";

const STATUS_TONES: Record<string, TagTone> = { active: "success", paused: "warn", closed: "plain" };

export function StatusTag({ status }: { status: string }) {
  return (
    <Tag tone={STATUS_TONES[status] ?? "plain"} uppercase>
      {labelOf(INITIATIVE_STATUSES, status)}
    </Tag>
  );
}

export function RoleTag({ role }: { role: string }) {
  return <Tag tone="brand">{isInitiativeRole(role) ? ROLE_LABELS[role] : role}</Tag>;
}
