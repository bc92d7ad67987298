import { describe, expect, test } from "vitest";
import { BENEFIT_KEYS, CHALLENGE_KEYS, EVIDENCE_MAX, EXAMPLE_MAX, FACTOR_KEYS } from "~/modules/assessment/schema";
import { checkForm, checkTarget, FORM_LIMITS, formKind, REFUSALS, UrlEncodedFieldCounter, type FormKind } from "./form-limits";

/** The limits of decision 019 on the bytes a browser (or anyone else) sends. */

const URLENCODED: FormKind = { type: "urlencoded" };
const urlencoded = (entries: Array<[string, string]>) => Buffer.from(new URLSearchParams(entries).toString());
const check = (entries: Array<[string, string]>) => checkForm(URLENCODED, urlencoded(entries));
const checkRaw = (body: string) => checkForm(URLENCODED, Buffer.from(body, "latin1"));

/** A character that takes 9 bytes url-encoded ("%E2%80%99"), the worst a typed text can do. */
const CURLY_QUOTE = "\u2019";

describe("the portal's largest forms pass, with room to spare", () => {
  test("a meeting's minutes at their longest (50,000 characters), every one a curly quote", () => {
    const body = urlencoded([
      ["intent", "minutes-save"],
      ["minutes", CURLY_QUOTE.repeat(50_000)],
    ]);
    expect(body.length).toBeLessThan(FORM_LIMITS.maxBytes);
    expect(checkForm(URLENCODED, body)).toBeNull();
  });

  test("the attendance of a meeting of 1,000 members, all present", () => {
    const present = Array.from({ length: 1000 }, (_, i): [string, string] => ["present", `c${String(i).padStart(24, "0")}`]);
    expect(check([["intent", "attendance"], ...present])).toBeNull();
  });

  test("a self-assessment answered in full, every text at its longest", () => {
    const entries: Array<[string, string]> = [
      ["intent", "submit"],
      ["responseId", "c".repeat(25)],
    ];
    for (const key of FACTOR_KEYS) entries.push([`factors.${key}`, "4"], [`evidence.${key}`, CURLY_QUOTE.repeat(EVIDENCE_MAX)]);
    for (const key of CHALLENGE_KEYS) entries.push([`challenges.${key}`, "major"]);
    for (const key of BENEFIT_KEYS) entries.push([`benefits.${key}`, "yes"], [`examples.${key}`, CURLY_QUOTE.repeat(EXAMPLE_MAX)]);
    expect(check(entries)).toBeNull();
  });

  test("Conform's own names: lists of objects, a pushed item, its intent field", () => {
    expect(
      check([
        ["items[0].title", "a"],
        ["items[1].title", "b"],
        ["tags[]", "x"],
        ["__intent__", "{}"],
      ]),
    ).toBeNull();
  });

  test("an empty form, and empty pieces between fields, as URLSearchParams reads them", () => {
    expect(checkRaw("")).toBeNull();
    expect(checkRaw("a=1&&b=2&")).toBeNull();
  });
});

describe("what costs more than it should is refused", () => {
  test("a field repeated tens of thousands of times", () => {
    expect(checkRaw("a=&".repeat(50_000))).toBe(REFUSALS.tooManyFields);
    expect(check(Array.from({ length: FORM_LIMITS.maxFields + 1 }, (): [string, string] => ["present", "x"]))).toBe(REFUSALS.tooManyFields);
  });

  test("a huge list position, and lists that add up to more items than a form has fields", () => {
    expect(checkRaw("f[5000000]=1")).toMatch(/list position over 999/);
    expect(checkRaw("f[1000]=1")).toMatch(/list position over 999/);
    expect(checkRaw("f[999]=1")).toBeNull();
    const sparse = Array.from({ length: 3 }, (_, i) => `list${i}[999]=1`).join("&");
    expect(checkRaw(sparse)).toMatch(/lists have more than 2,000 items in all/);
    expect(checkRaw("a[999][999]=1&b[999]=1")).toMatch(/lists have more than 2,000 items in all/);
  });

  test("deep nesting and long names", () => {
    expect(checkRaw(`a${"[0]".repeat(5000)}=1`)).toMatch(/longer than 100 characters/);
    expect(checkRaw("a.b.c.d.e=1")).toBeNull();
    expect(checkRaw("a.b.c.d.e.f=1")).toMatch(/nested more than 5 levels/);
    expect(checkRaw(`${"n".repeat(101)}=1`)).toMatch(/longer than 100 characters/);
    // A name of escapes decodes shorter, but not short enough to be worth decoding.
    expect(checkRaw(`${"%6E".repeat(101)}=1`)).toMatch(/longer than 100 characters/);
  });

  test("names that are not a path of names and positions, or reach a prototype", () => {
    for (const name of ["a[", "a..b", "a[x]", "[0]", "a b", "é", "__proto__.polluted", "a.constructor", "x.prototype", "a%zz", "", "a[]b"]) {
      expect(check([[name, "1"]]), name).toMatch(/field name that is not letters/);
    }
  });

  test("a NUL character, raw or escaped, but not the text %00", () => {
    expect(checkRaw("email=a%00b")).toBe(REFUSALS.nul);
    expect(checkRaw("email=a\0b")).toBe(REFUSALS.nul);
    expect(check([["body", "100%00 sure"]])).toBeNull();
  });
});

