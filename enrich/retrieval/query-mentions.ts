import type { RetrievalQuery } from './ranked-file.js';
import { phraseCounts, termsOf } from './split-words.js';

/** A task's words as the selector reads them. */
export interface ParsedQuery {
  /** Retrieval terms → weight (title terms count fully, description terms half, repeats add a little). */
  terms: Map<string, number>;
  /** Adjacent word pairs (see `phraseCounts`) → weight, weighed like `terms`. */
  phrases: Map<string, number>;
  /** Code-like names the task mentions (`mediaType`, `Reply`, `content_type`), exact case, each once. */
  identifiers: string[];
  /** Every word of the task, lower case without `-`/`_`, to match file stems (`content-type` → `contenttype`). */
  words: Set<string>;
  /** The conventional-commit scopes of the title (`fix(module-runner): …` → `modulerunner`), squashed like `words`. */
  scopes: string[];
}

const BACKTICKED = /`([^`\n]+)`/g;
const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;
const WORD = /[A-Za-z0-9_$]+(?:-[A-Za-z0-9_$]+)*/g;
/** camelCase, PascalCase with two capitals, snake_case, SCREAMING_CASE, `$x`, or a call `foo(`. */
const CODE_LIKE = /^(?:[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+|_[A-Za-z0-9_]+|\$[A-Za-z0-9_$]+|[A-Z][A-Z0-9]*_[A-Z0-9_]+)$/;

/** `contentTypeParser` → `content-type-parser`, so camelCase words match kebab-case file names. */
function kebab(word: string): string {
  return word.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** The word form used to match file stems: lower case, `-`/`_` removed. */
export function squashWord(word: string): string {
  return word.toLowerCase().replace(/[-_]/g, '');
}

/**
 * Reads a task: weighted retrieval terms, code-like names (anything in backticks, dotted paths
 * such as `Reply.prototype.mediaType`, camelCase/PascalCase/snake_case words, calls `foo()`), and
 * its words for file-name matching. Pure.
 */
export function parseQuery(query: RetrievalQuery): ParsedQuery {
  const title = query.title;
  const description = query.description ?? '';
  const terms = new Map<string, number>();
  const phrases = new Map<string, number>();
  const add = (text: string, weight: number): void => {
    for (const term of termsOf(text)) terms.set(term, (terms.get(term) ?? 0) + weight);
    for (const [phrase, count] of phraseCounts(text)) phrases.set(phrase, (phrases.get(phrase) ?? 0) + count * weight);
  };
  add(title, 1);
  add(description, 0.5);
  // Saturate repeats: a term said five times is not five times as telling.
  for (const weights of [terms, phrases]) for (const [term, weight] of weights) weights.set(term, weight <= 1 ? weight : 1 + Math.log(weight));

  const identifiers = new Set<string>();
  const text = `${title}\n${description}`;
  for (const [, inside] of text.matchAll(BACKTICKED)) for (const [name] of inside!.matchAll(IDENTIFIER)) if (name.length > 1) identifiers.add(name);
  for (const [dotted] of text.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+/g)) for (const part of dotted.split('.')) if (part.length > 1) identifiers.add(part);
  for (const [name] of text.matchAll(/([A-Za-z_$][\w$]*)\(/g)) identifiers.add(name.slice(0, -1));
  for (const [word] of text.matchAll(IDENTIFIER)) if (CODE_LIKE.test(word)) identifiers.add(word);

  const words = new Set<string>();
  for (const [word] of text.matchAll(WORD)) {
    words.add(squashWord(word));
    words.add(squashWord(kebab(word)));
  }
  const scope = /^\s*[A-Za-z]+\s*\(([^)]+)\)\s*!?:/.exec(title)?.[1] ?? '';
  const scopes = [
    ...new Set(
      scope
        .split(/[\s,/|]+/)
        .map(squashWord)
        .filter((word) => word.length >= 2),
    ),
  ].sort();
  return { terms, phrases, identifiers: [...identifiers].sort(), words, scopes };
}
