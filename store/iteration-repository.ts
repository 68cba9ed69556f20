import type { AgentOutcome } from '../model/agent-outcome.js';
import type { Db } from './open-database.js';

/** One agent run of a task. */
export interface IterationRecord {
  taskId: string;
  number: number;
  outcome: AgentOutcome;
  summary: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number | null;
  durationMs: number;
  exitCode: number | null;
  testsPassed: boolean | null;
  logPath: string | null;
  promptPath: string | null;
  startedAt: string;
  finishedAt: string;
}

interface IterationRow {
  task_id: string;
  number: number;
  outcome: string;
  summary: string;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number | null;
  duration_ms: number;
  exit_code: number | null;
  tests_passed: number | null;
  log_path: string | null;
  prompt_path: string | null;
  started_at: string;
  finished_at: string;
}

function toIteration(row: IterationRow): IterationRecord {
  return {
    taskId: row.task_id,
    number: row.number,
    outcome: row.outcome as AgentOutcome,
    summary: row.summary,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    costUsd: row.cost_usd,
    durationMs: row.duration_ms,
    exitCode: row.exit_code,
    testsPassed: row.tests_passed === null ? null : row.tests_passed === 1,
    logPath: row.log_path,
    promptPath: row.prompt_path,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Reads and writes task iterations; recording the same iteration twice replaces it. */
export function createIterationRepository(db: Db) {
  return {
    record(iteration: IterationRecord): void {
      db.prepare(
        `INSERT INTO task_iterations (task_id, number, outcome, summary, tokens_in, tokens_out, cost_usd, duration_ms, exit_code,
           tests_passed, log_path, prompt_path, started_at, finished_at)
         VALUES (@taskId, @number, @outcome, @summary, @tokensIn, @tokensOut, @costUsd, @durationMs, @exitCode, @testsPassed,
           @logPath, @promptPath, @startedAt, @finishedAt)
         ON CONFLICT (task_id, number) DO UPDATE SET outcome = excluded.outcome, summary = excluded.summary,
           tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, cost_usd = excluded.cost_usd,
           duration_ms = excluded.duration_ms, exit_code = excluded.exit_code,
           tests_passed = COALESCE(excluded.tests_passed, task_iterations.tests_passed), log_path = excluded.log_path,
           prompt_path = excluded.prompt_path, started_at = excluded.started_at, finished_at = excluded.finished_at`,
      ).run({ ...iteration, testsPassed: iteration.testsPassed === null ? null : Number(iteration.testsPassed) });
    },
    /** Records whether the project's tests passed after this iteration. */
    recordTests(taskId: string, number: number, passed: boolean): void {
      db.prepare('UPDATE task_iterations SET tests_passed = ? WHERE task_id = ? AND number = ?').run(Number(passed), taskId, number);
    },
    list(taskId: string): IterationRecord[] {
      return db.prepare<[string], IterationRow>('SELECT * FROM task_iterations WHERE task_id = ? ORDER BY number').all(taskId).map(toIteration);
    },
  };
}

export type IterationRepository = ReturnType<typeof createIterationRepository>;
