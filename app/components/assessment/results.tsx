import type { ReactNode } from "react";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { Tag, type TagTone } from "~/components/ui/tag";
import {
  type AgencyComparison,
  BAND_LABELS,
  type Band,
  type CountedBenefit,
  DISAGREEMENT_GAP,
  type RankedChallenge,
} from "~/modules/assessment/aggregate";
import type { Indicator } from "~/modules/assessment/indicators";
import { CHALLENGE_SEVERITIES } from "~/modules/study/study";
import { formatCalendarDate, formatDateTime } from "~/utils/dates";

/**
 * The self-assessment's results: bands, the agencies side by side (chart and table), the trend,
 * challenges and benefits. Charts are inline SVG drawn here (no chart library); each has a text
 * alternative and its figures are in a table beside it. Colour never carries meaning alone.
 */

/** When a round closed: the moment a lead closed it early, or the end of its closing day. */
export function closedText(round: { closedEarly: boolean; endedAt: Date | string; closesOn: Date | string }) {
  return round.closedEarly ? formatDateTime(round.endedAt) : `the end of ${formatCalendarDate(round.closesOn)}`;
}

export const formatMean = (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toFixed(1));

export function formatChange(value: number | null | undefined) {
  if (value === null || value === undefined) return "–";
  if (value === 0) return "no change";
  return `${value > 0 ? "up" : "down"} ${Math.abs(value).toFixed(1)}`;
}

const BAND_TONES: Record<Band, TagTone> = { strength: "success", discuss: "warn", concern: "danger" };

export function BandTag({ band }: { band: Band | null }) {
  if (!band) return <span className="text-slate-700">Not rated</span>;
  return (
    <Tag tone={BAND_TONES[band]} bordered uppercase className="whitespace-nowrap">
      {BAND_LABELS[band]}
    </Tag>
  );
}

export function StressedTag({ stressed, combination }: { stressed: "all" | "combination" | null; combination: string }) {
  if (!stressed) return null;
  return (
    <Tag tone="brand" bordered>
      {stressed === "all" ? "Key for every partnership" : `Key for ${combination.toLowerCase()}`}
    </Tag>
  );
}

export function BandLegend() {
  return (
    <p className="text-base text-slate-700">
      Bands: <strong>strength</strong> 4.0 and above; <strong>to discuss</strong> 3.0 to 3.9; <strong>concern</strong> below 3.0.
    </p>
  );
}

const SIGNAL_TEXT: Record<Indicator["signal"], string> = { strong: "Looks strong", weak: "Looks weak", neutral: "Neither strong nor weak" };
const SIGNAL_STYLE: Record<Indicator["signal"], string> = {
  strong: "border-green-800",
  weak: "border-red-700",
  neutral: "border-slate-500",
};

/** An indicator from the portal's records, beside a factor's score. */
export function IndicatorBox({ indicator, note }: { indicator: Indicator; note: { message: string } | null }) {
  return (
    <div className={`space-y-1 border-l-4 bg-slate-50 p-3 ${SIGNAL_STYLE[indicator.signal]}`}>
      <p className="text-sm font-bold uppercase tracking-wide text-slate-700">From the portal&apos;s records</p>
      <p>
        <span className="font-bold">{indicator.title}:</span> {indicator.value}{" "}
        <span className="text-slate-700">({SIGNAL_TEXT[indicator.signal].toLowerCase()})</span>
      </p>
      <details>
        <summary className="cursor-pointer text-brand-700 underline">How this was worked out</summary>
        <p className="mt-1">{indicator.howComputed}</p>
      </details>
      {note ? (
        <p className="border-l-4 border-amber-600 bg-white p-2 font-bold text-amber-900">
          <span className="sr-only">Evidence and perception differ: </span>
          {note.message}
        </p>
      ) : null}
    </div>
  );
}

// ─── Agencies side by side ───────────────────────────────────────────────────────────────────

/** Bar colours for agency groups; every bar is also labelled with its group's name and value. */
const GROUP_COLOURS = ["#075656", "#9a3412", "#5b21b6", "#1d4ed8", "#3f6212", "#4b5563"] as const;

