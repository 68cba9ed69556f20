import { normalizeTerm, splitIdentifier } from './query-terms.js';

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
  const wanted = terms.map((term) => ({ word: IDENTIFIER.test(term), key: IDENTIFIER.test(term) ? normalizeTerm(term) : term.toLowerCase() }));
  return (line) => {
    const lower = line.toLowerCase();
    const words = new Set<string>();
    for (const match of line.matchAll(IDENTIFIERS)) {
      words.add(normalizeTerm(match[0]));
      for (const part of splitIdentifier(match[0])) words.add(normalizeTerm(part));
    }
    const hits: number[] = [];
    wanted.forEach(({ word, key }, index) => {
      if (key && (word ? words.has(key) : lower.includes(key))) hits.push(index);
    });
    return hits;
  };
}

/**
 * The windows of `context` lines around the lines of `lines` that mention a query term, merged
 * when they overlap or touch, in file order. Empty when no line matches.
 */
export function findExcerptWindows(lines: readonly string[], terms: readonly string[], context = 3): LineWindow[] {
  const match = createLineMatcher(terms);
  const windows: { start: number; end: number; terms: Set<number> }[] = [];
  lines.forEach((line, index) => {
    const hits = match(line);
    if (hits.length === 0) return;
    const start = Math.max(0, index - context);
    const end = Math.min(lines.length - 1, index + context);
    const last = windows.at(-1);
    if (last && start <= last.end + 1) {
      last.end = end;
      for (const hit of hits) last.terms.add(hit);
    } else {
      windows.push({ start, end, terms: new Set(hits) });
    }
  });
  return windows.map(({ start, end, terms: found }) => ({ start, end, hits: found.size }));
}
