/**
 * Names as people read them. Two agencies, or two people, whose names differ only in capitals,
 * spacing, punctuation or look-alike letters read as one: the portal refuses a second agency of
 * the same name, and tells two people of the same name and agency apart by what else it knows.
 * Pure, so pages and the server compare alike.
 */

/**
 * An agency's name folded for comparison, as stored in `Agency.nameKey` (unique): NFKC, lower
 * case, letters and digits only. "Northshire NHS Trust", "northshire n.h.s. trust" and
 * "Northshire  NHS-Trust" share one key.
 */
export function agencyNameKey(name: string): string {
  return name
    .normalize("NFKC")
    .toLocaleLowerCase("en-GB")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * Letters of other scripts that look like Latin ones in the portal's fonts (Cyrillic and Greek),
 * mapped to the Latin letter they pass for: capitals first (a Greek Η passes for H, its small η
 * for n), then small letters. Not every confusable character in Unicode: the ones a person could
 * type to make a name look like a colleague's.
 */
const LOOKALIKE_CAPITALS: Record<string, string> = {
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  І: "I",
  Ј: "J",
  Ѕ: "S",
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
};
const LOOKALIKE_SMALL: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  һ: "h",
  ӏ: "l",
  ԛ: "q",
  ԝ: "w",
  ү: "y",
  α: "a",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  μ: "u",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  γ: "y",
  ı: "i",
  ł: "l",
  ø: "o",
  đ: "d",
  ħ: "h",
};

const mapCharacters = (text: string, map: Record<string, string>) => [...text].map((character) => map[character] ?? character).join("");

/**
 * A name folded further than `agencyNameKey`, for telling whether two names could pass for each
 * other on a page: accents dropped, look-alike letters of other scripts read as Latin ones.
 * "Priya Shah", "PRIYA  SHAH", "Príya Shah" and "Priуa Shah" (a Cyrillic у) fold alike.
 */
export function lookalikeKey(name: string): string {
  const plain = mapCharacters(name.normalize("NFKD").replace(/\p{M}/gu, ""), LOOKALIKE_CAPITALS);
  return mapCharacters(plain.toLocaleLowerCase("en-GB"), LOOKALIKE_SMALL)
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Do these two agency names read as one (same key, or letters that pass for each other)? */
export function sameAgencyName(a: string, b: string): boolean {
  return agencyNameKey(a) === agencyNameKey(b) || lookalikeKey(a) === lookalikeKey(b);
}

/** A member as a page names them: always with the agency they represent, and more when needed. */
type PersonLabel = {
  name: string;
  agencyName: string;
  /** What tells them apart from a member of the same name and agency: job title, then email. */
  detail: string | null;
};

/** "Priya Shah (Northshire Children's Services)", "Sam Jones (Northshire Police, PCSO)". */
export function personLabel(person: PersonLabel): string {
  return `${person.name} (${person.agencyName}${person.detail ? `, ${person.detail}` : ""})`;
}

/** These people in groups whose name and agency read the same (`lookalikeKey`); most groups hold one. */
function groupBy<T>(items: ReadonlyArray<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function byNameAndAgency<P extends { name: string; agencyName: string }>(people: ReadonlyArray<P>): P[][] {
  return [...groupBy(people, (person) => `${lookalikeKey(person.name)}\u0000${lookalikeKey(person.agencyName)}`).values()];
}

/** People by how their names read (lookalikeKey of the name): those who share a key pass for each other by name alone. */
export function byLookalikeName<P extends { name: string }>(people: ReadonlyArray<P>): Map<string, P[]> {
  return groupBy(people, (person) => lookalikeKey(person.name));
}

/** Those of these people whose name and agency read the same as another's: they need more than that. */
export function readAlike(people: ReadonlyArray<{ id: string; name: string; agencyName: string }>): Set<string> {
  return new Set(
    byNameAndAgency(people)
      .filter((group) => group.length > 1)
      .flatMap((group) => group.map((person) => person.id)),
  );
}

/**
 * What tells each of these people apart from the others: nothing more than name and agency,
 * unless another of them has a name and agency that read the same; then their job title, and if
 * that too reads the same (or is empty), their job title and email address (unique to each
 * account). Returns the detail by id, only for those who need one.
 */
export function distinguishingDetails(
  people: ReadonlyArray<{ id: string; name: string; agencyName: string; jobTitle: string; email: string }>,
): Map<string, string> {
  const details = new Map<string, string>();
  for (const group of byNameAndAgency(people)) {
    if (group.length < 2) continue;
    for (const person of group) {
      const title = person.jobTitle.trim();
      const sameTitle = group.filter((other) => lookalikeKey(other.jobTitle) === lookalikeKey(title)).length > 1;
      details.set(person.id, !title ? person.email : sameTitle ? `${title}, ${person.email}` : title);
    }
  }
  return details;
}

/** Which of these people could pass for another of them by name alone (a mention by name is ambiguous). */
export function sharedNames(people: ReadonlyArray<{ id: string; name: string }>): Set<string> {
  return new Set([...byLookalikeName(people).values()].filter((group) => group.length > 1).flatMap((group) => group.map((person) => person.id)));
}
