/**
 * Tokenizer shared by indexing and querying. Keeps codes whole ("5.7.3", "0x800ccc79",
 * "x-link2state", "fwx_e_connection_killed") and also emits their parts, so both the code and a
 * fragment of it are searchable.
 */

const STOPWORDS = new Set(
  (
    "a an and are as at be but by can do does for from has have how i if in into is it its may me my no not of on or " +
    "our should so some such than that the their then there these this those to too was we were what when where which " +
    "while who will with you your"
  ).split(" "),
);

const TOKEN = /[a-z0-9]+(?:[._\-/][a-z0-9]+)*/g;
const MAX_TOKEN_LENGTH = 64;

export function tokenize(text: string, into: string[] = []): string[] {
  for (const step = tokenizeSteps(text, into); !step.next().done; );
  return into;
}

/** Tokens handled between two yields of tokenizeSteps. */
const TOKENS_PER_SLICE = 2048;

/** tokenize() as a generator that yields every few thousand tokens (see lib/cooperative.ts). */
export function* tokenizeSteps(text: string, into: string[] = []): Generator<void, string[]> {
  const lower = text.normalize("NFKC").toLowerCase();
  let n = 0;
  for (const match of lower.matchAll(TOKEN)) {
    if (++n % TOKENS_PER_SLICE === 0) yield;
    const token = match[0];
    if (token.length > MAX_TOKEN_LENGTH) continue;
    if (!STOPWORDS.has(token) && (token.length > 1 || /\d/.test(token))) into.push(token);
    if (/[._\-/]/.test(token)) {
      for (const part of token.split(/[._\-/]/)) {
        if (part.length > 1 && !STOPWORDS.has(part) && part !== token) into.push(part);
      }
    }
  }
  return into;
}
