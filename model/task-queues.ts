/** Task queue for workflows and control activities (SQLite projection, bookkeeping). */
export const TASK_QUEUE = 'ringmaster';

/**
 * Task queue where a host with free agent slots claims a task: `ringmaster-agents`. Derived from
 * the workflow's own queue so that a deployment (or a test) on another queue stays separate.
 */
export function agentsTaskQueue(baseQueue: string = TASK_QUEUE): string {
  return `${baseQueue}-agents`;
}

/** Returns the task queue of one host, `ringmaster-host-<hostId>`: every activity that touches its worktrees runs there. */
export function hostTaskQueue(hostId: string, baseQueue: string = TASK_QUEUE): string {
  return `${baseQueue}-host-${hostId}`;
}