/** A horizontal bar chart of each factor's mean by agency group, 0 to 5, with the bands marked. */
export function AgencyChart({ comparison, titleId }: { comparison: AgencyComparison; titleId: string }) {
  const groups = comparison.groups.filter((g) => !g.suppressed);
  const nameWidth = 290;
  const scaleWidth = 360;
  const left = nameWidth + 10;
  const barHeight = 16;
  const gap = 3;
  const factorGap = 18;
  const headerHeight = 20;
  const top = 28;
  const x = (value: number) => left + (value / 5) * scaleWidth;
  let y = top;
  const rows = comparison.factors.map((factor) => {
    const start = y;
    y += headerHeight + groups.length * (barHeight + gap) + factorGap;
    return { factor, start };
  });
  const height = y;
  const width = left + scaleWidth + 50;
  const disagreements = comparison.factors.filter((f) => f.disagreement).map((f) => f.label);
  const description = `Each success factor's mean rating, from 0 to 5, for ${groups.map((g) => g.label).join(", ")}. ${
    disagreements.length > 0 ? `Agencies disagree on: ${disagreements.join("; ")}.` : "No factor has agencies two or more points apart."
  } The same figures are in the table.`;
  return (
    <figure className="border border-slate-300 bg-white p-3">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={titleId}
        aria-describedby={`${titleId}-desc`}
        className="max-w-3xl"
      >
        <desc id={`${titleId}-desc`}>{description}</desc>
        {[0, 1, 2, 3, 4, 5].map((tick) => (
          <g key={tick}>
            <line
              x1={x(tick)}
              x2={x(tick)}
              y1={top - 6}
              y2={height - factorGap}
              stroke={tick === 3 || tick === 4 ? "#1f2937" : "#cbd5e1"}
              strokeDasharray={tick === 3 || tick === 4 ? "4 3" : undefined}
            />
            <text x={x(tick)} y={top - 10} textAnchor="middle" fontSize="12" fill="#1f2937">
              {tick}
            </text>
          </g>
        ))}
        {rows.map(({ factor, start }) => (
          <g key={factor.factorKey}>
            <text x={0} y={start + 14} fontSize="14" fontWeight="bold" fill="#0f172a">
              {factor.label}
              {factor.disagreement ? ` – agencies disagree (${formatMean(factor.gap)} apart)` : ""}
            </text>
            {groups.map((group, index) => {
              const value = factor.byGroup[group.key]?.mean ?? null;
              const barY = start + headerHeight + index * (barHeight + gap);
              return (
                <g key={group.key}>
                  <text x={nameWidth} y={barY + barHeight - 4} textAnchor="end" fontSize="12" fill="#1f2937">
                    {group.label.length > 44 ? `${group.label.slice(0, 43)}…` : group.label}
                  </text>
                  {value !== null ? (
                    <rect
                      x={left}
                      y={barY}
                      width={Math.max(1, x(value) - left)}
                      height={barHeight}
                      fill={GROUP_COLOURS[index % GROUP_COLOURS.length]}
                    />
                  ) : null}
                  <text x={value !== null ? x(value) + 4 : left + 4} y={barY + barHeight - 4} fontSize="12" fill="#0f172a">
                    {value !== null ? formatMean(value) : "not rated"}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption className="mt-2 text-sm text-slate-700">Dashed lines mark the bands: below 3.0 a concern, 4.0 and above a strength.</figcaption>
    </figure>
  );
}

/** The agencies side by side as a table, with disagreements marked in words. */
export function AgencyTable({ comparison, caption }: { comparison: AgencyComparison; caption: string }) {
  const groups = comparison.groups;
  return (
    <Table caption={caption}>
      <TableHead align="bottom">
        <ColumnHeader>Success factor</ColumnHeader>
        {groups.map((g) => (
          <ColumnHeader key={g.key} numeric>
            {g.label}
            <span className="block text-sm font-normal text-slate-700">{g.respondents} respondents</span>
          </ColumnHeader>
        ))}
        <ColumnHeader>Agencies agree?</ColumnHeader>
      </TableHead>
      <tbody>
        {comparison.factors.map((f) => (
          <TableRow key={f.factorKey} className={f.disagreement ? "bg-amber-50" : ""}>
            <RowHeader>{f.label}</RowHeader>
            {groups.map((g) => {
              const cell = f.byGroup[g.key];
              return (
                <Cell key={g.key} numeric>
                  {cell ? formatMean(cell.mean) : "hidden"}
                </Cell>
              );
            })}
            <Cell>
              {f.disagreement ? (
                <strong className="text-amber-900">Disagree: {formatMean(f.gap)} points apart</strong>
              ) : f.gap === null ? (
                "–"
              ) : (
                `Within ${formatMean(f.gap)}`
              )}
            </Cell>
          </TableRow>
        ))}
      </tbody>
    </Table>
  );
}

export function MergingNote({ comparison }: { comparison: AgencyComparison }) {
  const merged = comparison.groups.find((g) => g.key === "other");
  return (
    <p className="max-w-3xl text-slate-700">
      Agencies are shown on their own only with at least three respondents.{" "}
      {merged
        ? `“Other agencies” brings together the rest (${merged.respondents} respondents), so that no one's answers can be picked out.`
        : "Every agency here has three or more."}{" "}
      Agencies disagree on a factor when their means are {DISAGREEMENT_GAP} or more points apart.
    </p>
  );
}

// ─── Trend ───────────────────────────────────────────────────────────────────────────────────

/**
 * A small line of a factor's mean over rounds, with a text alternative. Its scale spans the
 * means shown, half a point either side (at least a point and a half in all, within 1 to 5), so
 * a change of a few tenths can be seen; the dashed lines mark 3.0 and 4.0 when they are in view.
 */
function Sparkline({ label, points }: { label: string; points: ReadonlyArray<{ title: string; mean: number | null }> }) {
  const width = 120;
  const height = 40;
  const means = points.map((p) => p.mean).filter((m): m is number => m !== null);
  let low = Math.max(1, Math.min(...means, 5) - 0.5);
  let high = Math.min(5, Math.max(...means, 1) + 0.5);
  if (high - low < 1.5) {
    const middle = (high + low) / 2;
    low = Math.max(1, middle - 0.75);
    high = Math.min(5, low + 1.5);
    low = Math.max(1, high - 1.5);
  }
  const step = points.length > 1 ? (width - 8) / (points.length - 1) : 0;
  const y = (mean: number) => height - 4 - ((mean - low) / (high - low)) * (height - 8);
  const drawn = points.map((p, i) => ({ x: 4 + i * step, mean: p.mean }));
  const path = drawn
    .filter((p) => p.mean !== null)
    .map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${y(p.mean!).toFixed(1)}`)
    .join(" ");
  const alt = `${label}: ${points.map((p) => `${p.title} ${formatMean(p.mean)}`).join(", then ")}`;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={alt}>
      {[3, 4]
        .filter((band) => band > low && band < high)
        .map((band) => (
          <line key={band} x1={0} x2={width} y1={y(band)} y2={y(band)} stroke="#94a3b8" strokeDasharray="3 3" />
        ))}
      <path d={path} fill="none" stroke="#075656" strokeWidth="2" />
      {drawn.map((p, i) => (p.mean !== null ? <circle key={i} cx={p.x} cy={y(p.mean)} r="3" fill="#075656" /> : null))}
    </svg>
  );
}

export function TrendTable({
  trend,
  caption,
}: {
  trend: ReadonlyArray<{ factorKey: string; label: string; points: ReadonlyArray<{ roundId: string; title: string; mean: number | null }> }>;
  caption: string;
}) {
  const rounds = trend[0]?.points ?? [];
  return (
    <Table caption={caption}>
      <TableHead align="bottom">
        <ColumnHeader>Success factor</ColumnHeader>
        {rounds.map((r) => (
          <ColumnHeader key={r.roundId} numeric>
            {r.title}
          </ColumnHeader>
        ))}
        <ColumnHeader>Trend</ColumnHeader>
      </TableHead>
      <tbody>
        {trend.map((line) => (
          <TableRow key={line.factorKey}>
            <RowHeader>{line.label}</RowHeader>
            {line.points.map((p) => (
              <Cell key={p.roundId} numeric>
                {formatMean(p.mean)}
              </Cell>
            ))}
            <Cell>
              <Sparkline label={line.label} points={line.points} />
            </Cell>
          </TableRow>
        ))}
      </tbody>
    </Table>
  );
}

// ─── Challenges and benefits ─────────────────────────────────────────────────────────────────

export function ChallengesTable({ challenges, caption }: { challenges: readonly RankedChallenge[]; caption: string }) {
  return (
    <Table caption={caption}>
      <TableHead align="bottom">
        <ColumnHeader>Challenge, most severe first</ColumnHeader>
        <ColumnHeader numeric>
          Severity
          <span className="block text-sm font-normal text-slate-700">0 none to 3 major</span>
        </ColumnHeader>
        {CHALLENGE_SEVERITIES.map((s) => (
          <ColumnHeader key={s.key} numeric>
            {s.label}
          </ColumnHeader>
        ))}
      </TableHead>
      <tbody>
        {challenges.map((c) => (
          <TableRow key={c.challengeKey}>
            <RowHeader>
              {c.label}
              <span aria-hidden="true" className="mt-1 block h-2 w-32 border border-slate-400 bg-white">
                <span className="block h-full bg-red-700" style={{ width: `${((c.score ?? 0) / 3) * 100}%` }} />
              </span>
            </RowHeader>
            <Cell numeric className="font-bold">
              {formatMean(c.score)}
            </Cell>
            {CHALLENGE_SEVERITIES.map((s) => (
              <Cell key={s.key} numeric>
                {c.counts[s.key]}
              </Cell>
            ))}
          </TableRow>
        ))}
      </tbody>
    </Table>
  );
}

export function BenefitsList({ benefits, respondents }: { benefits: readonly CountedBenefit[]; respondents: number }) {
  return (
    <ul className="space-y-4">
      {benefits.map((b) => (
        <li key={b.benefitKey} className="border-l-4 border-green-700 bg-white p-3">
          <p>
            <span className="font-bold">{b.label}</span>: {b.count} of {respondents} respondents
          </p>
          {b.examples.length > 0 ? (
            <ul className="mt-1 list-disc pl-6 text-slate-800">
              {b.examples.map((example, i) => (
                <li key={i}>{example}</li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function Section({ id, title, children, intro }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-4">
      <h3 id={`${id}-heading`} className="text-xl font-bold">
        {title}
      </h3>
      {intro}
      {children}
    </section>
  );
}
