import { DEFAULT_WEIGHTS, fuseSignals, scaleToOne, type BaseSignals, type RankingWeights } from './fuse-signals.js';
import { messageScores, recencyScores } from './history-signals.js';
import { lexicalScores, phraseScores } from './lexical-signal.js';
import { definesScores, scopeScores, stemScores } from './mention-signal.js';
import { parseQuery } from './query-mentions.js';
import type { RankedFile, RetrievalQuery } from './ranked-file.js';
import type { RankingFeatures } from './ranking-features.js';
import { CommitIndex, comparePaths, type RepoIndex } from './repo-index.js';

export { DEFAULT_WEIGHTS, type RankingWeights } from './fuse-signals.js';

/** The query-dependent signals of every file with a non-zero weight, each scaled to a maximum of 1. Pure. */
export function computeBaseSignals(features: RankingFeatures, query: RetrievalQuery, weights: RankingWeights = DEFAULT_WEIGHTS): BaseSignals {
  const parsed = parseQuery(query);
  const compute: Record<string, () => Float64Array> = {
    lexical: () => lexicalScores(features, parsed),
    phrase: () => phraseScores(features, parsed),
    stem: () => stemScores(features, parsed),
    defines: () => definesScores(features, parsed),
    scope: () => scopeScores(features, parsed),
    message: () => messageScores(features.history, features.indexOf, parsed.terms),
    recency: () => recencyScores(features.history, features.indexOf),
  };
  const signals: BaseSignals = {};
  for (const [name, score] of Object.entries(compute)) {
    if ((weights as unknown as Record<string, number>)[name] !== 0) signals[name] = scaleToOne(score());
  }
  return signals;
}

/**
 * The index's source files ranked for a task, best first (ties by path), at most `limit` (all by
 * default), each with its score and every signal's weighted contribution. Synchronous: the index
 * holds everything. Throws a TypeError when `index` was not opened by `createRepoIndexCache`.
 */
export function rankFiles(index: RepoIndex, query: RetrievalQuery, opts: { limit?: number; weights?: Partial<RankingWeights> } = {}): RankedFile[] {
  if (!(index instanceof CommitIndex)) throw new TypeError('rankFiles: the index must come from createRepoIndexCache().open()');
  const weights: RankingWeights = { ...DEFAULT_WEIGHTS, ...opts.weights };
  const features = index.rankingFeatures();
  const { total, signals } = fuseSignals(features, computeBaseSignals(features, query, weights), weights);
  const weightOf = (name: string): number => (weights as unknown as Record<string, number>)[name] ?? 0;
  const ranked: RankedFile[] = features.paths.map((path, file) => {
    const contributions: Record<string, number> = {};
    for (const [name, scores] of Object.entries(signals)) {
      const contribution = weightOf(name) * scores[file]!;
      if (contribution !== 0) contributions[name] = contribution;
    }
    return { path, score: total[file]!, signals: contributions };
  });
  ranked.sort((a, b) => b.score - a.score || comparePaths(a.path, b.path));
  return opts.limit === undefined ? ranked : ranked.slice(0, opts.limit);
}
