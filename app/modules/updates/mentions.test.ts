import { describe, expect, test } from "vitest";
import { findMentions, segmentBody } from "./mentions";

const police = { id: "police", name: "Northshire Police" };
const trust = { id: "trust", name: "Northshire NHS Trust" };
const samPolice = { id: "sam-1", name: "Sam Jones", agencyId: "police", label: "Sam Jones (Northshire Police)" };
const samTrust = { id: "sam-2", name: "Sam Jones", agencyId: "trust", label: "Sam Jones (Northshire NHS Trust)" };
const priya = { id: "priya", name: "Priya Shah", agencyId: "trust", label: "Priya Shah (Northshire NHS Trust)" };

describe("mentions when two members' names read the same", () => {
  test("a name two members share is not guessed: it is ambiguous, with what to write for each", () => {
    const result = findMentions("Can @Sam Jones join us?", [samPolice, samTrust, priya], [police, trust]);
    expect(result.people).toEqual([]);
    expect(result.ambiguous).toEqual([{ written: "@Sam Jones", choices: ["@Sam Jones (Northshire NHS Trust)", "@Sam Jones (Northshire Police)"] }]);
  });

  test("the name with the agency reaches that person only, and is highlighted whole", () => {
    const body = "Can @Sam Jones (Northshire Police) join us, and @Priya Shah?";
    const result = findMentions(body, [samPolice, samTrust, priya], [police, trust]);
    expect(result).toMatchObject({
      ambiguous: [],
      unknown: [],
      people: [
        { userId: "sam-1", via: "person" },
        { userId: "priya", via: "person" },
      ],
    });
    expect(
      segmentBody(body, result.names)
        .filter((s) => s.mention)
        .map((s) => s.text),
    ).toEqual(["@Sam Jones (Northshire Police)", "@Priya Shah"]);
  });

  test("a name that only looks like another member's (a Cyrillic letter) makes both ambiguous", () => {
    const impostor = { id: "mallory", name: "Priуa Shah", agencyId: "police", label: "Priуa Shah (Northshire Police)" };
    const result = findMentions("Thanks @Priya Shah", [priya, impostor], [police, trust]);
    expect(result.people).toEqual([]);
    expect(result.ambiguous[0]?.choices).toEqual(["@Priya Shah (Northshire NHS Trust)", "@Priуa Shah (Northshire Police)"]);
  });

  test("a member whose name is unique is mentioned by name, as before; an unknown name is still unknown", () => {
    const result = findMentions("@Priya Shah and @Nobody Here", [samPolice, priya], [police]);
    expect(result).toMatchObject({ people: [{ userId: "priya", via: "person" }], ambiguous: [], unknown: ["@Nobody"] });
  });
});
