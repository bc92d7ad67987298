/**
 * @mentions in posts: "@Priya Shah" names a member, "@Northshire NHS Trust" every member who
 * represents that agency in the initiative. Pure, so the form can explain a mistake exactly.
 */

export type Mentionable = { id: string; name: string };
export type MentionResult = {
  /** People mentioned, each once; "agency" when only reached through their agency. */
  people: Array<{ userId: string; via: "person" | "agency" }>;
  /** The names as written, for highlighting. */
  names: string[];
  /** "@Something" that matches no member and no agency of the initiative. */
  unknown: string[];
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

export function findMentions(
  body: string,
  members: ReadonlyArray<Mentionable & { agencyId: string }>,
  agencies: ReadonlyArray<Mentionable>,
): MentionResult {
  const candidates = [
    ...members.map((m) => ({ kind: "person" as const, id: m.id, name: m.name.trim() })),
    ...agencies.map((a) => ({ kind: "agency" as const, id: a.id, name: a.name.trim() })),
  ]
    .filter((c) => c.name.length > 0)
    // The longest name wins: "@Northshire NHS Trust" before a member called "Northshire".
    .sort((a, b) => b.name.length - a.name.length);

  const people = new Map<string, "person" | "agency">();
  const names = new Set<string>();
  const unknown = new Set<string>();
  for (const at of mentionStarts(body)) {
    const match = candidates.find((c) => matchesAt(body, at, c.name));
    if (!match) {
      const word = /^[\p{L}\p{N}_'’.-]+/u.exec(body.slice(at))?.[0]?.replace(/[.'’-]+$/u, "") ?? "";
      unknown.add(`@${word}`);
      continue;
    }
    names.add(match.name);
    if (match.kind === "person") people.set(match.id, "person");
    else
      for (const member of members)
        if (member.agencyId === match.id && !people.has(member.id)) people.set(member.id, "agency");
  }
  return {
    people: [...people].map(([userId, via]) => ({ userId, via })),
    names: [...names],
    unknown: [...unknown],
  };
}

export type BodySegment = { text: string; mention: boolean };

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
