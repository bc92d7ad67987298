import { Form } from "@remix-run/react";
import { PersonName, useInitiativePeople } from "~/components/person-name";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { ACTION_STATUSES } from "~/modules/meetings/schema";
import { formatCalendarDate } from "~/utils/dates";

/**
 * An action's owner as the initiative names them, and the agency the action is for when that is
 * not the one they represent; outside an initiative's pages (My actions), the name and the agency.
 */
export function ActionOwner({ action }: { action: { ownerId: string; owner: { name: string }; agency: { name: string } } }) {
  const owner = useInitiativePeople()(action.ownerId);
  if (!owner)
    return (
      <>
        {action.owner.name} <span className="text-slate-600">({action.agency.name})</span>
      </>
    );
  return (
    <>
      <PersonName person={owner} />
      {owner.agencyName !== action.agency.name ? <span className="text-slate-600"> for {action.agency.name}</span> : null}
    </>
  );
}

/** Actions with owner, agency and due date; their owner (or a lead) changes the status in place. */
export function ActionTable({
  actions,
  meId,
  canEdit,
}: {
  actions: Array<{
    id: string;
    title: string;
    dueDate: string | Date;
    status: string;
    ownerId: string;
    owner: { name: string };
    agency: { name: string };
  }>;
  meId: string;
  canEdit: boolean;
}) {
  const today = new Date();
  return (
    <Table>
      <TableHead>
        <ColumnHeader>Action</ColumnHeader>
        <ColumnHeader>Owner</ColumnHeader>
        <ColumnHeader>Due</ColumnHeader>
        <ColumnHeader>Status</ColumnHeader>
      </TableHead>
      <tbody>
        {actions.map((a) => {
          const overdue = a.status === "open" && new Date(a.dueDate) < today;
          return (
            <TableRow key={a.id}>
              <RowHeader>{a.title}</RowHeader>
              <Cell>
                <ActionOwner action={a} />
              </Cell>
              <Cell className={overdue ? "font-bold text-red-700" : ""}>
                {formatCalendarDate(a.dueDate)}
                {overdue ? " (overdue)" : ""}
              </Cell>
              <Cell>
                {canEdit || a.ownerId === meId ? (
                  <Form method="post" className="flex items-center gap-2">
                    <input type="hidden" name="intent" value="action-status" />
                    <input type="hidden" name="actionId" value={a.id} />
                    <label htmlFor={`status-${a.id}`} className="sr-only">
                      Status of {a.title}
                    </label>
                    <select id={`status-${a.id}`} name="status" defaultValue={a.status} className="border-2 border-slate-800 bg-white px-2 py-1">
                      {ACTION_STATUSES.map((s) => (
                        <option key={s.key} value={s.key}>
                          {s.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="border-2 border-slate-700 px-2 py-1 text-sm font-bold">
                      Update<span className="sr-only"> {a.title}</span>
                    </button>
                  </Form>
                ) : (
                  ACTION_STATUSES.find((s) => s.key === a.status)?.label
                )}
              </Cell>
            </TableRow>
          );
        })}
      </tbody>
    </Table>
  );
}
