/**
 * Returns a new id: time-ordered and URL-, path- and branch-name-safe (lowercase base36), e.g.
 * `mhx1k2ab7q3f`. Not for workflow code (uses Math.random and the clock).
 */
export function newId(now: number = Date.now()): string {
  const random = Array.from({ length: 4 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
  return `${now.toString(36)}${random}`;
}

/** Workflow id of a task: `task-<taskId>`. */
export function taskWorkflowId(taskId: string): string {
  return `task-${taskId}`;
}

/**
 * The task id a workflow stands for: `task-<id>` gives `<id>`; any other workflow id (one chosen
 * by `temporal workflow start`) is the task id itself.
 */
export function taskIdFromWorkflowId(workflowId: string): string {
  return workflowId.startsWith('task-') ? workflowId.slice('task-'.length) : workflowId;
}
