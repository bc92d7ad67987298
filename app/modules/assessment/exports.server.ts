import { toCsv } from "~/utils/csv";
import { CHALLENGE_SEVERITIES } from "~/modules/study/study";
import { type InitiativeAccess } from "~/utils/policy.server";
import { BAND_LABELS } from "./aggregate";
import { type CsvPart } from "./schema";
import { getRoundResults } from "./queries.server";

/** A round's results as CSV downloads: aggregates only, never an individual answer. */

const fixed = (value: number | null | undefined) => (value === null || value === undefined ? "" : value.toFixed(1));
const signed = (value: number | null) => (value === null ? "" : `${value > 0 ? "+" : ""}${value.toFixed(1)}`);

/**
 * A round's aggregated results as CSV: one part at a time (factors, agencies, challenges,
 * benefits). Never an individual answer. Null when the viewer may not see results yet.
 */
export async function roundCsv(access: InitiativeAccess, roundId: string, part: CsvPart, now = new Date()) {
  const page = await getRoundResults(access, roundId, now);
  if (!page) return null;
  const { results } = page;
  if (!results) {
    const message = !page.visible
      ? `${page.submittedCount} of ${page.respondentCount} members have answered so far. Results are shown to everyone when the round closes, and to nobody before.`
      : `${page.submittedCount} ${page.submittedCount === 1 ? "response" : "responses"}: too few to show results, which need at least ${page.minimum}.`;
    return toCsv([["message"], [message]]);
  }
  if (part === "agencies") {
    const groups = results.comparison.groups;
    const header = ["factor", ...groups.map((g) => `${g.label} (${g.respondents} respondents) mean`), "gap between agencies", "agencies disagree"];
    const rows = results.comparison.factors.map((f) => [
      f.label,
      ...groups.map((g) => fixed(f.byGroup[g.key]?.mean)),
      fixed(f.gap),
      f.disagreement ? "yes" : "no",
    ]);
    return toCsv([header, ...rows]);
  }
  if (part === "challenges") {
    const header = ["challenge", "mean severity (0 none to 3 major)", "answered", ...CHALLENGE_SEVERITIES.map((s) => s.label)];
    const rows = results.challenges.map((c) => [
      c.label,
      fixed(c.score),
      String(c.answered),
      ...CHALLENGE_SEVERITIES.map((s) => String(c.counts[s.key])),
    ]);
    return toCsv([header, ...rows]);
  }
  if (part === "benefits") {
    const header = ["benefit", "members who reported it", "examples"];
    const rows = results.benefits.map((b) => [b.label, String(b.count), b.examples.join(" | ")]);
    return toCsv([header, ...rows]);
  }
  const header = [
    "factor",
    "statement",
    "mean (1 to 5)",
    "band",
    "rated",
    "don't know",
    "lowest",
    "highest",
    "standard deviation",
    "rated 1",
    "rated 2",
    "rated 3",
    "rated 4",
    "rated 5",
    "stressed by the study",
    results.previous ? `change since ${results.previous.title}` : "change since the previous round",
    "indicator from the portal's records",
    "how the indicator was worked out",
    "evidence and perception",
  ];
  const rows = results.factors.map((f) => [
    f.label,
    f.statement,
    fixed(f.mean),
    f.band ? BAND_LABELS[f.band] : "",
    String(f.rated),
    String(f.dontKnow),
    f.spread ? String(f.spread.min) : "",
    f.spread ? String(f.spread.max) : "",
    f.spread ? fixed(f.spread.sd) : "",
    ...f.distribution.map(String),
    f.stressed === "all" ? "for every partnership" : f.stressed === "combination" ? `for ${results.combination.toLowerCase()}` : "",
    signed(f.change),
    f.indicator ? `${f.indicator.title}: ${f.indicator.value}` : "",
    f.indicator?.howComputed ?? "",
    f.evidenceNote?.message ?? "",
  ]);
  return toCsv([header, ...rows]);
}
