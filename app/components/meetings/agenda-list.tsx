import { Form, useFetcher, useSearchParams } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { useState } from "react";
import { useInitiativePeople } from "~/components/person-name";
import { AGENDA_ITEM_TYPES } from "~/modules/meetings/schema";

type Item = {
  id: string;
  title: string;
  type: string;
  minutesAllowed: number | null;
  notes: string | null;
  ownerId: string | null;
  owner: { name: string } | null;
};

const typeLabel = (type: string) => AGENDA_ITEM_TYPES.find((t) => t.key === type)?.label ?? type;

/**
 * The agenda in order. Editors reorder it by dragging, or without dragging by the Move up and
 * Move down buttons (which also work with no JavaScript).
 */
export function AgendaList({ items, canEdit }: { items: Item[]; canEdit: boolean }) {
  const fetcher = useFetcher();
  const personNamed = useInitiativePeople();
  // Removing asks first: "?remove=<id>" shows the question beside the item (no script needed).
  const [searchParams] = useSearchParams();
  const confirming = searchParams.get("remove");
  const [order, setOrder] = useState(items.map((i) => i.id));
  const [dragging, setDragging] = useState<string | null>(null);
  // Follow the server's order whenever it changes (after a move, an addition, a removal).
  const serverOrder = items.map((i) => i.id).join(",");
  const [seen, setSeen] = useState(serverOrder);
  if (seen !== serverOrder) {
    setSeen(serverOrder);
    setOrder(items.map((i) => i.id));
  }
  const byId = new Map(items.map((i) => [i.id, i]));
  const shown = order.map((id) => byId.get(id)).filter((i): i is Item => Boolean(i));
  let clock = 0;
  return (
    <ol className="space-y-2">
      {shown.map((item, index) => {
        const from = clock;
        clock += item.minutesAllowed ?? 0;
        return (
          <li
            key={item.id}
            draggable={canEdit}
            onDragStart={() => setDragging(item.id)}
            onDragOver={(event) => {
              if (!dragging || dragging === item.id) return;
              event.preventDefault();
              const next = order.filter((id) => id !== dragging);
              next.splice(next.indexOf(item.id) + (order.indexOf(dragging) < order.indexOf(item.id) ? 1 : 0), 0, dragging);
              setOrder(next);
            }}
            onDragEnd={() => {
              setDragging(null);
              fetcher.submit({ intent: "agenda-reorder", order: order.join(",") }, { method: "post" });
            }}
            className={`flex flex-wrap items-start justify-between gap-3 border border-slate-300 bg-white p-3 ${canEdit ? "cursor-grab" : ""} ${dragging === item.id ? "opacity-60" : ""}`}
          >
            <div>
              <p className="font-bold">
                {index + 1}. {item.title}
              </p>
              <p className="text-sm text-slate-700">
                {typeLabel(item.type)}
                {item.owner ? ` · led by ${personNamed(item.ownerId)?.label ?? item.owner.name}` : ""}
                {item.minutesAllowed ? ` · ${item.minutesAllowed} min (from ${from} to ${clock} min)` : ""}
              </p>
              {item.notes ? <p className="mt-1 whitespace-pre-line">{item.notes}</p> : null}
            </div>
            {canEdit ? (
              <div className="flex flex-wrap gap-2">
                <Form method="post">
                  <input type="hidden" name="intent" value="agenda-move" />
                  <input type="hidden" name="itemId" value={item.id} />
                  <input type="hidden" name="direction" value="up" />
                  <button
                    type="submit"
                    disabled={index === 0}
                    className="border-2 border-slate-700 px-2 py-1 text-sm font-bold disabled:opacity-40"
                    aria-label={`Move up: ${item.title}`}
                  >
                    Move up
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="agenda-move" />
                  <input type="hidden" name="itemId" value={item.id} />
                  <input type="hidden" name="direction" value="down" />
                  <button
                    type="submit"
                    disabled={index === shown.length - 1}
                    className="border-2 border-slate-700 px-2 py-1 text-sm font-bold disabled:opacity-40"
                    aria-label={`Move down: ${item.title}`}
                  >
                    Move down
                  </button>
                </Form>
                {confirming === item.id ? null : (
                  <Link
                    to={`?remove=${item.id}`}
                    preventScrollReset
                    className="px-2 py-1 text-sm text-red-700 underline"
                    aria-label={`Remove: ${item.title}`}
                  >
                    Remove
                  </Link>
                )}
              </div>
            ) : null}
            {canEdit && confirming === item.id ? (
              <div role="alert" className="w-full border-l-4 border-red-700 bg-red-50 p-3">
                <p className="font-bold">Remove “{item.title}” from the agenda?</p>
                <div className="mt-2 flex flex-wrap items-center gap-4">
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="agenda-remove" />
                    <input type="hidden" name="itemId" value={item.id} />
                    <DangerButton size="small">Yes, remove it</DangerButton>
                  </Form>
                  <Link to="?" preventScrollReset className="text-brand-700 underline">
                    No, keep it
                  </Link>
                </div>
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
