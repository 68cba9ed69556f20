import { Worker, type NativeConnection } from '@temporalio/worker';
import { createClaimActivities } from '../activities/claim-host.js';
import { createHostActivities } from '../activities/host-activities.js';
import type { HostDeps } from '../activities/worktree-activities.js';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { agentsTaskQueue, hostTaskQueue, TASK_QUEUE } from '../model/task-queues.js';
import type { WorkflowSource } from './workflow-source.js';

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  workflowSource: WorkflowSource;
  activityDeps: ActivityDeps;
  /** This host: its id names its task queue; its data dir holds the worktrees, releases and logs. */
  host: HostDeps;
  /** Defaults to `ringmaster`; tests pass a unique queue each (the agents and host queues follow). */
  taskQueue?: string;
  /**
   * How long the SDK lets running activities finish after shutdown starts. Ringmaster's worker
   * process sets it to a day and enforces its own grace (stopping activity processes), so that
   * a drain can let agent runs finish.
   */
  shutdownGraceMs: number;
  /** How many agent runs this host takes at once. */
  agentSlots?: number;
}

/**
 * Builds (does not start) the three workers of one process: workflows and control activities on
 * `ringmaster`, the host claim on `ringmaster-agents`, and the worktree activities on this host's
 * own queue `ringmaster-host-<hostId>` (Temporal's worker-specific task queues).
 */
export async function createWorkers(options: CreateWorkersOptions): Promise<Worker[]> {
  const base = options.taskQueue ?? TASK_QUEUE;
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    shutdownGraceTime: options.shutdownGraceMs,
  };
  return Promise.all([
    Worker.create({ ...common, taskQueue: base, ...options.workflowSource, activities: createActivities({ ...options.activityDeps, taskQueue: base }) }),
    Worker.create({
      ...common,
      taskQueue: agentsTaskQueue(base),
      activities: createClaimActivities({ hostId: options.host.hostId, baseQueue: base }),
      maxConcurrentActivityTaskExecutions: options.agentSlots ?? 4,
    }),
    Worker.create({
      ...common,
      taskQueue: hostTaskQueue(options.host.hostId, base),
      activities: createHostActivities(options.host),
      // Heartbeats go out at least every second, so a cancellation reaches a running agent fast.
      maxHeartbeatThrottleInterval: '1 second',
    }),
  ]);
}

/** Runs workers until all have stopped; the first to fail shuts the others down and is rethrown. */
export async function runWorkers(workers: readonly Worker[]): Promise<void> {
  const runs = workers.map((worker) => worker.run());
  try {
    await Promise.all(runs);
  } catch (err) {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled(runs);
    throw err;
  }
}
