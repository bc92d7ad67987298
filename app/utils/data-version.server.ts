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
 * - "people": Membership (but not when a feed was last read), Agency, InitiativeAgency, and the
 *   name of a User or their removal (who takes part in each initiative, by name).
 * - "meetings": every Meeting (what the audit counts of them across initiatives).
 * - "posts:<initiative id>", one per initiative: its Posts and PostMentions (its updates feed).
 * - "records:<initiative id>", one per initiative: its Meetings and their MeetingAttendance,
 *   ActionItems, RegisterRoles, SharedResponsibilities and their ResponsibilityAssignments.
 * A scope of one initiative has its row from the initiative's first change: until then nothing
 * of it is kept.
 */
export type DataScope = "audit" | "funding" | "meetings" | "people" | `posts:${string}` | `records:${string}`;

/** The stores of kept readings: one per scope, and one for all the scopes of a kind ("posts:…"). */
type Store = "audit" | "funding" | "meetings" | "people" | "posts" | "records";
const storeOf = (scope: DataScope): Store => scope.split(":")[0] as Store;

/** Readings kept per store, each under its own key, the least recently used dropped first. */
const MAX_READINGS: Record<Store, number> = { audit: 500, funding: 500, meetings: 500, people: 500, posts: 500, records: 500 };

type Reading = { versions: Array<number | null>; from: number; until: number; value: unknown };
const kept: Record<Store, Map<string, Reading>> = {
  audit: new Map(),
  funding: new Map(),
  meetings: new Map(),
  people: new Map(),
  posts: new Map(),
  records: new Map(),
};

/** The scope's version now (one query, shared by the loaders of a request), or null if the database has none. */
export function dataVersion(scope: DataScope): Promise<number | null> {
  return onceThisRequest(`data-version:${scope}`, async () => {
    const row = await prisma.dataVersion.findUnique({ where: { scope }, select: { version: true } });
    return row?.version ?? null;
  });
}

type Scopes = DataScope | readonly [DataScope, ...DataScope[]];

/** Several scopes' versions, asked for together (the database client sends them as one query). */
function dataVersions(scopes: readonly DataScope[]) {
  return Promise.all(scopes.map(dataVersion));
}

/**
 * Starts asking for the versions a page's loaders will check, so that they come in one query
 * instead of one per loader that asks at a different moment. Each loader still awaits its own
 * (and sees the error, if the query fails); this call does not wait.
 */
export function askForVersionsTogether(scopes: readonly DataScope[]) {
  dataVersions(scopes).catch(() => undefined);
}

/** The scopes the pages of an initiative keep readings in. */
export const initiativeScopes = (initiativeId: string): DataScope[] => [
  "audit",
  "funding",
  "people",
  `posts:${initiativeId}`,
  `records:${initiativeId}`,
];

/**
 * `read()`'s value for `key`, kept until the data of its scope (or of any of its scopes) changes
 * or time reaches its `until` (for what changes with time alone, such as a round reaching its
 * closing day). Readings are answered only for a `now` within [the `now` they were read at,
 * `until`). Without a version in the database, every call reads.
 */
export async function keptWhileUnchanged<T>(
  scopes: Scopes,
  key: string,
  now: Date,
  read: () => Promise<{ value: T; until: Date | null }>,
): Promise<T> {
  const list = typeof scopes === "string" ? [scopes] : scopes;
  // Every version is read before the data, so a kept reading is never older than its versions.
  const versions = await dataVersions(list);
  const versioned = versions.every((v) => v !== null);
  const store = storeOf(list[0]!);
  const readings = kept[store];
  const storeKey = `${list.join(" ")} ${key}`;
  const at = now.getTime();
  const found = readings.get(storeKey);
  if (versioned && found && found.versions.every((v, i) => v === versions[i]) && at >= found.from && at < found.until) {
    readings.delete(storeKey);
    readings.set(storeKey, found);
    return found.value as T;
  }

  const { value, until } = await read();
  if (versioned) {
    readings.delete(storeKey);
    if (readings.size >= MAX_READINGS[store]) readings.delete(readings.keys().next().value!);
    readings.set(storeKey, { versions, from: at, until: until?.getTime() ?? Infinity, value });
  }
  return value;
}

/**
 * `keptWhileUnchanged` for a reading that holds until its data changes, whatever the time (most
 * do): its key is made of `keyParts`, and `read` gives the value itself.
 */
export function keptUntilChanged<T>(scopes: Scopes, keyParts: readonly unknown[], read: () => Promise<T>, now = new Date()): Promise<T> {
  return keptWhileUnchanged(scopes, JSON.stringify(keyParts), now, async () => ({ value: await read(), until: null }));
}
