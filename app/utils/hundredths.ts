/**
 * Amounts of time (hours, full-time equivalents) are kept in whole hundredths, never floats:
 * the roles register and in-kind staff time both read them from a form this way.
 */
/** "7.5" → 750 hundredths; null if not a number with at most two decimal places. */
export function parseHundredths(text: string): number | null {
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(text.trim())) return null;
  const [whole, fraction = ""] = text.trim().split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}
