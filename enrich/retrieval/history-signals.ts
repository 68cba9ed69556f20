import { scoreBm25 } from './bm25.js';
import type { HistoryFeatures } from './history-features.js';

/**
 * How well the task matches the past commits that touched each file (as BugLocator scores similar
 * past bug reports): BM25 of the task over the history's commit messages; the `top` best commits
 * each give their score, divided by the square root of how many files they touched, to each of
 * those files. Pure.
 */
export function messageScores(history: HistoryFeatures, indexOf: ReadonlyMap<string, number>, terms: ReadonlyMap<string, number>, top = 20): Float64Array {
  const scores = new Float64Array(indexOf.size);
  if (history.commits.length === 0) return scores;
  const similarity = scoreBm25(history.messageDocuments(), terms).scores;
  const best = [...similarity.keys()]
    .filter((i) => similarity[i]! > 0)
    .sort((a, b) => similarity[b]! - similarity[a]! || a - b)
    .slice(0, top);
  for (const commit of best) {
    const files = history.filesOf[commit]!;
    for (const file of files) {
      const index = indexOf.get(file);
      if (index !== undefined) scores[index]! += similarity[commit]! / Math.sqrt(files.length);
    }
  }
  return scores;
}

/**
 * How recently and often each file changed: the sum over the commits that touched it of
 * 0.5^(age / halfLife), age counted in commits (0 = the newest). Pure.
 */
export function recencyScores(history: HistoryFeatures, indexOf: ReadonlyMap<string, number>, halfLife = 10): Float64Array {
  const scores = new Float64Array(indexOf.size);
  for (const [file, commits] of history.commitsOf) {
    const index = indexOf.get(file);
    if (index === undefined) continue;
    for (const age of commits) scores[index]! += 0.5 ** (age / halfLife);
  }
  return scores;
}

/**
 * How often each file changed together with the seed files (weighted): for a seed s and file f,
 * the share of s's commits that also touched f. Seeds score nothing for themselves. Pure.
 */
export function cochangeScores(history: HistoryFeatures, paths: readonly string[], indexOf: ReadonlyMap<string, number>, seeds: readonly { file: number; weight: number }[]): Float64Array {
  const scores = new Float64Array(paths.length);
  for (const seed of seeds) {
    const commits = history.commitsOf.get(paths[seed.file]!) ?? [];
    if (commits.length === 0) continue;
    for (const commit of commits) {
      for (const file of history.filesOf[commit]!) {
        const index = indexOf.get(file);
        if (index !== undefined && index !== seed.file) scores[index]! += seed.weight / (commits.length + 1);
      }
    }
  }
  return scores;
}
