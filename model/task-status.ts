/** Where a task is. Values cross boundaries (SQLite, REST, the RingmasterStatus search attribute). */
export const TaskStatus = {
  queued: 'queued',
  blocked: 'blocked',
  /** No live worker has a capability the task requires (named in the task's step). */
  waitingForWorker: 'waiting_for_worker',
  /** Its project spent its monthly budget: it waits before its next iteration (the step says how much, and until when). */
  waitingForBudget: 'waiting_for_budget',
  /** Its agent hit a rate or usage limit: it waits, holding no process or slot, until the limit resets (the step says when). */
  waitingForRateLimit: 'waiting_for_rate_limit',
  preparing: 'preparing',
  running: 'running',
  needsDecision: 'needs_decision',
  /** It stopped short (iterations or budget spent, blocked, stalled) and waits for a person's review. */
  needsReview: 'needs_review',
  testing: 'testing',
  integrating: 'integrating',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  conflict: 'conflict',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

export const TASK_STATUSES: readonly TaskStatus[] = Object.values(TaskStatus);

/** Statuses a task never leaves. */
export const FINAL_STATUSES: readonly TaskStatus[] = [TaskStatus.completed, TaskStatus.failed, TaskStatus.cancelled, TaskStatus.conflict];

export function isFinalStatus(status: TaskStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * Returns true when a task may move from `from` to `to`: any non-final status may move to any
 * status (the workflow decides the order); a final status never changes. Recording the same
 * status again is allowed, so a retried activity is harmless.
 */
export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return from === to || !isFinalStatus(from);
}
