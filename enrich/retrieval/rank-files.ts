import { DEFAULT_WEIGHTS, fuseSignals, scaleToOne, type BaseSignals, type RankingWeights } from './fuse-signals.js';
import { messageScores, recencyScores } from './history-signals.js';
import { lexicalScores } from './lexical-signal.js';
import { definesScores, stemScores } from './mention-signal.js';
import { parseQuery } from './query-mentions.js';
import type { RankedFile, RetrievalQuery } from './ranked-file.js';
import type { RankingFeatures } from './ranking-features.js';
import { CommitIndex, comparePaths, type RepoIndex } from './repo-index.js';

export { DEFAULT_WEIGHTS, type RankingWeights } from './fuse-signals.js';

/** The query-dependent signals of every file, each scaled to a maximum of 1. Pure. */
export function computeBaseSignals(features: RankingFeatures, query: RetrievalQuery): BaseSignals {
  const parsed = parseQuery(query);
  return {
    lexical: scaleToOne(lexicalScores(features, parsed)),
    stem: scaleToOne(stemScores(features, parsed)),
    defines: scaleToOne(definesScores(features, parsed)),
    message: scaleToOne(messageScores(features.history, features.indexOf, parsed.terms)),
    recency: scaleToOne(recencyScores(features.history, features.indexOf)),
  };
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
  const { total, signals } = fuseSignals(features, computeBaseSignals(features, query), weights);
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
