import { prisma } from "~/utils/db.server";
import { onceThisRequest } from "~/utils/request-memo.server";

/**
 * Readings kept between requests until the data behind them changes (decision 016).
 *
 * The database keeps a version per scope in the DataVersion table, and its triggers add one to
 * it in the same transaction as every insert, update and delete of the scope's tables (the
 * migration "data_versions" lists them). A reading is kept with the version it was read at and
 * answered again only while the version is the same, so a change made through any instance, by
 * any code path, is seen by the next request on every instance. The version is read before the
 * data, so a kept reading is never older than its version.
 *
 * Scopes:
 * - "audit": Initiative, InitiativeRationale, InitiativeAgency, Agency, AssessmentRound,
 *   AssessmentResponse, FactorRating, ChallengeRating, BenefitReport (what the audit of activity
 *   reads across every initiative, and a round's responses and results).
 * - "funding": FundingStream, FundingAmount, Expenditure, InKindContribution, Agency,
 *   InitiativeAgency, and the name of a User or their removal (what a budget shows).
 */
export type DataScope = "audit" | "funding";

/** Readings kept per scope, each under its own key, the least recently used dropped first. */
const MAX_READINGS: Record<DataScope, number> = { audit: 500, funding: 500 };

type Reading = { version: number; from: number; until: number; value: unknown };
const kept: Record<DataScope, Map<string, Reading>> = { audit: new Map(), funding: new Map() };

/** The scope's version now (one query, shared by the loaders of a request), or null if the database has none. */
export function dataVersion(scope: DataScope): Promise<number | null> {
  return onceThisRequest(`data-version:${scope}`, async () => {
    const row = await prisma.dataVersion.findUnique({ where: { scope }, select: { version: true } });
    return row?.version ?? null;
  });
}

/**
 * `read()`'s value for `key`, kept until the scope's data changes or time reaches its `until`
 * (for what changes with time alone, such as a round reaching its closing day). Readings are
 * answered only for a `now` within [the `now` they were read at, `until`). Without a version in
 * the database, every call reads.
 */
export async function keptWhileUnchanged<T>(
  scope: DataScope,
  key: string,
  now: Date,
  read: () => Promise<{ value: T; until: Date | null }>,
): Promise<T> {
  const version = await dataVersion(scope);
  const readings = kept[scope];
  const at = now.getTime();
  const found = readings.get(key);
  if (version !== null && found && found.version === version && at >= found.from && at < found.until) {
    readings.delete(key);
    readings.set(key, found);
    return found.value as T;
  }

  const { value, until } = await read();
  if (version !== null) {
    readings.delete(key);
    if (readings.size >= MAX_READINGS[scope]) readings.delete(readings.keys().next().value!);
    readings.set(key, { version, from: at, until: until?.getTime() ?? Infinity, value });
  }
  return value;
}
