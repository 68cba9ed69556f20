/** Task queue for workflows and control activities (SQLite projection, bookkeeping). */
export const TASK_QUEUE = 'ringmaster';

/** Task queue where a host with free agent slots claims a task. */
export const AGENTS_TASK_QUEUE = 'ringmaster-agents';

/** Returns the task queue of one host: every activity that touches its worktrees runs there. */
export function hostTaskQueue(hostId: string): string {
  return `ringmaster-host-${hostId}`;
}
