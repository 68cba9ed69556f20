import type { FileSymbols } from '../symbols/code-symbol.js';
import { extensionOf, looksGenerated, looksMinified } from './source-pool.js';
import { phraseCounts, termCounts } from './split-words.js';

/** Bumped whenever the analysis changes shape or meaning, so stale disk entries are ignored. */
export const ANALYSIS_VERSION = 2;

/** Reads what a file defines and uses (the symbols module's extractor). */
export interface SymbolReader {
  extract(path: string, text: string): FileSymbols;
}

/**
 * What the index keeps of one blob of a source path. It depends only on the blob's bytes and the
 * path's extension (which picks the grammar), so it is shared by every commit and path holding
 * the same blob with the same extension.
 */
export interface BlobAnalysis {
  /** False when the blob is binary or too big to read: it keeps its path but has no content. */
  hasText: boolean;
  generated: boolean;
  minified: boolean;
  /** Content term frequencies (see `addTerms`). */
  terms: Map<string, number>;
  /** Number of content terms, with repeats. */
  length: number;
  /** Adjacent word pairs of the content (see `phraseCounts`) and their number. */
  phrases: Map<string, number>;
  phraseLength: number;
  symbols: FileSymbols | undefined;
}

function sum(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

/** The cache key of a blob read under a path: the blob id and the extension. */
export function analysisKey(sha: string, path: string): string {
  return `${sha}.${extensionOf(path) || 'none'}`;
}

/** The analysis of a blob's text (undefined: binary or too big) under `path`. Pure given a pure reader. */
export function analyseBlob(path: string, text: string | undefined, reader: SymbolReader | undefined): BlobAnalysis {
  const empty = { terms: new Map<string, number>(), length: 0, phrases: new Map<string, number>(), phraseLength: 0, symbols: undefined };
  if (text === undefined) return { hasText: false, generated: false, minified: false, ...empty };
  const generated = looksGenerated(text);
  const minified = !generated && looksMinified(text);
  if (generated || minified) return { hasText: true, generated, minified, ...empty };
  const terms = termCounts(text);
  const phrases = phraseCounts(text);
  return { hasText: true, generated, minified, terms, length: sum(terms), phrases, phraseLength: sum(phrases), symbols: reader?.extract(path, text) };
}

/** True when an analysed blob belongs in the candidate pool (its path being a source path). */
export function isSourceContent(analysis: BlobAnalysis): boolean {
  return analysis.hasText && !analysis.generated && !analysis.minified;
}

/** The JSON form of an analysis for the disk cache. Pure. */
export function serializeAnalysis(analysis: BlobAnalysis): string {
  return JSON.stringify({
    v: ANALYSIS_VERSION,
    hasText: analysis.hasText,
    generated: analysis.generated,
    minified: analysis.minified,
    length: analysis.length,
    terms: Object.fromEntries(analysis.terms),
    phraseLength: analysis.phraseLength,
    phrases: Object.fromEntries(analysis.phrases),
    symbols: analysis.symbols ?? null,
  });
}

/** The analysis stored by `serializeAnalysis`, or undefined when it is of another version or malformed. Pure. */
export function parseAnalysis(json: string): BlobAnalysis | undefined {
  try {
    const value = JSON.parse(json) as {
      v?: unknown;
      hasText?: unknown;
      generated?: unknown;
      minified?: unknown;
      length?: unknown;
      terms?: unknown;
      phraseLength?: unknown;
      phrases?: unknown;
      symbols?: unknown;
    };
    if (value.v !== ANALYSIS_VERSION || typeof value.length !== 'number' || typeof value.terms !== 'object' || value.terms === null) return undefined;
    if (typeof value.phraseLength !== 'number' || typeof value.phrases !== 'object' || value.phrases === null) return undefined;
    return {
      hasText: value.hasText === true,
      generated: value.generated === true,
      minified: value.minified === true,
      terms: new Map(Object.entries(value.terms as Record<string, number>)),
      length: value.length,
      phrases: new Map(Object.entries(value.phrases as Record<string, number>)),
      phraseLength: value.phraseLength,
      symbols: (value.symbols ?? undefined) as FileSymbols | undefined,
    };
  } catch {
    return undefined;
  }
}
