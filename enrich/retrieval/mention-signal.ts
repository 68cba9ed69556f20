import { MAX_DEFINERS } from './file-graph.js';
import type { ParsedQuery } from './query-mentions.js';
import type { RankingFeatures } from './ranking-features.js';

/**
 * Files the task names: a file whose name stem (or, for `index.*`-like files, whose folder) is one
 * of the task's words scores 1 / (number of files of that name). Pure.
 */
export function stemScores(features: RankingFeatures, query: ParsedQuery): Float64Array {
  const scores = new Float64Array(features.paths.length);
  for (const [stem, files] of features.stems) {
    if (stem.length < 3 || !query.words.has(stem)) continue;
    for (const file of files) scores[file]! += 1 / files.length;
  }
  return scores;
}

/**
 * Files defining the code-like names the task mentions: each name adds 1 / (number of files
 * defining it) to each of them; names defined in more than twice `MAX_DEFINERS` files add nothing. Pure.
 */
export function definesScores(features: RankingFeatures, query: ParsedQuery): Float64Array {
  const scores = new Float64Array(features.paths.length);
  for (const name of query.identifiers) {
    const files = features.definers.get(name);
    if (files === undefined || files.length > 2 * MAX_DEFINERS) continue;
    for (const file of files) scores[file]! += 1 / files.length;
  }
  return scores;
}

/**
 * Files inside what the task's conventional-commit scope names (`fix(module-runner): …` → every
 * file under a `module-runner` folder or named `module-runner.*`): 1 each, 0 for the rest. Pure.
 */
export function scopeScores(features: RankingFeatures, query: ParsedQuery): Float64Array {
  const scores = new Float64Array(features.paths.length);
  for (const scope of query.scopes) for (const file of features.components.get(scope) ?? []) scores[file] = 1;
  return scores;
}
