import type { RetrievalQuery } from '../retrieval/ranked-file.js';
import { splitIdentifier } from '../retrieval/split-words.js';
import { COMMON_STOP_WORDS } from '../stop-words.js';

// Common English words and the verbs every task uses: they match everything, so they tell nothing.
const STOP_WORDS = new Set([
  ...COMMON_STOP_WORDS,
  ...`
  her one out him his see two boy let put say she been much many very over under about after
  before again because being both doing done down during few further here itself myself off once
  same through until upon yours whom whose who's it's don't can't won't isn't aren't doesn't add
  adds added adding fix fixes fixed fixing making update updates updated change changes changed
  implement implements implemented ensure allow allows need needs needed want wants like please
  shall etc instead without within uses`
    .split(/\s+/)
    .filter(Boolean),
]);

/** The most terms a query gives; the first ones (the title's) matter most. */
export const MAX_QUERY_TERMS = 48;

/** A word reduced for matching: lower-cased, a plural `s` dropped (`prompts` and `prompt` match). */
export function normalizeTerm(word: string): string {
  const lower = word.toLowerCase();
  return lower.length > 3 && lower.endsWith('s') && !lower.endsWith('ss') ? lower.slice(0, -1) : lower;
}

const CODE_TOKEN = /[\p{L}\p{N}_$][\p{L}\p{N}_$./-]*/gu;

/** Whether a token outside backticks looks like code: camelCase, snake_case, a path or a dotted name. */
function looksLikeCode(token: string): boolean {
  if (/\p{Ll}\p{Lu}/u.test(token) || /[\p{L}\p{N}]_[\p{L}\p{N}]/u.test(token)) return true;
  // `a.ts`, `src/x`, `config.port`, but not `e.g` (the last part must be two characters or more).
  return /[\p{L}\p{N}_$][./][\p{L}\p{N}_$]{2,}$/u.test(token);
}

function codeTokens(text: string, inBackticks: boolean): string[] {
  return [...text.matchAll(CODE_TOKEN)].map((match) => match[0].replace(/[./-]+$/, '')).filter((token) => [...token].length >= 3 && !/^\p{N}+$/u.test(token) && (inBackticks || looksLikeCode(token)));
}

function identifiersIn(text: string): string[] {
  const found: string[] = [];
  const spans = /`+([^`]+)`+/g;
  let last = 0;
  for (const match of text.matchAll(spans)) {
    found.push(...codeTokens(text.slice(last, match.index), false), ...codeTokens(match[1] ?? '', true));
    last = match.index + match[0].length;
  }
  found.push(...codeTokens(text.slice(last), false));
  return found;
}

function wordsIn(text: string): string[] {
  return splitIdentifier(text).filter((word) => [...word].length >= 3 && !STOP_WORDS.has(word) && !/^\p{N}+$/u.test(word));
}

/**
 * The search terms of a task: first the identifiers it names as written (in backticks, or
 * code-like such as `composePrompt`, `snake_case`, `src/a.ts`), then its words split on
 * camelCase/snake_case/kebab-case and punctuation, lower-cased, without stop words and words
 * shorter than three characters. Title before description, each term once (case-insensitive),
 * in order of first appearance; at most `maxTerms`.
 */
export function extractQueryTerms(query: RetrievalQuery, maxTerms = MAX_QUERY_TERMS): string[] {
  const text = [query.title, query.description ?? ''].join('\n');
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const term of [...identifiersIn(query.title), ...identifiersIn(query.description ?? ''), ...wordsIn(text)]) {
    const key = term.toLowerCase();
    if (seen.has(key) || STOP_WORDS.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return terms.slice(0, Math.max(0, maxTerms));
}
