import { COMMON_STOP_WORDS } from '../stop-words.js';

/** Words too common to tell files apart (short ones and a few verbs besides the common list). Code keywords are left to inverse document frequency. */
const STOPWORDS = new Set([...COMMON_STOP_WORDS, ...'a an as at be by do i if in is it might no of on or so to we gets set sets'.split(' ')]);

/** Identifier-like words: letters, digits, `_` and `$`, joined by single `-` (kebab names such as `content-type`). */
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*(?:-[A-Za-z0-9_$]+)*/g;

/**
 * The parts of an identifier or word, lower-cased: `parseHTTPHeader2` → `parse`, `http`,
 * `header2`; camelCase, snake_case, kebab-case and any other non-letter, non-digit split too
 * (`HTTPServer_error-code` → `http`, `server`, `error`, `code`). Unicode letters. Pure.
 */
export function splitIdentifier(word: string): string[] {
  return word
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((part) => part.toLowerCase());
}

/** A light English stemmer for matching `hooks`/`hook`, `parsed`/`parse`: plural and -ed/-ing endings only. Pure. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is|ous)$/.test(word)) return word.slice(0, -1);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2).replace(/e$/, '');
  return word;
}

/** True for words that carry no meaning for retrieval (stopwords, one letter, pure digits). */
function isNoise(term: string): boolean {
  return term.length < 2 || STOPWORDS.has(term) || /^\d+$/.test(term);
}

/**
 * Adds the retrieval terms of `text` to `out`: each identifier's stemmed parts, plus the whole
 * identifier (lower case, separators removed) when it has several parts, so `mediaType` matches
 * both `media type` and `mediatype`. Pure apart from `out`.
 */
export function addTerms(text: string, out: (term: string) => void): void {
  for (const match of text.matchAll(WORD)) {
    const parts = splitIdentifier(match[0]);
    for (const part of parts) if (!isNoise(part)) out(stem(part));
    if (parts.length > 1) {
      const whole = stem(parts.join(''));
      if (whole.length > 3) out(whole);
    }
  }
}

/** The retrieval terms of a text, in order, with repeats. Pure. */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  addTerms(text, (term) => terms.push(term));
  return terms;
}

/** Term frequencies of a text. Pure. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  addTerms(text, (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  return counts;
}

/**
 * Counts of the pairs of adjacent words of a text (`media_type` for `media type` or `mediaType`),
 * from stemmed identifier parts with stopwords dropped: a phrase of the task found in a file is far
 * more telling than its words found apart. Pure.
 */
export function phraseCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let previous: string | undefined;
  for (const match of text.matchAll(WORD)) {
    for (const part of splitIdentifier(match[0])) {
      if (isNoise(part)) continue;
      const word = stem(part);
      if (previous !== undefined) {
        const phrase = `${previous}_${word}`;
        counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
      }
      previous = word;
    }
  }
  return counts;
}

/** Term frequencies of a list of terms already made by `termsOf`/`pathTerms`. Pure. */
export function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** The terms of a file path: its directories and its name without the extension(s), split like identifiers. Pure. */
export function pathTerms(path: string): string[] {
  const withoutExtension = path.replace(/(\.[A-Za-z0-9]{1,5}){1,2}$/, '');
  return termsOf(withoutExtension.replace(/[/.]/g, ' '));
}
