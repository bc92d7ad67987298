import { describe, expect, test } from "vitest";
import { agencyNameKey, distinguishingDetails, lookalikeKey, personLabel, sameAgencyName, sharedNames } from "./names";

describe("agency names", () => {
  test("the key ignores case, spacing and punctuation, and folds compatibility characters", () => {
    const key = agencyNameKey("Northshire NHS Trust");
    expect(key).toBe("northshirenhstrust");
    for (const alike of [
      "northshire n.h.s. trust",
      "Northshire  NHS-Trust",
      " NORTHSHIRE NHS TRUST ",
      "Ｎｏｒｔｈｓｈｉｒｅ NHS Trust",
      "Northshire NHS Trust\u200b",
    ]) {
      expect(agencyNameKey(alike), alike).toBe(key);
    }
    expect(agencyNameKey("Northshire NHS Trusts")).not.toBe(key);
    expect(agencyNameKey("Children’s Services")).toBe(agencyNameKey("Childrens Services"));
  });

  test("look-alike letters and accents make the same name; different words do not", () => {
    expect(sameAgencyName("Northshire Police", "Nоrthshire Police")).toBe(true); // a Cyrillic о
    expect(sameAgencyName("Home-Start Northshire", "Ηome-Start Northshire")).toBe(true); // a Greek capital Η
    expect(sameAgencyName("École Sainte-Marie", "Ecole Sainte Marie")).toBe(true);
    expect(sameAgencyName("Northshire Police", "Southshire Police")).toBe(false);
  });
});

describe("people", () => {
  test("names that pass for each other fold alike", () => {
    const key = lookalikeKey("Priya Shah");
    for (const alike of ["PRIYA  SHAH", "Príya Shah", "Priуa Shah", "Priya-Shah", "Рriya Shah"]) expect(lookalikeKey(alike), alike).toBe(key);
    expect(lookalikeKey("Priya Shaw")).not.toBe(key);
  });

  const person = (id: string, name: string, agencyName: string, jobTitle: string) => ({
    id,
    name,
    agencyName,
    jobTitle,
    email: `${id}@example.gov.uk`,
  });

  test("a person's name always comes with their agency; more only when another member reads the same", () => {
    const details = distinguishingDetails([
      person("a", "Sam Jones", "Northshire Police", "PCSO"),
      person("b", "Sam Jones", "Northshire NHS Trust", "Health visitor"),
      person("c", "Priya Shah", "Children's Services", "Head of Early Help"),
    ]);
    expect(details.size).toBe(0);
    expect(personLabel({ name: "Sam Jones", agencyName: "Northshire Police", detail: null })).toBe("Sam Jones (Northshire Police)");
  });

  test("the same name and agency: the job title tells them apart, or the email address when that is the same too", () => {
    const details = distinguishingDetails([
      person("a", "Sam Jones", "Northshire Police", "PCSO"),
      person("b", "Sam  jones", "Northshire police", "Sergeant"),
      person("c", "Kate Elliott", "Northshire Academy", "Teacher"),
      person("d", "Kate Elliott", "Northshire Academy", "teacher"),
      person("e", "Kate Ellіott", "Northshire Academy", "SENCo"), // a Cyrillic і
    ]);
    expect(Object.fromEntries(details)).toEqual({
      a: "PCSO",
      b: "Sergeant",
      c: "Teacher, c@example.gov.uk",
      d: "teacher, d@example.gov.uk",
      e: "SENCo",
    });
    expect(personLabel({ name: "Sam Jones", agencyName: "Northshire Police", detail: "PCSO" })).toBe("Sam Jones (Northshire Police, PCSO)");
  });

  test("names shared across agencies are found, so a mention by name alone can be refused", () => {
    expect(
      sharedNames([
        { id: "a", name: "Sam Jones" },
        { id: "b", name: "SAM JONES" },
        { id: "c", name: "Sam Jonas" },
      ]),
    ).toEqual(new Set(["a", "b"]));
  });
});
