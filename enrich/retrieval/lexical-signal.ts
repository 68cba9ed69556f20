import { scoreBm25 } from './bm25.js';
import type { ParsedQuery } from './query-mentions.js';
import type { RankingFeatures } from './ranking-features.js';

/** How the lexical fields add up: the path counts more per match, the names a file defines less. */
export interface LexicalWeights {
  path: number;
  symbols: number;
  content: number;
  /** Exponent of the coordination factor: a file is multiplied by (matched query terms)^coordination. */
  coordination: number;
}

export const DEFAULT_LEXICAL: LexicalWeights = { path: 1, symbols: 0.5, content: 1, coordination: 0.5 };

/**
 * BM25F-like lexical score of each file (indexed like `features.paths`): the weighted sum of BM25+
 * over its path, its defined names and its content, multiplied by the square root of how many of
 * the task's terms it contains in any field (MiniSearch multiplies by the count itself), so files
 * matching more of the task come first without huge files winning on breadth alone. Pure.
 */
export function lexicalScores(features: RankingFeatures, query: ParsedQuery, weights: LexicalWeights = DEFAULT_LEXICAL): Float64Array {
  const path = scoreBm25(features.pathDocs, query.terms);
  const symbols = scoreBm25(features.symbolDocs, query.terms);
  const content = scoreBm25(features.contentDocs, query.terms);
  const scores = new Float64Array(features.paths.length);
  for (let i = 0; i < scores.length; i++) {
    const sum = weights.path * path.scores[i]! + weights.symbols * symbols.scores[i]! + weights.content * content.scores[i]!;
    const matched = Math.max(path.matched[i]!, symbols.matched[i]!, content.matched[i]!);
    scores[i] = sum * Math.max(matched, 1) ** weights.coordination;
  }
  return scores;
}

/** BM25 of the task's adjacent word pairs over each file's (a phrase of the task found in the file). Pure. */
export function phraseScores(features: RankingFeatures, query: ParsedQuery): Float64Array {
  return scoreBm25(features.phraseDocs, query.phrases).scores;
}
