import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rankFiles, type RankingWeights } from '../../enrich/retrieval/rank-files.js';
import { readSourceFiles } from '../../enrich/retrieval/read-source-files.js';
import { createRepoIndexCache } from '../../enrich/retrieval/repo-index-cache.js';
import { rankWithBaseline } from './bm25-baseline.js';
import type { LocalizationTask } from './dataset.js';
import { namesNoFile, scoreRanking, type TaskScore } from './metrics.js';

/** What one benchmark run is asked to do. */
export interface BenchmarkInput {
  gitDir: string;
  /** In the order to run them (oldest first, so the warm index moves forward by small diffs). */
  tasks: readonly LocalizationTask[];
  /** Measure a cold build (fresh cache, nothing in memory or on disk) on every n-th task; 0 for never. */
  coldEvery: number;
  weights?: Partial<RankingWeights>;
  /** Called after each task, for progress. */
  onTask?: (done: number, total: number) => void;
}

/** Scores per ranker; `selectorCold` holds only the sampled cold tasks. */
export interface BenchmarkResult {
  selector: TaskScore[];
  selectorCold: TaskScore[];
  bm25: TaskScore[];
  /** The baseline's time per task including its fresh git reads. */
  bm25WithReadsMs: number[];
  /** Tasks left out because none of their files exists in the parent tree. */
  skipped: number;
  /** Ground-truth files present in the parent tree but outside the selector's candidate pool. */
  outsidePool: number;
}

/** The task's words as the selector's query: the first line is the title. */
export function queryOf(task: LocalizationTask): { title: string; description: string } {
  const [title = '', ...rest] = task.task.split('\n');
  return { title, description: rest.join('\n').trim() };
}

/**
 * Runs both rankers over the tasks: the baseline reads each parent afresh; the selector keeps one
 * warm cache across tasks and, on the sampled tasks, is also timed from a fresh cache. Rejects
 * when git cannot read a task's parent.
 */
export async function runBenchmark(input: BenchmarkInput): Promise<BenchmarkResult> {
  const key = path.resolve(input.gitDir);
  const warmDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localize-warm-'));
  const warm = createRepoIndexCache({ cacheDir: warmDir });
  const result: BenchmarkResult = { selector: [], selectorCold: [], bm25: [], bm25WithReadsMs: [], skipped: 0, outsidePool: 0 };
  try {
    for (const [i, task] of input.tasks.entries()) {
      const readStarted = performance.now();
      const { files, allPaths } = await readSourceFiles(input.gitDir, task.parent);
      const readMs = performance.now() - readStarted;
      const present = new Set(allPaths);
      const truth = task.files.filter((file) => present.has(file));
      if (truth.length === 0) {
        result.skipped++;
        continue;
      }
      const noName = namesNoFile(task.task, truth);
      const baselineStarted = performance.now();
      const baseline = rankWithBaseline(files, task.task);
      const baselineMs = performance.now() - baselineStarted;
      result.bm25.push(scoreRanking(baseline, truth, baselineMs, noName));
      result.bm25WithReadsMs.push(baselineMs + readMs);

      const query = queryOf(task);
      const warmStarted = performance.now();
      const index = await warm.open({ repoDir: input.gitDir, commit: task.parent, key });
      const ranked = rankFiles(index, query, { weights: input.weights }).map((file) => file.path);
      result.selector.push(scoreRanking(ranked, truth, performance.now() - warmStarted, noName));
      const pool = new Set(index.sourceFiles());
      result.outsidePool += truth.filter((file) => !pool.has(file)).length;

      if (input.coldEvery > 0 && i % input.coldEvery === 0) {
        const coldDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localize-cold-'));
        try {
          const coldStarted = performance.now();
          const cold = createRepoIndexCache({ cacheDir: coldDir });
          const coldRanked = rankFiles(await cold.open({ repoDir: input.gitDir, commit: task.parent, key }), query, { weights: input.weights }).map((file) => file.path);
          result.selectorCold.push(scoreRanking(coldRanked, truth, performance.now() - coldStarted, noName));
          await cold.flush();
        } finally {
          fs.rmSync(coldDir, { recursive: true, force: true });
        }
      }
      input.onTask?.(i + 1, input.tasks.length);
    }
    await warm.flush();
  } finally {
    fs.rmSync(warmDir, { recursive: true, force: true });
  }
  return result;
}
