import { Worker, type NativeConnection } from '@temporalio/worker';
import { createClaimActivities } from '../activities/claim-host.js';
import { createHostActivities } from '../activities/host-activities.js';
import type { HostDeps } from '../activities/worktree-activities.js';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { createSlotActivities } from '../activities/agent-slot.js';
import { agentsTaskQueue, hostSlotsTaskQueue, hostTaskQueue, remoteAgentsTaskQueue, remoteSlotsTaskQueue, slotsTaskQueue, TASK_QUEUE } from '../model/task-queues.js';
import { createAgentSlots, type AgentSlots } from '../agents/agent-slots.js';
import type { WorkflowSource } from './workflow-source.js';
import { workerTracing } from '../telemetry/temporal-tracing.js';
import type { Tracing } from '../telemetry/tracing.js';

/** The control plane's part of a worker process: the workflows and the activities that use the database. */
export interface ControlRole {
  workflowSource: WorkflowSource;
  activityDeps: ActivityDeps;
}

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  /** Absent for a host worker (`ringmaster worker --control`): it polls only the agents, slots and host queues. */
  control?: ControlRole | undefined;
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
  /** The identity every Worker of this process polls and heartbeats with (temporal/worker-identity.ts). */
  identity?: string;
  /** How many agent runs this host takes at once (default 2), or the slots to share with the caller. */
  agentSlots?: number | AgentSlots;
  /** This process's tracing (telemetry/tracing.ts); absent, workflow spans are dropped. */
  tracing?: Tracing | undefined;
}

/** Agent slots per worker process when the settings say nothing. */
export const DEFAULT_AGENT_SLOTS = 2;

/**
 * Builds (does not start) the workers of one process. The control role: workflows and the
 * activities that read or write the database, on `ringmaster`, which no host worker polls. The
 * host role, always: the host claim on `ringmaster-agents`, the agent slots on `ringmaster-slots`
 * and `ringmaster-slots-<hostId>`, and the worktree, agent, merge and release activities on this
 * host's own queue `ringmaster-host-<hostId>` (Temporal's worker-specific task queues).
 */
export async function createWorkers(options: CreateWorkersOptions): Promise<Worker[]> {
  const base = options.taskQueue ?? TASK_QUEUE;
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    shutdownGraceTime: options.shutdownGraceMs,
    ...(options.identity ? { identity: options.identity } : {}),
    ...workerTracing(options.tracing),
  };
  const slots = typeof options.agentSlots === 'object' ? options.agentSlots : createAgentSlots(options.agentSlots ?? DEFAULT_AGENT_SLOTS);
  const slotActivities = createSlotActivities({ hostId: options.host.hostId, baseQueue: base, slots });
  // Each slots worker takes at most as many tasks as the host has slots, so the rest wait in
  // Temporal's queue, where the most urgent (priorityKey) is handed out first.
  const slotWorker = (taskQueue: string) =>
    Worker.create({ ...common, taskQueue, activities: slotActivities, maxConcurrentActivityTaskExecutions: slots.total, maxHeartbeatThrottleInterval: '1 second' });
  const control = options.control;
  const claimWorker = (taskQueue: string) => Worker.create({ ...common, taskQueue, activities: createClaimActivities({ hostId: options.host.hostId, baseQueue: base }) });
  return Promise.all([
    // Only the control plane's processes see its local checkouts: theirs are the plain agents and slots queues.
    ...(control
      ? [
          Worker.create({ ...common, taskQueue: base, ...control.workflowSource, activities: createActivities({ ...control.activityDeps, taskQueue: base }) }),
          claimWorker(agentsTaskQueue(base)),
          slotWorker(slotsTaskQueue(base)),
        ]
      : []),
    claimWorker(remoteAgentsTaskQueue(base)),
    slotWorker(remoteSlotsTaskQueue(base)),
    slotWorker(hostSlotsTaskQueue(options.host.hostId, base)),
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
