import { splitIdentifier } from '../retrieval/split-words.js';
import { normalizeTerm } from './query-terms.js';

/** A run of lines to show (0-based, `end` inclusive) and how many distinct query terms it mentions. */
export interface LineWindow {
  start: number;
  end: number;
  hits: number;
}

const IDENTIFIER = /^[\p{L}\p{N}_$]+$/u;
const IDENTIFIERS = /[\p{L}\p{N}_$]+/gu;

/**
 * Returns a function giving the indices of the `terms` a line mentions, case-insensitively and
 * identifier-aware: `prompt` matches `composePrompt` and `PROMPT_SIZE` but not `prompted`;
 * `composePrompt` matches the whole identifier; a term with punctuation (`a/b.ts`) matches as
 * a substring. Plural `s` is ignored on both sides.
 */
export function createLineMatcher(terms: readonly string[]): (line: string) => number[] {
  const wanted = terms.map((term, index) => ({ index, word: IDENTIFIER.test(term), key: IDENTIFIER.test(term) ? normalizeTerm(term) : term.toLowerCase() }));
  return (line) => {
    const lower = line.toLowerCase();
    // A term among an identifier's parts is also a substring of the line, and of that identifier:
    // most lines and most identifiers are settled without splitting them.
    const present = wanted.filter(({ key }) => key && lower.includes(key));
    if (present.length === 0) return [];
    const hits = new Set(present.filter(({ word }) => !word).map(({ index }) => index));
    const words = present.filter(({ word }) => word);
    if (words.length > 0) {
      for (const match of line.matchAll(IDENTIFIERS)) {
        const identifier = match[0].toLowerCase();
        const inside = words.filter(({ index, key }) => !hits.has(index) && identifier.includes(key));
        if (inside.length === 0) continue;
        const parts = new Set([normalizeTerm(match[0]), ...splitIdentifier(match[0]).map(normalizeTerm)]);
        for (const { index, key } of inside) if (parts.has(key)) hits.add(index);
      }
    }
    return [...hits].sort((a, b) => a - b);
  };
}

/**
 * The windows of `context` lines around the lines of `lines` that mention a query term, merged
 * when they overlap or touch, in file order. Empty when no line matches.
 */
export function findExcerptWindows(lines: readonly string[], terms: readonly string[], context = 3): LineWindow[] {
  const match = createLineMatcher(terms);
  const windows: { start: number; end: number; terms: Set<number> }[] = [];
  for (const index of linesMentioning(lines, terms)) {
    const hits = match(lines[index]!);
    if (hits.length === 0) continue;
    const start = Math.max(0, index - context);
    const end = Math.min(lines.length - 1, index + context);
    const last = windows.at(-1);
    if (last && start <= last.end + 1) {
      last.end = end;
      for (const hit of hits) last.terms.add(hit);
    } else {
      windows.push({ start, end, terms: new Set(hits) });
    }
  }
  return windows.map(({ start, end, terms: found }) => ({ start, end, hits: found.size }));
}

/**
 * The indices, ascending, of the lines containing a term's key as a substring (case-insensitive):
 * the only lines `createLineMatcher` can match. One scan of the whole text per term instead of
 * one test per line and term.
 */
function linesMentioning(lines: readonly string[], terms: readonly string[]): number[] {
  // Lower-casing never adds or removes a line break, so the lowered lines line up with `lines`.
  const lowered = lines.join('\n').toLowerCase();
  const starts: number[] = [0];
  for (let at = lowered.indexOf('\n'); at !== -1; at = lowered.indexOf('\n', at + 1)) starts.push(at + 1);
  const found = new Set<number>();
  for (const term of terms) {
    const key = IDENTIFIER.test(term) ? normalizeTerm(term) : term.toLowerCase();
    if (!key) continue;
    for (let at = lowered.indexOf(key); at !== -1; at = lowered.indexOf(key, at + 1)) {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid]! <= at) low = mid;
        else high = mid - 1;
      }
      found.add(low);
      // Go on from the next line: this one is already in.
      at = (starts[low + 1] ?? lowered.length) - 1;
    }
  }
  return [...found].sort((a, b) => a - b);
}