test("the fields of a url-encoded body are counted as it arrives, in any pieces, as the whole is checked", () => {
  const body = Buffer.from("&a=1&&b=&c&&&d=4&");
  for (let size = 1; size <= body.length; size++) {
    const counter = new UrlEncodedFieldCounter();
    let fields = 0;
    for (let at = 0; at < body.length; at += size) fields = counter.add(body.subarray(at, at + size));
    expect(fields, `pieces of ${size} bytes`).toBe(4);
  }
  expect(new UrlEncodedFieldCounter().add(Buffer.from("a=&".repeat(50_000)))).toBe(50_000);
  expect(new UrlEncodedFieldCounter().add(Buffer.alloc(0))).toBe(0);
});

describe("multipart forms are held to the same limits, part by part", () => {
  const boundary = "----formdata-portal-0123456789";
  const multipart = (parts: Array<{ name: string; value: string; filename?: string }>) =>
    Buffer.from(
      parts
        .map(
          (part) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"\r\nContent-Type: text/csv` : ""}\r\n\r\n${part.value}\r\n`,
        )
        .join("") + `--${boundary}--\r\n`,
      "latin1",
    );
  const kind = formKind(`multipart/form-data; boundary=${boundary}`)!;

  test("a form the browser would send passes; a file's content is not looked at", () => {
    expect(kind).toEqual({ type: "multipart", boundary });
    expect(
      checkForm(
        kind,
        multipart([
          { name: "intent", value: "import" },
          { name: "sheet", value: "a,b\0,c", filename: "a.csv" },
        ]),
      ),
    ).toBeNull();
  });

  test("too many parts, a bad name, a NUL in a text field, a form cut short", () => {
    const many = Array.from({ length: FORM_LIMITS.maxFields + 1 }, () => ({ name: "a", value: "" }));
    expect(checkForm(kind, multipart(many))).toBe(REFUSALS.tooManyFields);
    expect(checkForm(kind, multipart([{ name: "f[5000000]", value: "1" }]))).toMatch(/list position over 999/);
    expect(checkForm(kind, multipart([{ name: "note", value: "a\0b" }]))).toBe(REFUSALS.nul);
    expect(checkForm(kind, multipart([{ name: "a", value: "1" }]).subarray(0, 60))).toBe(REFUSALS.brokenMultipart);
    expect(checkForm(kind, Buffer.from("no boundary here"))).toBe(REFUSALS.brokenMultipart);
  });
});

test("only the two kinds of body a form sends are forms", () => {
  expect(formKind("application/x-www-form-urlencoded;charset=UTF-8")).toEqual({ type: "urlencoded" });
  expect(formKind('multipart/form-data; boundary="a b"')).toEqual({ type: "multipart", boundary: "a b" });
  for (const type of [undefined, "", "application/json", "text/plain", "multipart/form-data", `multipart/form-data; boundary=${"b".repeat(71)}`]) {
    expect(formKind(type), String(type)).toBeNull();
  }
});

test("an address with a broken escape in its path, or a control character, is refused", () => {
  for (const target of ["/initiatives/%E0%A4%A", "/a%", "/a%zz", "/a%00b", "/sign-in?redirectTo=/%0d%0aSet-Cookie:x=1", "/x?q=%00", "/x?q=%7f"]) {
    expect(checkTarget(target), target).toBe(REFUSALS.badAddress);
  }
  for (const target of ["/", "/initiatives/abc?view=agencies&page=2", "/audit?person=Smith%09John", "/x?q=100%", "/caf%C3%A9"]) {
    expect(checkTarget(target), target).toBeNull();
  }
});
