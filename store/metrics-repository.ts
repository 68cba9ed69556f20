import type { TaskFacts } from '../model/task-stats.js';
import type { Db } from './open-database.js';

/** Tasks of one project, agent and status. */
export interface TaskCount {
  project: string;
  agent: string;
  status: string;
  count: number;
}

/** What the iterations of one project, agent and model ended with, and what they used. */
export interface IterationTotals {
  project: string;
  agent: string;
  /** `unknown` when the CLI did not say and the task named none. */
  model: string;
  outcome: string;
  count: number;
  tokensIn: number;
  tokensOut: number;
  /** What the agents reported, or Ringmaster estimated from the tokens. */
  costUsd: number;
}

/** One duration of a project's and agent's run or task, in seconds. */
export interface Duration {
  project: string;
  agent: string;
  seconds: number;
}

/** Releases of one project that ended one way (a running one has not). */
export interface ReleaseCount {
  project: string;
  status: string;
  count: number;
}

/** Aggregates of the projection for the metrics a scrape reads: each is one query over its table. */
export function createMetricsRepository(db: Db) {
  const tasks = db.prepare(
    `SELECT p.name AS project, t.agent AS agent, t.status AS status, COUNT(*) AS count
       FROM tasks t JOIN projects p ON p.id = t.project_id
      GROUP BY p.name, t.agent, t.status`,
  );
  const iterations = db.prepare(
    `SELECT p.name AS project, t.agent AS agent, COALESCE(i.model, 'unknown') AS model, i.outcome AS outcome, COUNT(*) AS count,
            SUM(i.tokens_in) AS tokensIn, SUM(i.tokens_out) AS tokensOut, COALESCE(SUM(i.cost_usd), 0) AS costUsd
       FROM task_iterations i JOIN tasks t ON t.id = i.task_id JOIN projects p ON p.id = t.project_id
      GROUP BY p.name, t.agent, COALESCE(i.model, 'unknown'), i.outcome`,
  );
  const runDurations = db.prepare(
    `SELECT p.name AS project, t.agent AS agent, i.duration_ms / 1000.0 AS seconds
       FROM task_iterations i JOIN tasks t ON t.id = i.task_id JOIN projects p ON p.id = t.project_id`,
  );
  // Only tasks that ended: from filing to their final status, to the millisecond (julianday is a double).
  const taskDurations = db.prepare(
    `SELECT p.name AS project, t.agent AS agent, ROUND((julianday(t.finished_at) - julianday(t.created_at)) * 86400.0, 3) AS seconds
       FROM tasks t JOIN projects p ON p.id = t.project_id
      WHERE t.finished_at IS NOT NULL`,
  );
  // Every project, so that an empty queue is a 0 and not a missing series.
  const queueDepths = db.prepare(
    `SELECT p.name AS project, (SELECT COUNT(*) FROM merge_queue_passes q WHERE q.project_id = p.id AND q.left_at IS NULL) AS count
       FROM projects p`,
  );
  const queueWaits = db.prepare(
    `SELECT p.name AS project, ROUND((julianday(q.left_at) - julianday(q.entered_at)) * 86400.0, 3) AS seconds
       FROM merge_queue_passes q JOIN projects p ON p.id = q.project_id
      WHERE q.left_at IS NOT NULL`,
  );
  const releases = db.prepare(
    `SELECT p.name AS project, r.status AS status, COUNT(*) AS count
       FROM reloads r JOIN projects p ON p.id = r.project_id
      WHERE r.status <> 'running'
      GROUP BY p.name, r.status`,
  );
  const facts = db.prepare(
    `SELECT p.name AS project, t.agent AS agent, t.status AS status, t.iterations AS iterations,
            COALESCE((SELECT i.model FROM task_iterations i WHERE i.task_id = t.id AND i.model IS NOT NULL ORDER BY i.number DESC LIMIT 1), 'unknown') AS model,
            t.tokens_in AS tokensIn, t.tokens_out AS tokensOut, t.cost_usd AS costUsd,
            CASE WHEN t.finished_at IS NULL THEN NULL ELSE ROUND((julianday(t.finished_at) - julianday(t.created_at)) * 86400.0, 3) END AS durationSeconds
       FROM tasks t JOIN projects p ON p.id = t.project_id
      WHERE t.created_at >= @since AND t.created_at < @until AND (@project IS NULL OR p.name = @project OR p.id = @project)`,
  );
  return {
    tasks: (): TaskCount[] => tasks.all() as TaskCount[],
    /** The tasks filed in [since, until) (ISO timestamps), of one project (name or id) or all. */
    taskFacts: (window: { since: string; until: string; project: string | null }): TaskFacts[] => facts.all(window) as TaskFacts[],
    iterations: (): IterationTotals[] => iterations.all() as IterationTotals[],
    runDurations: (): Duration[] => runDurations.all() as Duration[],
    taskDurations: (): Duration[] => taskDurations.all() as Duration[],
    releases: (): ReleaseCount[] => releases.all() as ReleaseCount[],
    /** Tasks in each project's merge queue now (waiting, or being merged, tested and released). */
    queueDepths: (): { project: string; count: number }[] => queueDepths.all() as { project: string; count: number }[],
    /** How long each pass through a merge queue took, from the task's commit to the queue's verdict. */
    queueWaits: (): { project: string; seconds: number }[] => queueWaits.all() as { project: string; seconds: number }[],
  };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
