/**
 * What a request may carry before any parsing library sees it (decision 019): the size of a form,
 * how many fields it has, what their names look like, and what its address may hold. Pure
 * functions on the raw bytes, each answering with the reason for a refusal in a sentence, or
 * null; server/request-limits.ts applies them to every request.
 *
 * NOTE: the figures follow from the portal's own forms, with headroom (decision 019 says which
 * form each comes from). A new form bigger than these is a reason to change them here, in code,
 * with the decision record.
 */

export const FORM_LIMITS = {
  /**
   * Bytes of a form's body. The largest form is a meeting's minutes: 50,000 characters, which is
   * at most 450,000 bytes url-encoded (9 bytes a character outside Latin-1, as "%E2%80%99").
   */
  maxBytes: 512 * 1024,
  /** Fields of a form, and items of its lists in all: twice the largest, a meeting's attendance (one box per member, up to 1,000). */
  maxFields: 2_000,
  /** Characters of a field name; the longest the portal uses is under 40 ("examples.understanding_roles"). */
  maxNameLength: 100,
  /** Parts of a field name ("a.b[0].c" has three); the portal's go to two ("factors.commitment"). */
  maxNameDepth: 5,
  /** A list position in a field name ("items[999]"); the portal's forms use none today. */
  maxListIndex: 999,
} as const;

const kilobytes = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const count = (n: number) => n.toLocaleString("en-GB");

export const REFUSALS = {
  tooLarge: `This form is too large: the portal takes forms of up to ${kilobytes(FORM_LIMITS.maxBytes)}. Shorten what you wrote and send it again.`,
  tooManyFields: `This form was refused: it has more than ${count(FORM_LIMITS.maxFields)} fields.`,
  nul: "This form was refused: it contains a null character, which the portal cannot store. Remove it and send the form again.",
  notAForm: "This address takes forms only: send application/x-www-form-urlencoded or multipart/form-data.",
  brokenMultipart: "This form was refused: it is not a complete multipart form.",
  badAddress: "This web address is not valid: it has a broken %-escape or a control character.",
  badHost: "This request was refused: its Host header is not a valid host name.",
  serverError: "Sorry, there is a problem with the service. Try again later.",
  badRequest: "This request could not be understood.",
} as const;

// ---------------------------------------------------------------------------------------------
// Field names

