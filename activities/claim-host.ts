import { hostTaskQueue } from '../model/task-queues.js';

/** Which host took a task, and the task queue of its worktree activities. */
export interface ClaimedHost {
  hostId: string;
  taskQueue: string;
}

/**
 * Builds the activity of the `ringmaster-agents` task queue: the host whose worker picks it up
 * takes the task and answers with its own task queue (Temporal's worker-specific task queues).
 */
export function createClaimActivities(deps: { hostId: string; baseQueue?: string }) {
  return {
    async claimHost(_input: { taskId: string }): Promise<ClaimedHost> {
      return { hostId: deps.hostId, taskQueue: hostTaskQueue(deps.hostId, deps.baseQueue) };
    },
  };
}

export type ClaimActivities = ReturnType<typeof createClaimActivities>;
