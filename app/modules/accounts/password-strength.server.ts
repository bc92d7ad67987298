import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { PASSWORD_MIN } from "./schema";

/**
 * Whether a new password is too easy to guess, with a message that helps (NCSC: three random
 * words). The check is zxcvbn-ts (`@zxcvbn-ts/core` with `@zxcvbn-ts/language-common`): its
 * list of 49,233 passwords common in breached data, the 7,776 diceware words, keyboard patterns,
 * repeats, sequences, dates and l33t spellings, plus the person's own name, email address, job
 * and agency, and the portal's name. A password passes when it would take at least 10^9 guesses by zxcvbn's estimate (within its
 * score 3, which runs from 10^8 to 10^10). Score 3's lower end lets through the patterns password
 * sprays try first ("Summer2024!!", "Welcome2025!!" sit at 10^8.0), while three random words run
 * together ("coffeetrainfish", 10^9.2), the advice we give, still pass. 10^9 guesses is far beyond
 * any online attack under the sign-in limits, and some 800 core-days per account offline against
 * argon2id at 70 ms a guess.
 * See docs/decisions/020-sign-up-passwords-and-the-first-administrator.md.
 *
 * NOTE: loaded on the first check (about 170 ms and tens of MB), in this .server file only:
 * never in the browser bundle.
 */

/** log10 of the fewest guesses, by zxcvbn's estimate, a new password must need. */
const STRONG_ENOUGH_GUESSES_LOG10 = 9;

const ADVICE = "A good way to make a strong one is three random words, like ‘coffee train fish’.";
const OUR_EXAMPLE = "coffeetrainfish";

const WARNINGS: Record<string, string> = {
  topTen: "This password is one that many people use, so it is easy to guess.",
  topHundred: "This password is one that many people use, so it is easy to guess.",
  common: "This password is one that many people use, so it is easy to guess.",
  similarToCommon: "This password is too like one that many people use, so it is easy to guess.",
  pwned: "This password has appeared in data stolen from other websites, so it is easy to guess.",
  wordByItself: "A single word is easy to guess.",
  namesByThemselves: "Names on their own are easy to guess.",
  commonNames: "Common names and surnames are easy to guess.",
  userInputs: "This password uses your name, email address, job or agency, or the portal’s name, so it is easy to guess.",
  straightRow: "This password follows a row of keys on the keyboard, so it is easy to guess.",
  keyPattern: "This password follows a pattern on the keyboard, so it is easy to guess.",
  simpleRepeat: "This password repeats characters, like ‘aaa’, so it is easy to guess.",
  extendedRepeat: "This password repeats a group of characters, like ‘abcabc’, so it is easy to guess.",
  sequences: "This password uses a sequence, like ‘abcd’ or ‘1234’, so it is easy to guess.",
  recentYears: "This password uses a recent year, so it is easy to guess.",
  dates: "This password uses a date, so it is easy to guess.",
};
// At 12 characters or more and no other warning, nearly always a word with a year or symbols added.
const TOO_EASY = "This password follows a pattern that is easy to guess, like a word with a year or symbols added.";

let factory: Promise<ZxcvbnFactory> | undefined;

function loadChecker() {
  factory ??= (async () => {
    const [{ ZxcvbnFactory }, common] = await Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")]);
    return new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  })();
  return factory;
}

/** Words a guesser would try first for this person on this portal: their name, email, job and agency. */
function personalWords(person: PersonalDetails): string[] {
  const words = new Set<string>(["partnership", "portal", "partnership portal"]);
  const add = (value: string | undefined) => {
    if (!value) return;
    const lower = value.toLowerCase();
    words.add(lower);
    words.add(lower.replace(/[^\p{L}\p{N}]+/gu, ""));
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 2) words.add(part);
  };
  add(person.name);
  add(person.email);
  add(person.email?.split("@")[0]);
  add(person.jobTitle);
  add(person.agencyName);
  return [...words].filter(Boolean);
}

type PersonalDetails = { name?: string; email?: string; jobTitle?: string; agencyName?: string };

/** Null when the password is strong enough; otherwise a message for the password field. */
export async function passwordProblem(password: string, person: PersonalDetails = {}): Promise<string | null> {
  if (password.length < PASSWORD_MIN) return `Your password must be at least ${PASSWORD_MIN} characters. ${ADVICE}`;
  if (password.toLowerCase().replace(/[^a-z]/g, "") === OUR_EXAMPLE) {
    return "That is the example we gave, so others may use it too. Choose three random words of your own.";
  }
  const result = (await loadChecker()).check(password, personalWords(person));
  if (result.guessesLog10 >= STRONG_ENOUGH_GUESSES_LOG10) return null;
  const warning = (result.feedback.warning && WARNINGS[result.feedback.warning]) || TOO_EASY;
  return `${warning} ${ADVICE}`;
}
