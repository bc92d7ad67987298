/**
 * An iCalendar (RFC 5545) feed of meetings, without I/O, for people to subscribe to from their
 * own calendar app.
 *
 * NOTE: the feed carries no ATTENDEE or ORGANIZER, and IcsEvent has no field for them: a
 * subscription URL is easily shared, so it must not carry any other member's personal details.
 */

export type IcsEvent = {
  uid: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  description?: string;
  location?: string;
  url?: string;
  cancelled?: boolean;
  updatedAt: Date;
};

/** A UID must be globally unique, so the meeting's id is qualified by the portal's name. */
const UID_DOMAIN = "partnership-portal";

/** SEQUENCE counts seconds from here, which keeps it small (some clients store it in 32 bits). */
const SEQUENCE_EPOCH = Date.UTC(2025, 0, 1);

/** Content lines are folded at 75 octets (RFC 5545 section 3.1). */
const MAX_LINE_OCTETS = 75;

/** The whole feed: one VCALENDAR with a VEVENT for each meeting, CRLF line endings. */
export function icsCalendar(events: readonly IcsEvent[], options: { name: string; now: Date }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Partnership Portal//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(options.name)}`,
    // How often a subscribed app should check again (RFC 7986, and the older name Outlook reads).
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
    ...events.flatMap((event) => eventLines(event, options.now)),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

function eventLines(event: IcsEvent, now: Date): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(`${event.uid}@${UID_DOMAIN}`)}`,
    `DTSTAMP:${utcDateTime(now)}`,
    // UTC ("Z") times, not local times with a VTIMEZONE: every calendar app then places the
    // meeting correctly on both sides of the clocks changing, with no time-zone data to trust.
    `DTSTART:${utcDateTime(event.startsAt)}`,
    `DTEND:${utcDateTime(event.endsAt)}`,
    `SUMMARY:${escapeText(event.title)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  // A URI value is not TEXT, so it is not escaped; a line break in it would end the line early.
  if (event.url) lines.push(`URL:${stripControlCharacters(event.url)}`);
  lines.push(
    // A later change must have a higher SEQUENCE for apps to take it; updatedAt only goes up.
    `SEQUENCE:${Math.max(0, Math.floor((event.updatedAt.getTime() - SEQUENCE_EPOCH) / 1000))}`,
    `STATUS:${event.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    `LAST-MODIFIED:${utcDateTime(event.updatedAt)}`,
    "END:VEVENT",
  );
  return lines;
}

/** 20261201T100000Z (RFC 5545 DATE-TIME in UTC form; seconds, no milliseconds). */
function utcDateTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** TEXT escaping (RFC 5545 section 3.3.11): backslash, semicolon, comma, and line breaks as \n. */
function escapeText(text: string): string {
  return stripControlCharacters(
    text
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n"),
  );
}

// Control characters other than tab are not allowed in a content line (RFC 5545 section 3.1).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000A-\u001F\u007F]/g;

function stripControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, "");
}

/**
 * Splits a content line into lines of at most 75 octets, each continuation starting with a
 * space. Lengths are UTF-8 bytes, not characters, and a line never breaks inside a character
 * (iterating a string yields whole code points, so an emoji's surrogate pair stays together).
 */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const character of line) {
    const size = utf8Length(character);
    // Continuation lines start with a space, which counts towards their 75.
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function utf8Length(character: string): number {
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3; // includes a lone surrogate, which UTF-8 encoders replace with 3 bytes
  return 4;
}
