import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPromptBuilder, type PromptRequest } from '../../enrich/build-prompt.js';
import { readSourceFiles } from '../../enrich/retrieval/read-source-files.js';
import { runGit } from '../../git/run-git.js';
import { DEFAULT_BUDGET_TOKENS } from '../../model/prompt-settings.js';
import type { LocalizationTask } from '../localize/dataset.js';
import { queryOf } from '../localize/run-benchmark.js';

/** What one prompt benchmark run is asked to do. */
export interface PromptBenchmarkInput {
  gitDir: string;
  /** In the order to build them (oldest first, as a project moves forward). */
  tasks: readonly LocalizationTask[];
  budgetTokens?: number;
  onTask?: (done: number, total: number) => void;
}

/** One built prompt: whole build and retrieval times, and its size against the budget. */
export interface PromptSample {
  ms: number;
  retrievalMs: number;
  tokens: number;
  budget: number;
}

/** The first build (cold: empty cache) and the rest (warm: the index derived from the previous commit's). */
export interface PromptBenchmarkResult {
  cold: PromptSample;
  warm: PromptSample[];
  /** The candidate pool of the last task's commit. */
  sourceFiles: number;
}

/**
 * Builds the whole prompt of each task at its parent commit, as a task's iteration would: in a
 * work tree checked out at that commit (a `--shared` clone of `gitDir`, moved from commit to
 * commit outside the timed part), with one prompt builder whose index cache stays warm across
 * tasks. Rejects when git cannot clone or check out.
 */
export async function runPromptBenchmark(input: PromptBenchmarkInput): Promise<PromptBenchmarkResult> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-bench-'));
  const workTree = path.join(scratch, 'work');
  try {
    await runGit(scratch, ['clone', '--quiet', '--shared', '--no-checkout', '--', path.resolve(input.gitDir), workTree]);
    const builder = createPromptBuilder({ cacheDir: path.join(scratch, 'cache') });
    const samples: PromptSample[] = [];
    for (const [i, task] of input.tasks.entries()) {
      await runGit(workTree, ['checkout', '--quiet', '--force', '--detach', task.parent]);
      const request: PromptRequest = {
        key: 'bench',
        projectName: path.basename(input.gitDir),
        repoDir: workTree,
        commit: task.parent,
        workDir: workTree,
        task: { ...queryOf(task), acceptanceCriteria: [] },
        iteration: 1,
        maxIterations: 5,
        testCommand: ['npm', 'test'],
        lintCommand: ['npm', 'run', 'lint'],
        settings: { budgetTokens: input.budgetTokens ?? DEFAULT_BUDGET_TOKENS, layers: {} },
        carry: {},
        previousIterations: [],
        projectLessons: [],
        related: [],
      };
      const { report } = await builder.build(request);
      if (report.retrievalMs === undefined) {
        const note = report.layers.find((layer) => layer.layer === 'relevantFiles')?.note ?? 'no note';
        throw new Error(`prompt at ${task.parent}: the repository was not indexed (${note})`);
      }
      samples.push({ ms: report.durationMs, retrievalMs: report.retrievalMs, tokens: report.total, budget: report.budget });
      input.onTask?.(i + 1, input.tasks.length);
    }
    const [cold, ...warm] = samples;
    if (cold === undefined) throw new Error('no tasks to build prompts for');
    const last = input.tasks.at(-1)!;
    return { cold, warm, sourceFiles: (await readSourceFiles(workTree, last.parent)).files.length };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
