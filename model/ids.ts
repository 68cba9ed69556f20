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

/** Task ids become folder and branch names: letters, digits, `.`, `_`, `-`, not starting with a dot or a dash. */
export const TASK_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';
const TASK_ID = new RegExp(TASK_ID_PATTERN);

/** True when `id` can be a task id (and so a path segment and part of a branch name). */
export function isTaskId(id: unknown): id is string {
  return typeof id === 'string' && TASK_ID.test(id);
}

/** Thrown when an id that is about to become a path is not one Ringmaster would make. */
export class InvalidIdError extends Error {
  override readonly name = 'InvalidIdError';
}

/** Throws InvalidIdError unless `id` is a usable task id; `what` names where it came from. */
export function assertTaskId(id: unknown, what: string): asserts id is string {
  if (!isTaskId(id)) throw new InvalidIdError(`${what} must be letters, digits, . _ - (not starting with . or -), at most 128 characters; got ${JSON.stringify(id)}`);
}
