import { personalisedPageRank } from './file-graph.js';
import { cochangeScores } from './history-signals.js';
import type { RankingFeatures } from './ranking-features.js';
import { comparePaths } from './repo-index.js';

/** How much each signal counts; every signal is scaled to a maximum of 1 over the pool first. */
export interface RankingWeights {
  /** BM25+ over path, defined names and content (see `lexicalScores`). */
  lexical: number;
  /** BM25+ over the adjacent word pairs of the task and of each file (`phraseScores`). */
  phrase: number;
  /** Files whose name the task says (`stemScores`). */
  stem: number;
  /** Files defining the code-like names the task mentions (`definesScores`). */
  defines: number;
  /** Files inside the title's conventional-commit scope (`scopeScores`). */
  scope: number;
  /** Files of the past commits whose messages match the task (`messageScores`). */
  message: number;
  /** Files changed often and lately (`recencyScores`). */
  recency: number;
  /** Files that changed together with the first pass's best files (`cochangeScores`). */
  cochange: number;
  /** Personalised PageRank from the first pass's best files over the defines/uses graph. */
  graph: number;
  /** How many of the first-pass best files seed the co-change and graph signals. */
  seeds: number;
}

/**
 * The weights in use, chosen on seven repositories' histories at once (bench/README.md). Recency
 * counts a little, with a short half-life (10 commits: what is being worked on now; +0.5 points of
 * recall@5 and hit@5 on average over the seven, 50 commits added nothing). Co-change and the
 * graph are off: in every form tried they added nothing over the past commit messages (which
 * already carry which files change together) or cost recall somewhere.
 */
export const DEFAULT_WEIGHTS: Readonly<RankingWeights> = {
  lexical: 1,
  phrase: 0.5,
  stem: 0.5,
  defines: 0.5,
  scope: 0.5,
  message: 1,
  recency: 0.25,
  cochange: 0,
  graph: 0,
  seeds: 3,
};

/** The signals computed from the query alone, each scaled to a maximum of 1. */
export type BaseSignals = Record<string, Float64Array>;

/** Scales scores in place to a maximum of 1 (all zeros stay zeros); returns them. */
export function scaleToOne(scores: Float64Array): Float64Array {
  let max = 0;
  for (const score of scores) if (score > max) max = score;
  if (max > 0) for (let i = 0; i < scores.length; i++) scores[i]! /= max;
  return scores;
}

/** The fused score of every file and the signals that made it (base signals plus co-change and graph). */
export interface FusedScores {
  total: Float64Array;
  signals: Record<string, Float64Array>;
}

/**
 * Fuses the base signals with `weights` (a weighted sum), then adds the signals seeded by the
 * first pass's best files: co-change with them in the history, and personalised PageRank from
 * them over the defines/uses graph. Deterministic: first-pass ties are broken by path. Pure.
 */
export function fuseSignals(features: RankingFeatures, base: BaseSignals, weights: RankingWeights): FusedScores {
  const n = features.paths.length;
  const total = new Float64Array(n);
  const signals: Record<string, Float64Array> = { ...base };
  const weightOf = (name: string): number => (weights as unknown as Record<string, number>)[name] ?? 0;
  const add = (name: string, scores: Float64Array): void => {
    signals[name] = scores;
    const weight = weightOf(name);
    if (weight !== 0) for (let i = 0; i < n; i++) total[i]! += weight * scores[i]!;
  };
  for (const [name, scores] of Object.entries(base)) add(name, scores);

  const order = [...total.keys()].sort((a, b) => total[b]! - total[a]! || comparePaths(features.paths[a]!, features.paths[b]!));
  const top = n === 0 ? 0 : total[order[0]!]!;
  if (top <= 0 || weights.seeds <= 0) return { total, signals };
  const seeds = order
    .slice(0, weights.seeds)
    .filter((file) => total[file]! > 0)
    .map((file) => ({ file, weight: total[file]! / top }));
  if (weights.cochange !== 0) add('cochange', scaleToOne(cochangeScores(features.history, features.paths, features.indexOf, seeds)));
  if (weights.graph !== 0) {
    const personalisation = new Float64Array(n);
    for (const seed of seeds) personalisation[seed.file] = seed.weight;
    const rank = personalisedPageRank(features.graph(), personalisation);
    // The seeds' own share is mostly the restart mass, not evidence: only what flows to other files counts.
    for (const seed of seeds) rank[seed.file] = 0;
    add('graph', scaleToOne(rank));
  }
  return { total, signals };
}
