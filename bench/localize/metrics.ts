/** How one ranking did on one task. */
export interface TaskScore {
  recall1: number;
  recall5: number;
  recall10: number;
  /** 1 when a ground-truth file is in the top 5, else 0. */
  hit5: number;
  /** 1 / rank of the first ground-truth file, 0 when none is ranked. */
  reciprocalRank: number;
  ms: number;
  /** True when the task's text names none of its ground-truth files. */
  namesNoFile: boolean;
}

/** Averages over a set of tasks; recalls and hit rate are fractions 0–1. */
export interface ScoreSummary {
  recall1: number;
  recall5: number;
  recall10: number;
  hit5: number;
  mrr: number;
  medianMs: number;
  p95Ms: number;
  tasks: number;
}

/**
 * The scores of a ranking (best first) against the ground truth, as the localization README
 * defines them. Throws when the ground truth is empty (such a task cannot be scored). Pure.
 */
export function scoreRanking(ranked: readonly string[], truth: readonly string[], ms: number, namesNoFile: boolean): TaskScore {
  if (truth.length === 0) throw new Error('scoreRanking: the ground truth is empty');
  const wanted = new Set(truth);
  const recallAt = (k: number): number => ranked.slice(0, k).filter((path) => wanted.has(path)).length / wanted.size;
  const first = ranked.findIndex((path) => wanted.has(path));
  return {
    recall1: recallAt(1),
    recall5: recallAt(5),
    recall10: recallAt(10),
    hit5: first >= 0 && first < 5 ? 1 : 0,
    reciprocalRank: first >= 0 ? 1 / (first + 1) : 0,
    ms,
    namesNoFile,
  };
}

/** The q-quantile (0–1) of values by the nearest-rank method; 0 for none. Pure. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Mean scores and timing quantiles of task scores; all zero for none. Pure. */
export function summarize(scores: readonly TaskScore[]): ScoreSummary {
  const mean = (pick: (score: TaskScore) => number): number => (scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + pick(score), 0) / scores.length);
  const times = scores.map((score) => score.ms);
  return {
    recall1: mean((s) => s.recall1),
    recall5: mean((s) => s.recall5),
    recall10: mean((s) => s.recall10),
    hit5: mean((s) => s.hit5),
    mrr: mean((s) => s.reciprocalRank),
    medianMs: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    tasks: scores.length,
  };
}

/** `contentTypeParser` → `content-type-parser`, so a camelCase mention matches a kebab-case file name. */
function kebab(word: string): string {
  return word.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function squash(word: string): string {
  return word.replace(/[-_]/g, '');
}

/**
 * True when no ground-truth file's stem (its name up to the first dot) is among the task's words,
 * comparing without case, `-` or `_` (so `content-type` matches `contentType`). Pure.
 */
export function namesNoFile(task: string, truth: readonly string[]): boolean {
  const words = new Set<string>();
  for (const [word] of task.matchAll(/[A-Za-z0-9_$-]+/g)) {
    words.add(squash(word.toLowerCase()));
    words.add(squash(kebab(word)));
  }
  return !truth.some((path) => {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const stem = base.split('.')[0]!.toLowerCase();
    return stem !== '' && words.has(squash(stem));
  });
}
