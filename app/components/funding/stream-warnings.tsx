import { Link } from "~/components/ui/link";
import { formatPence } from "~/modules/funding/money";
import { formatCalendarDate } from "~/utils/dates";

/** The streams that are overspent or end soon with nothing to continue them, named on the budget page. */
export function StreamWarnings({
  endingSoon,
  overspent,
  base,
  canManage,
}: {
  endingSoon: Array<{ id: string; name: string; endDate: Date }>;
  overspent: Array<{ id: string; name: string; balancePence: number }>;
  base: string;
  canManage: boolean;
}) {
  if (endingSoon.length === 0 && overspent.length === 0) return null;
  return (
    <section aria-labelledby="warnings-heading" className="border-l-4 border-amber-600 bg-amber-50 p-4">
      <h3 id="warnings-heading" className="text-xl font-bold">
        Needs attention
      </h3>
      <ul className="mt-2 space-y-2">
        {overspent.map((s) => (
          <li key={`over-${s.id}`}>
            <span aria-hidden="true">⚠ </span>
            <Link to={`${base}/streams/${s.id}`} className="font-bold text-brand-700 underline">
              {s.name}
            </Link>{" "}
            is overspent by {formatPence(-s.balancePence)}.
          </li>
        ))}
        {endingSoon.map((s) => (
          <li key={`end-${s.id}`}>
            <span aria-hidden="true">⚠ </span>
            <Link to={`${base}/streams/${s.id}`} className="font-bold text-brand-700 underline">
              {s.name}
            </Link>{" "}
            ends on {formatCalendarDate(s.endDate)} and nothing is recorded to continue it. Agree what replaces it, then{" "}
            {canManage ? "record" : "ask the lead or a coordinator to record"} that stream as its successor.
          </li>
        ))}
      </ul>
    </section>
  );
}
