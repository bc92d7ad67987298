import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { icsCalendar, type IcsEvent } from "./ics";

const now = new Date("2026-11-26T15:00:00Z");
const updatedAt = new Date("2026-11-20T09:15:30Z");

const july: IcsEvent = {
  uid: "meeting-july",
  // 10:00 in London in July is 09:00 UTC (BST).
  startsAt: new Date("2026-07-14T09:00:00Z"),
  endsAt: new Date("2026-07-14T11:00:00Z"),
  title: "Partnership board",
  updatedAt,
};
const december: IcsEvent = {
  uid: "meeting-december",
  // 10:00 in London in December is 10:00 UTC (GMT).
  startsAt: new Date("2026-12-08T10:00:00Z"),
  endsAt: new Date("2026-12-08T12:00:00Z"),
  title: "Partnership board",
  updatedAt,
};

/** Parses the feed with a real iCalendar parser (Mozilla's ical.js), as a calendar app would. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      startsAt: event.startDate.toJSDate().toISOString(),
      endsAt: event.endDate.toJSDate().toISOString(),
      startIsUtc: event.startDate.zone?.tzid === "UTC",
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: component.getFirstPropertyValue("url"),
      status: component.getFirstPropertyValue("status"),
      sequence: event.sequence,
    };
  });
  return { calendar, events };
}

describe("the iCalendar feed", () => {
  test("has the calendar's headers and CRLF line endings", () => {
    const text = icsCalendar([july], { name: "Northshire Safeguarding Partnership", now });
    const { calendar } = parse(text);
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toBe("-//Partnership Portal//EN");
    expect(calendar.getFirstPropertyValue("calscale")).toBe("GREGORIAN");
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Northshire Safeguarding Partnership");
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  test("the same London time in July (BST) and December (GMT) gives the right instants, in UTC form", () => {
    const text = icsCalendar([july, december], { name: "Board", now });
    expect(text).toContain("\r\nDTSTART:20260714T090000Z\r\n");
    expect(text).toContain("\r\nDTSTART:20261208T100000Z\r\n");
    expect(text).toContain("\r\nDTSTAMP:20261126T150000Z\r\n");
    expect(text).toContain("\r\nLAST-MODIFIED:20261120T091530Z\r\n");
    const { events } = parse(text);
    expect(events).toMatchObject([
      { uid: "meeting-july@partnership-portal", startsAt: "2026-07-14T09:00:00.000Z", endsAt: "2026-07-14T11:00:00.000Z", startIsUtc: true },
      { uid: "meeting-december@partnership-portal", startsAt: "2026-12-08T10:00:00.000Z", endsAt: "2026-12-08T12:00:00.000Z", startIsUtc: true },
    ]);
  });

  test("text with commas, semicolons, backslashes and line breaks round-trips", () => {
    const description = "Agenda: budget, risks; actions\nItem 2 \\ notes\r\nItem 3\rEnd";
    const text = icsCalendar(
      [
        {
          ...july,
          title: "Board: police, schools; health",
          description,
          location: "Room 4, Town Hall; Northshire",
          url: "https://portal.example/meetings/m1?a=1,2;b",
        },
      ],
      { name: "Board, north; east", now },
    );
    expect(text).toContain("SUMMARY:Board: police\\, schools\\; health\r\n");
    // X- properties are TEXT by default (RFC 5545 section 3.8.8.2), so the name is escaped too;
    // ical.js does not know X-WR-CALNAME and returns its raw value, so check the escaped text.
    expect(text).toContain("\r\nX-WR-CALNAME:Board\\, north\\; east\r\n");
    const { events } = parse(text);
    expect(events[0]).toMatchObject({
      summary: "Board: police, schools; health",
      // Every kind of line break comes back as \n.
      description: "Agenda: budget, risks; actions\nItem 2 \\ notes\nItem 3\nEnd",
      location: "Room 4, Town Hall; Northshire",
      url: "https://portal.example/meetings/m1?a=1,2;b",
    });
  });

  test("a long title with accents and emoji is folded at 75 octets without splitting a character", () => {
    const title = `Réunion du comité stratégique 🤝 ${"é🎉".repeat(30)} fin`;
    const description = "x".repeat(73) + "🎉".repeat(5) + "é".repeat(40);
    const text = icsCalendar([{ ...july, title, description }], { name: "Café ☕ partnership", now });
    const lines = text.split("\r\n").slice(0, -1);
    for (const line of lines) {
      expect(Buffer.byteLength(line, "utf8"), line).toBeLessThanOrEqual(75);
      // A split multi-byte character would not survive a UTF-8 round trip.
      expect(Buffer.from(line, "utf8").toString("utf8")).toBe(line);
      expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(lines.filter((line) => line.startsWith(" ")).length).toBeGreaterThan(3);
    const { events } = parse(text);
    expect(events[0]?.summary).toBe(title);
    expect(events[0]?.description).toBe(description);
  });

  test("a cancelled meeting is STATUS:CANCELLED, others CONFIRMED; a later change has a higher SEQUENCE", () => {
    const later = new Date(updatedAt.getTime() + 60_000);
    const { events } = parse(icsCalendar([july, { ...december, cancelled: true, updatedAt: later }], { name: "Board", now }));
    expect(events.map((e) => e.status)).toEqual(["CONFIRMED", "CANCELLED"]);
    expect(events.map((e) => e.sequence - (events[0]?.sequence ?? 0))).toEqual([0, 60]);
  });

  test("many events, and none", () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ ...december, uid: `m${i}`, title: `Meeting ${i + 1}` }));
    const { events } = parse(icsCalendar(many, { name: "Board", now }));
    expect(events.map((e) => [e.uid, e.summary])).toEqual(many.map((m) => [`${m.uid}@partnership-portal`, m.title]));
    expect(parse(icsCalendar([], { name: "Board", now })).events).toEqual([]);
  });

  test("optional fields are left out, and nothing about people is included", () => {
    const text = icsCalendar([july], { name: "Board", now });
    expect(text).not.toMatch(/^(DESCRIPTION|LOCATION|URL)[;:]/m);
    expect(text).not.toMatch(/ATTENDEE|ORGANIZER|MAILTO/i);
    expect(parse(text).events[0]).toMatchObject({ description: null, location: null, url: null });
  });
});