/** A dotted path of names with list positions, as Conform reads it: `factors.commitment`, `items[0].title`, `tags[]`. */
const NAME_GRAMMAR = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d{1,9}\])*(?:\[\])?$/;
/** Segments that would reach an object's prototype. */
const FORBIDDEN_SEGMENT = /(?:^|\.)(?:__proto__|constructor|prototype)(?=$|[.[])/;
const LIST_POSITION = /\[(\d+)\]/g;

/**
 * Checks the field names of one form. `listItems` keeps, for each list a name opens
 * ("items" in "items[3].title"), the highest position seen: a list of n items needs n fields,
 * so the positions of all lists together are bounded by the number of fields.
 */
class FieldNames {
  private fields = 0;
  private listItems = new Map<string, number>();
  private itemsInAll = 0;

  add(name: string): string | null {
    this.fields += 1;
    if (this.fields > FORM_LIMITS.maxFields) return REFUSALS.tooManyFields;
    if (name.length > FORM_LIMITS.maxNameLength)
      return `This form was refused: it has a field name longer than ${FORM_LIMITS.maxNameLength} characters.`;
    if (!NAME_GRAMMAR.test(name) || FORBIDDEN_SEGMENT.test(name)) {
      return "This form was refused: it has a field name that is not letters, digits, dots and list positions like [0].";
    }
    let depth = 1;
    for (let i = 0; i < name.length; i++) if (name[i] === "." || name[i] === "[") depth += 1;
    if (depth > FORM_LIMITS.maxNameDepth)
      return `This form was refused: it has a field name nested more than ${FORM_LIMITS.maxNameDepth} levels deep.`;
    for (const match of name.matchAll(LIST_POSITION)) {
      const position = Number(match[1]);
      if (position > FORM_LIMITS.maxListIndex) return `This form was refused: it has a list position over ${count(FORM_LIMITS.maxListIndex)}.`;
      const list = name.slice(0, match.index);
      const highest = this.listItems.get(list) ?? -1;
      if (position > highest) {
        this.listItems.set(list, position);
        this.itemsInAll += position - highest;
        if (this.itemsInAll > FORM_LIMITS.maxFields)
          return `This form was refused: its lists have more than ${count(FORM_LIMITS.maxFields)} items in all.`;
      }
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Forms

/** The two kinds of body a form sends; anything else is refused before it is read. */
export type FormKind = { type: "urlencoded" } | { type: "multipart"; boundary: string };

/** What a Content-Type header says the body is, or null when it is not a form. */
export function formKind(contentType: string | undefined): FormKind | null {
  if (!contentType) return null;
  const [mediaType = "", ...parameters] = contentType.split(";").map((part) => part.trim());
  switch (mediaType.toLowerCase()) {
    case "application/x-www-form-urlencoded":
      return { type: "urlencoded" };
    case "multipart/form-data": {
      const boundary = parameters
        .find((p) => /^boundary=/i.test(p))
        ?.slice("boundary=".length)
        .replace(/^"(.*)"$/, "$1");
      // RFC 2046: 1 to 70 characters.
      return boundary && boundary.length <= 70 ? { type: "multipart", boundary } : null;
    }
    default:
      return null;
  }
}

/** The reason to refuse a form's body, or null. `body` has been read in full (at most `maxBytes`). */
export function checkForm(kind: FormKind, body: Buffer): string | null {
  return kind.type === "urlencoded" ? checkUrlEncoded(body) : checkMultipart(body, kind.boundary);
}

/** `name=value&name=value`: `+` is a space and `%XX` a byte, as URLSearchParams reads them. */
function checkUrlEncoded(body: Buffer): string | null {
  if (body.length === 0) return null;
  // A byte per character: the names the portal takes are ASCII, and the values are not decoded.
  const text = body.toString("latin1");
  if (text.includes("\0") || /%00/.test(text)) return REFUSALS.nul;
  const names = new FieldNames();
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("&", start);
    if (end === -1) end = text.length;
    if (end === start) {
      // "a=1&&b=2": an empty piece is no field, as URLSearchParams reads it.
      start = end + 1;
      continue;
    }
    let nameEnd = text.indexOf("=", start);
    if (nameEnd === -1 || nameEnd > end) nameEnd = end;
    // Longer than three bytes a character cannot decode to a name short enough.
    if (nameEnd - start > FORM_LIMITS.maxNameLength * 3) {
      return `This form was refused: it has a field name longer than ${FORM_LIMITS.maxNameLength} characters.`;
    }
    const problem = names.add(decodeName(text.slice(start, nameEnd)));
    if (problem) return problem;
    start = end + 1;
  }
  return null;
}

const AMPERSAND = 0x26;

/**
 * Counts the fields of a url-encoded body as it arrives, piece by piece, as `checkForm` counts
 * them (an empty piece, as in "a=1&&b=2", is none): a body with too many is refused without
 * reading the rest.
 */
export class UrlEncodedFieldCounter {
  private fields = 0;
  private afterSeparator = true;

  /** The fields so far, with this piece of the body. */
  add(piece: Buffer): number {
    if (piece.length === 0) return this.fields;
    if (this.afterSeparator && piece[0] !== AMPERSAND) this.fields += 1;
    for (let at = piece.indexOf(AMPERSAND); at !== -1; at = piece.indexOf(AMPERSAND, at + 1)) {
      if (at + 1 < piece.length && piece[at + 1] !== AMPERSAND) this.fields += 1;
    }
    this.afterSeparator = piece[piece.length - 1] === AMPERSAND;
    return this.fields;
  }
}

/** A url-encoded name as the form's reader decodes it; a broken escape is left as it is, and then fails the grammar. */
function decodeName(raw: string): string {
  const spaced = raw.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * RFC 7578: parts between `--boundary` lines, each with a Content-Disposition naming its field.
 * Each part is a field; a file's content is not looked at, a text field's must hold no NUL.
 */
function checkMultipart(body: Buffer, boundary: string): string | null {
  const text = body.toString("latin1");
  const delimiter = `--${boundary}`;
  let at = text.indexOf(delimiter);
  if (at === -1) return REFUSALS.brokenMultipart;
  const names = new FieldNames();
  for (;;) {
    at += delimiter.length;
    if (text.startsWith("--", at)) return null;
    if (!text.startsWith("\r\n", at)) return REFUSALS.brokenMultipart;
    const headersEnd = text.indexOf("\r\n\r\n", at + 2);
    // A part's headers are a line or two: a kilobyte is plenty.
    if (headersEnd === -1 || headersEnd - at > 1024) return REFUSALS.brokenMultipart;
    const headers = text.slice(at + 2, headersEnd);
    const next = text.indexOf(`\r\n${delimiter}`, headersEnd + 4);
    if (next === -1) return REFUSALS.brokenMultipart;
    const disposition = /^content-disposition:[ \t]*form-data[ \t]*;(.*)$/im.exec(headers)?.[1] ?? "";
    const name = /(?:^|;)[ \t]*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return REFUSALS.brokenMultipart;
    const problem = names.add(name);
    if (problem) return problem;
    const isFile = /(?:^|;)[ \t]*filename\*?=/i.test(disposition);
    if (!isFile && text.slice(headersEnd + 4, next).includes("\0")) return REFUSALS.nul;
    at = next + 2;
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** Control characters but the tab, which a pasted value in a search box may hold. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000A-\u001F\u007F]/;
const ESCAPED_CONTROL_CHARACTER = /%(?:0[0-8A-F]|1[0-9A-F]|7F)/i;

/**
 * The reason to refuse a request's target (`/path?query`), or null: the path must decode
 * (no broken %-escape), and neither it nor the query may hold a control character, raw or
 * escaped (a NUL, or a CR/LF that could end a header line).
 */
export function checkTarget(target: string): string | null {
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = queryStart === -1 ? "" : target.slice(queryStart + 1);
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(path);
  } catch {
    return REFUSALS.badAddress;
  }
  if (CONTROL_CHARACTER.test(decodedPath) || CONTROL_CHARACTER.test(query) || ESCAPED_CONTROL_CHARACTER.test(query)) {
    return REFUSALS.badAddress;
  }
  return null;
}
