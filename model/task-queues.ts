/** Task queue for workflows and control activities (SQLite projection, bookkeeping). */
export const TASK_QUEUE = 'ringmaster';

/**
 * Task queue where a host with free agent slots claims a task: `ringmaster-agents`. Derived from
 * the workflow's own queue so that a deployment (or a test) on another queue stays separate.
 */
export function agentsTaskQueue(baseQueue: string = TASK_QUEUE): string {
  return `${baseQueue}-agents`;
}

/**
 * Where a task waits for an agent slot, `ringmaster-slots`: every worker polls it with as many
 * pollers as it has free slots, and Temporal hands the most urgent task (priorityKey) out first.
 */
export function slotsTaskQueue(baseQueue: string = TASK_QUEUE): string {
  return `${baseQueue}-slots`;
}

/**
 * The slots queue of one host, `ringmaster-slots-<hostId>`: a task that requires capabilities
 * only some workers have waits for a slot there, on a host that has them.
 */
export function hostSlotsTaskQueue(hostId: string, baseQueue: string = TASK_QUEUE): string {
  return `${slotsTaskQueue(baseQueue)}-${hostId}`;
}

/** Returns the task queue of one host, `ringmaster-host-<hostId>`: every activity that touches its worktrees runs there. */
export function hostTaskQueue(hostId: string, baseQueue: string = TASK_QUEUE): string {
  return `${baseQueue}-host-${hostId}`;
}

/**
 * Where work on a project backed by a git remote claims a host: `ringmaster-remote-agents`,
 * polled by every host worker (`ringmaster worker --control` too). The plain agents and slots
 * queues are polled only by processes of the control plane, which see its local checkouts (`repoPath`).
 */
export function remoteAgentsTaskQueue(baseQueue: string = TASK_QUEUE): string {
  return `${baseQueue}-remote-agents`;
}

/** Where a task of a project backed by a git remote waits for an agent slot on any host: `ringmaster-remote-slots`. */
export function remoteSlotsTaskQueue(baseQueue: string = TASK_QUEUE): string {
  return `${baseQueue}-remote-slots`;
}
