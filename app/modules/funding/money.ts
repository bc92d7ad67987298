/**
 * Money is integer pence everywhere: stored, summed, compared. This file is the one place that
 * turns pence into pounds text and back, so no float ever touches an amount.
 */

/**
 * The largest single amount the portal records.
 * NOTE: Prisma's `Int` is 32-bit (at most 2,147,483,647 pence, about £21.4 million); a larger
 * amount would fail at the database, so it is refused at the form with a sentence instead.
 */
export const MAX_PENCE = 2_000_000_000;

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** 123456 → "£1,234.56"; -500 → "-£5.00". Always two decimal places, so columns line up. */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Money must be whole pence, not ${pence}`);
  const sign = pence < 0 ? "-" : "";
  const absolute = Math.abs(pence);
  const pounds = Math.trunc(absolute / 100);
  const pennies = absolute % 100;
  return `${sign}£${groupThousands(String(pounds))}.${String(pennies).padStart(2, "0")}`;
}

/**
 * 123456 → "1234.56": a plain number of pounds, for a form field's value and for CSV cells a
 * spreadsheet can add up.
 */
export function penceToPoundsText(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Money must be whole pence, not ${pence}`);
  const sign = pence < 0 ? "-" : "";
  const absolute = Math.abs(pence);
  return `${sign}${Math.trunc(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}

export type MoneyProblem = "empty" | "not_a_number" | "negative" | "too_many_decimals" | "too_large";
type ParsedMoney = { ok: true; pence: number } | { ok: false; problem: MoneyProblem };

// Whole pounds with or without thousands separators (1250, 1,250), then optional pence.
const AMOUNT = /^(\d+|\d{1,3}(,\d{3})+)(\.(\d+))?$/;

/**
 * "£1,250.50" → 125050 pence. Accepts an optional £ sign, spaces around the figure and commas
 * between thousands; refuses negative amounts, words, and more than two decimal places (a
 * fraction of a penny), each with its own reason so the form can say what is wrong.
 */
export function parsePoundsToPence(text: string | null | undefined): ParsedMoney {
  const trimmed = (text ?? "").trim();
  if (trimmed === "") return { ok: false, problem: "empty" };
  // A minus sign before or after the £, or accountants' brackets, make it negative.
  const bracketed = /^\(.*\)$/.test(trimmed);
  const prefix = /^([-−–])?\s*£?\s*([-−–])?\s*/.exec(bracketed ? trimmed.slice(1, -1).trim() : trimmed)!;
  const negative = bracketed || Boolean(prefix[1] || prefix[2]);
  const rest = prefix.input.slice(prefix[0].length);
  const match = AMOUNT.exec(rest);
  if (!match) return { ok: false, problem: negative && /^[\d.,]+$/.test(rest) ? "negative" : "not_a_number" };
  if (negative) return { ok: false, problem: "negative" };
  const pounds = match[1]!.replaceAll(",", "");
  const fraction = match[4] ?? "";
  if (fraction.length > 2) return { ok: false, problem: "too_many_decimals" };
  // Counted in digits, not floats: "0.1" is 10 pence exactly.
  if (pounds.replace(/^0+/, "").length > 12) return { ok: false, problem: "too_large" };
  const pence = Number(pounds) * 100 + Number(fraction.padEnd(2, "0"));
  if (pence > MAX_PENCE) return { ok: false, problem: "too_large" };
  return { ok: true, pence };
}
