import { LRUCache } from 'lru-cache';
import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';
import { createRequire } from 'node:module';

type Encoding = typeof O200k;
let loaded: Encoding | undefined;

/**
 * The tokenizer, loaded at the first count: building its tables costs ~0.2 s of CPU, which every
 * process importing the prompt builder paid at start (API, supervisor, CLI, each worker restart)
 * whether it ever counted a token or not.
 */
function tokenizer(): Encoding {
  return (loaded ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as Encoding);
}

/**
 * Token counting for prompt budgets, with a real BPE tokenizer (o200k_base, the GPT-4o/Codex
 * vocabulary; Claude's tokenizer is not published, and o200k counts within a few per cent of it
 * on code). Special-token text such as `<|endoftext|>` in a file is counted as plain text, never
 * rejected.
 */
const PLAIN = { disallowedSpecial: new Set<string>() } as const;

// Counts of texts seen before: prompts of one project repeat the same files, signatures and
// sections from iteration to iteration and task to task. The least recently used go first.
const counted = new LRUCache<string, number>({
  max: 20_000,
  maxSize: 16 * 1024 * 1024,
  maxEntrySize: 4 * 1024 * 1024,
  sizeCalculation: (_tokens, text) => Math.max(1, text.length),
});

function remember(text: string, tokens: number): number {
  counted.set(text, tokens);
  return tokens;
}

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return counted.get(text) ?? remember(text, tokenizer().encode(text, PLAIN).length);
}

/**
 * The tokens of `text` when they are at most `limit`, else undefined: stops encoding as soon as the
 * limit is passed, so asking whether a large file fits costs only the part that was read.
 */
export function countTokensWithin(text: string, limit: number): number | undefined {
  if (text.length === 0) return limit >= 0 ? 0 : undefined;
  if (limit < 0) return undefined;
  const known = counted.get(text);
  if (known !== undefined) return known <= limit ? known : undefined;
  const within = tokenizer().isWithinTokenLimit(text, limit, PLAIN);
  return within === false ? undefined : remember(text, within);
}

/**
 * The longest prefix of `text` that fits in `maxTokens`, cut at a line end when one is near so
 * code is not split mid-line. Returns the text unchanged when it fits.
 */
export function truncateToTokens(text: string, maxTokens: number): { text: string; tokens: number; truncated: boolean } {
  if (maxTokens <= 0) return { text: '', tokens: 0, truncated: text.length > 0 };
  const known = counted.get(text);
  if (known !== undefined && known <= maxTokens) return { text, tokens: known, truncated: false };
  const tokens = tokenizer().encode(text, PLAIN);
  if (tokens.length <= maxTokens) return { text, tokens: remember(text, tokens.length), truncated: false };
  let cut = tokenizer().decode(tokens.slice(0, maxTokens));
  // A token boundary can fall inside a multi-byte character: drop a trailing replacement char.
  cut = cut.replace(/\uFFFD+$/u, '');
  const lastNewline = cut.lastIndexOf('\n');
  if (lastNewline > cut.length * 0.8) cut = cut.slice(0, lastNewline + 1);
  return { text: cut, tokens: countTokens(cut), truncated: true };
}
