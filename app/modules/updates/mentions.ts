import { byLookalikeName, lookalikeKey } from "~/utils/names";

/**
 * @mentions in posts: "@Priya Shah" names a member, "@Northshire NHS Trust" every member who
 * represents that agency in the initiative. When two members' names read the same (names.ts),
 * "@Sam Jones" could be either: the mention must say which, as their label does ("@Sam Jones
 * (Northshire Police)"), and is refused until it does, rather than reach the wrong person.
 * Pure, so the form can explain a mistake exactly.
 */

type Mentionable = { id: string; name: string };
/** A member: `label` (name with agency, and more when needed) also mentions them. */
type MentionablePerson = Mentionable & { agencyId: string; label?: string };
export type MentionResult = {
  /** People mentioned, each once; "agency" when only reached through their agency. */
  people: Array<{ userId: string; via: "person" | "agency" }>;
  /** The names as written, for highlighting. */
  names: string[];
  /** "@Something" that matches no member and no agency of the initiative. */
  unknown: string[];
  /** "@Sam Jones" that could be more than one member, with what to write instead for each. */
  ambiguous: Array<{ written: string; choices: string[] }>;
};

const WORD_CHAR = /[\p{L}\p{N}_'’-]/u;

/** A mention starts with "@" at the start or after a space or bracket, so email addresses are not mentions. */
function mentionStarts(body: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "@") continue;
    const before = i === 0 ? " " : body[i - 1]!;
    const after = body[i + 1] ?? "";
    if (/[\s([{"“]/.test(before) && /\p{L}/u.test(after)) starts.push(i + 1);
  }
  return starts;
}

function matchesAt(body: string, at: number, name: string): boolean {
  if (body.slice(at, at + name.length).toLocaleLowerCase("en-GB") !== name.toLocaleLowerCase("en-GB")) return false;
  const next = body[at + name.length];
  return next === undefined || !WORD_CHAR.test(next);
}

type Candidate = { kind: "person" | "agency"; id: string; name: string; byNameOnly: boolean };

export function findMentions(body: string, members: ReadonlyArray<MentionablePerson>, agencies: ReadonlyArray<Mentionable>): MentionResult {
  const candidates: Candidate[] = [
    ...members.map((m) => ({ kind: "person" as const, id: m.id, name: m.name.trim(), byNameOnly: true })),
    ...members.flatMap((m) => (m.label ? [{ kind: "person" as const, id: m.id, name: m.label.trim(), byNameOnly: false }] : [])),
    ...agencies.map((a) => ({ kind: "agency" as const, id: a.id, name: a.name.trim(), byNameOnly: false })),
  ]
    .filter((c) => c.name.length > 0)
    // The longest name wins: "@Northshire NHS Trust" before a member called "Northshire".
    .sort((a, b) => b.name.length - a.name.length);
  // Members whose names read the same, by that reading: a mention by name alone cannot tell them apart.
  const byNameKey = byLookalikeName(members);

  const people = new Map<string, "person" | "agency">();
  const names = new Set<string>();
  const unknown = new Set<string>();
  const ambiguous = new Map<string, string[]>();
  for (const at of mentionStarts(body)) {
    const match = candidates.find((c) => matchesAt(body, at, c.name));
    if (!match) {
      const word = /^[\p{L}\p{N}_'’.-]+/u.exec(body.slice(at))?.[0]?.replace(/[.'’-]+$/u, "") ?? "";
      unknown.add(`@${word}`);
      continue;
    }
    const tied = candidates.filter((c) => c.name.length === match.name.length && matchesAt(body, at, c.name));
    const namesakes = match.kind === "person" && match.byNameOnly ? (byNameKey.get(lookalikeKey(match.name)) ?? []) : [];
    if (new Set(tied.map((c) => `${c.kind}:${c.id}`)).size > 1 || namesakes.length > 1) {
      const choices = namesakes.length > 1 ? namesakes.map((m) => `@${(m.label ?? m.name).trim()}`) : tied.map((c) => `@${c.name}`);
      ambiguous.set(
        `@${body.slice(at, at + match.name.length)}`,
        [...new Set(choices)].sort((a, b) => a.localeCompare(b, "en-GB")),
      );
      continue;
    }
    names.add(match.name);
    if (match.kind === "person") people.set(match.id, "person");
    else for (const member of members) if (member.agencyId === match.id && !people.has(member.id)) people.set(member.id, "agency");
  }
  return {
    people: [...people].map(([userId, via]) => ({ userId, via })),
    names: [...names],
    unknown: [...unknown],
    ambiguous: [...ambiguous].map(([written, choices]) => ({ written, choices })),
  };
}

type BodySegment = { text: string; mention: boolean };

/** Splits a post's text so the mentions it made can be shown highlighted. */
export function segmentBody(body: string, names: readonly string[]): BodySegment[] {
  const sorted = [...names].sort((a, b) => b.length - a.length);
  const segments: BodySegment[] = [];
  let plainFrom = 0;
  for (const at of mentionStarts(body)) {
    if (at <= plainFrom) continue;
    const name = sorted.find((n) => matchesAt(body, at, n));
    if (!name) continue;
    if (at - 1 > plainFrom) segments.push({ text: body.slice(plainFrom, at - 1), mention: false });
    segments.push({ text: body.slice(at - 1, at + name.length), mention: true });
    plainFrom = at + name.length;
  }
  if (plainFrom < body.length) segments.push({ text: body.slice(plainFrom), mention: false });
  return segments;
}
