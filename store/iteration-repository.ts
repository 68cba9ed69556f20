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
  /** True when the cost was estimated from the tokens (the CLI reports none). */
  costEstimated: boolean;
  /** The model the run used, when known. */
  model: string | null;
  /** The CLI's session (conversation) id, when it reports one. */
  sessionId: string | null;
  /** True when the run continued the previous iteration's session. */
  resumed: boolean;
  durationMs: number;
  exitCode: number | null;
  testsPassed: boolean | null;
  logPath: string | null;
  promptPath: string | null;
  startedAt: string;
  finishedAt: string;
}

/** An iteration to record: workflows from before costs were estimated (or sessions resumed) leave those fields out. */
export type NewIteration = Omit<IterationRecord, 'costEstimated' | 'model' | 'sessionId' | 'resumed'> & Partial<Pick<IterationRecord, 'costEstimated' | 'model' | 'sessionId' | 'resumed'>>;

interface IterationRow {
  task_id: string;
  number: number;
  outcome: string;
  summary: string;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number | null;
  cost_estimated: number;
  model: string | null;
  session_id: string | null;
  resumed: number;
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
    costEstimated: row.cost_estimated === 1,
    model: row.model,
    sessionId: row.session_id,
    resumed: row.resumed === 1,
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
    record(iteration: NewIteration): void {
      db.prepare(
        `INSERT INTO task_iterations (task_id, number, outcome, summary, tokens_in, tokens_out, cost_usd, cost_estimated, model, session_id, resumed, duration_ms, exit_code,
           tests_passed, log_path, prompt_path, started_at, finished_at)
         VALUES (@taskId, @number, @outcome, @summary, @tokensIn, @tokensOut, @costUsd, @costEstimated, @model, @sessionId, @resumed, @durationMs, @exitCode, @testsPassed,
           @logPath, @promptPath, @startedAt, @finishedAt)
         ON CONFLICT (task_id, number) DO UPDATE SET outcome = excluded.outcome, summary = excluded.summary,
           tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, cost_usd = excluded.cost_usd,
           cost_estimated = excluded.cost_estimated, model = excluded.model, session_id = excluded.session_id, resumed = excluded.resumed,
           duration_ms = excluded.duration_ms, exit_code = excluded.exit_code,
           tests_passed = COALESCE(excluded.tests_passed, task_iterations.tests_passed), log_path = excluded.log_path,
           prompt_path = excluded.prompt_path, started_at = excluded.started_at, finished_at = excluded.finished_at`,
      ).run({
        ...iteration,
        costEstimated: Number(iteration.costEstimated ?? false),
        model: iteration.model ?? null,
        sessionId: iteration.sessionId ?? null,
        resumed: Number(iteration.resumed ?? false),
        testsPassed: iteration.testsPassed === null ? null : Number(iteration.testsPassed),
      });
    },
    /** Records whether the project's tests passed after this iteration. */
    recordTests(taskId: string, number: number, passed: boolean): void {
      db.prepare('UPDATE task_iterations SET tests_passed = ? WHERE task_id = ? AND number = ?').run(Number(passed), taskId, number);
    },
    /** What the iterations of a project's tasks that finished at or after `since` (ISO) cost, in USD. */
    costSince(projectId: string, since: string): number {
      const row = db
        .prepare<[string, string], { cost: number | null }>('SELECT SUM(i.cost_usd) AS cost FROM task_iterations i JOIN tasks t ON t.id = i.task_id WHERE t.project_id = ? AND i.finished_at >= ?')
        .get(projectId, since);
      return row?.cost ?? 0;
    },
    list(taskId: string): IterationRecord[] {
      return db.prepare<[string], IterationRow>('SELECT * FROM task_iterations WHERE task_id = ? ORDER BY number').all(taskId).map(toIteration);
    },
  };
}

export type IterationRepository = ReturnType<typeof createIterationRepository>;
