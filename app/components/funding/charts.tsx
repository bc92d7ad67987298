import { formatShare } from "~/modules/funding/funding";

/**
 * Bar charts drawn with CSS, no chart library. The bars only repeat figures that are also in a
 * table beside them, so they are hidden from screen readers; each row's words stay readable.
 * In-kind is striped as well as lighter, so it differs from cash by more than colour.
 */
const CASH = "bg-brand-700";
const IN_KIND_STYLE = {
  backgroundImage: "repeating-linear-gradient(135deg, #0b6e6e 0 3px, #ffffff 3px 7px)",
} as const;

function ChartLegend() {
  return (
    <p className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
      <span className="flex items-center gap-2">
        <span aria-hidden="true" className={`inline-block size-4 ${CASH}`} />
        Cash
      </span>
      <span className="flex items-center gap-2">
        <span aria-hidden="true" className="inline-block size-4 border border-brand-700" style={IN_KIND_STYLE} />
        In-kind (staff time, premises, equipment)
      </span>
    </p>
  );
}

/** Each contributor's share of everything committed, as a bar split into cash and in-kind. */
export function ShareChart({
  contributors,
  totalPence,
  labelledBy,
}: {
  contributors: ReadonlyArray<{ key: string; name: string; cashPence: number; inKindPence: number; sharePermille: number; outsideFunder: boolean }>;
  totalPence: number;
  labelledBy: string;
}) {
  const width = (pence: number) => `${totalPence > 0 ? (pence / totalPence) * 100 : 0}%`;
  return (
    <figure aria-labelledby={labelledBy} className="space-y-3 border border-slate-300 bg-white p-4">
      <ChartLegend />
      <ul className="space-y-3">
        {contributors.map((c) => (
          <li key={c.key}>
            <div className="flex flex-wrap justify-between gap-x-4">
              <span className="font-bold">
                {c.name}
                {c.outsideFunder ? <span className="font-normal text-slate-700"> (outside funder)</span> : null}
              </span>
              <span className="font-bold tabular-nums">{formatShare(c.sharePermille)}</span>
            </div>
            <div aria-hidden="true" className="mt-1 flex h-5 w-full border border-slate-400 bg-slate-50">
              {c.cashPence > 0 ? <div className={`h-full ${CASH}`} style={{ width: width(c.cashPence) }} /> : null}
              {c.inKindPence > 0 ? <div className="h-full" style={{ ...IN_KIND_STYLE, width: width(c.inKindPence) }} /> : null}
            </div>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** How much of a stream is spent: a short bar beside the figure; red and full when overspent. */
export function SpentBar({ spentPermille }: { spentPermille: number }) {
  const over = spentPermille > 1000;
  return (
    <span aria-hidden="true" className="mt-1 block h-2.5 w-28 border border-slate-500 bg-white">
      <span
        className={`block h-full ${over ? "bg-red-700" : spentPermille >= 900 ? "bg-amber-600" : "bg-brand-700"}`}
        style={{ width: `${Math.min(100, spentPermille / 10)}%` }}
      />
    </span>
  );
}
