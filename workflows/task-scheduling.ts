import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  workflowInfo,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { changed } from './changes.js';
import type { SchedulingActivities } from '../activities/scheduling-records.js';
import type { SlotActivities } from '../activities/agent-slot.js';
import { NON_RETRYABLE_FAILURES } from '../model/failure-types.js';
import { mostUrgent, PRIORITIES, priorityKey, type Priority } from '../model/priority.js';
import { blockedReason, projectSlotsWorkflowId, stateAfter, type AgentSlotGrant, type DependencyState } from '../model/scheduling.js';
import { RingmasterPriority } from '../model/search-attributes.js';
import { hostSlotsTaskQueue, remoteSlotsTaskQueue, slotsTaskQueue } from '../model/task-queues.js';
import { TaskStatus, type TaskStatus as Status } from '../model/task-status.js';
import type { TaskPlan } from '../model/task.js';
import { addDependencies, agentSlotGranted, projectSlotGranted, releaseProjectSlot, dependencyFinished, dependentGone, dependentWaiting, dropDependency, setPriority } from './messages.js';
import { records } from './task-activities.js';

const schedulingOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] },
};
const remoteScheduling = proxyActivities<SchedulingActivities>(schedulingOptions);
const localScheduling = proxyLocalActivities<SchedulingActivities>(schedulingOptions);

/** The scheduler's projection reads and signals: local activities, as records() (older histories replay their activities). */
function scheduling(): SchedulingActivities {
  return changed('local-records') ? localScheduling : remoteScheduling;
}

/** How often a task that requires capabilities no live worker has looks again. */
const WORKER_RECHECK = '5 seconds';
// After a slot request was lost with its worker, before asking again.
const SLOT_REQUEST_RETRY = '1 second';

/** The slot request: waits on a slots queue at the task's priority for as long as the task holds the slot. */
function slotActivities(taskQueue: string, priority: Priority) {
  return proxyActivities<SlotActivities>({
    taskQueue,
    priority: { priorityKey: priorityKey(priority) },
    scheduleToStartTimeout: '30 days',
    startToCloseTimeout: '30 days',
    heartbeatTimeout: '30 seconds',
    cancellationType: ActivityCancellationType.TRY_CANCEL,
    // A worker that dies while holding the slot frees it; the task's own host activities notice.
    retry: { maximumAttempts: 1 },
  });
}

export interface SchedulerOptions {
  taskId: string;
  plan: TaskPlan;
  baseQueue: string;
  /** Records the task's status and step (and mirrors them to the search attribute). */
  progress: (status: Status, step: string) => Promise<void>;
}

/**
 * The scheduling side of a task: its dependencies (it waits as `blocked` until they completed —
 * they tell it, no polling), its effective priority (its own, or a more urgent one lent by tasks
 * waiting on it, passed on to what it waits on), and its agent slot (requested from the workers'
 * slots queue at that priority, re-requested when the priority changes while it waits).
 * Registers the task's message handlers; call `follow()` once to keep priorities moving.
 */
export function createTaskScheduler({ taskId, plan, baseQueue, progress }: SchedulerOptions) {
  let own = plan.priority;
  let effective = own;
  let recorded = { own, effective };
  const lent = new Map<string, Priority>();
  const dependencies = new Map<string, DependencyState>();
  let changes = 0;
  let requestId = 0;
  let grant: AgentSlotGrant | undefined;
  let slot: CancellationScope | undefined;
  let blocked = false;
  let projectSlot: 'none' | 'asked' | 'held' = 'none';
  const waitingOn = () => [...dependencies].filter(([, d]) => d.state === 'waiting').map(([id]) => id);

  setHandler(dependentWaiting, ({ taskId: from, priority }) => {
    lent.set(from, priority);
    changes++;
  });
  setHandler(dependentGone, ({ taskId: from }) => {
    lent.delete(from);
    changes++;
  });
  setHandler(dependencyFinished, (outcome) => {
    if (dependencies.get(outcome.taskId)?.state === 'dropped') return;
    dependencies.set(outcome.taskId, stateAfter(outcome));
    changes++;
  });
  setHandler(projectSlotGranted, () => {
    if (projectSlot === 'asked') projectSlot = 'held';
  });
  setHandler(agentSlotGranted, (given) => {
    if (given.requestId === requestId && grant?.requestId !== requestId) grant = given;
  });
  setHandler(
    setPriority,
    ({ priority }) => {
      own = priority;
      changes++;
      return { priority: own, effectivePriority: mostUrgent(own, ...lent.values()) };
    },
    {
      validator: ({ priority }: { priority: Priority }) => {
        if (!PRIORITIES.includes(priority)) throw new Error(`priority must be one of ${PRIORITIES.join(', ')}`);
      },
    },
  );
  setHandler(
    dropDependency,
    async ({ taskId: dependsOn }) => {
      dependencies.set(dependsOn, { state: 'dropped' });
      changes++;
      await scheduling().recordDroppedDependency({ taskId, dependsOn });
      await scheduling().withdrawPriority({ taskId, from: [dependsOn] });
    },
    {
      validator: ({ taskId: dependsOn }: { taskId: string }) => {
        const state = dependencies.get(dependsOn)?.state;
        if (state === undefined) throw new Error(`task ${taskId} does not wait for ${dependsOn}`);
        if (state === 'done' || state === 'dropped') throw new Error(`task ${taskId} no longer waits for ${dependsOn} (${state})`);
      },
    },
  );

  setHandler(
    addDependencies,
    async ({ taskIds }) => {
      for (const id of taskIds) if (!dependencies.has(id)) dependencies.set(id, { state: 'waiting' });
      changes++;
      const registered = await scheduling().registerDependent({ taskId, priority: effective });
      for (const outcome of registered.ended) if (dependencies.get(outcome.taskId)?.state === 'waiting') dependencies.set(outcome.taskId, stateAfter(outcome));
      changes++;
    },
    {
      validator: (_arg: { taskIds: string[] }) => {
        if (!blocked) throw new Error(`task ${taskId} is not blocked: dependencies can only be added while it waits for others`);
      },
    },
  );

  return {
    get effectivePriority() {
      return effective;
    },

    /** True while the task holds an agent slot. */
    get holdsSlot() {
      return slot !== undefined;
    },

    /**
     * Keeps the effective priority current: records it and lends it on. Runs until the workflow
     * ends; returns when the task is cancelled (an unhandled rejection would fail the workflow task).
     */
    async follow(): Promise<void> {
      let seen = 0;
      try {
        for (;;) {
          await condition(() => changes !== seen);
          seen = changes;
          effective = mostUrgent(own, ...lent.values());
          if (effective === recorded.effective && own === recorded.own) continue;
          const lendOn = effective !== recorded.effective;
          if (own !== recorded.own) upsertSearchAttributes([{ key: RingmasterPriority, value: own }]);
          recorded = { own, effective };
          await records().recordProgress({ taskId, progress: { priority: own, effectivePriority: effective } });
          if (lendOn && waitingOn().length) await scheduling().lendPriority({ taskId, priority: effective, to: waitingOn() });
        }
      } catch (err) {
        if (!isCancellation(err)) throw err;
      }
    },

    /** Waits, as `blocked`, until every dependency completed or was dropped. */
    async waitForDependencies(): Promise<void> {
      if (!plan.dependsOn?.length) return;
      blocked = true;
      await progress(TaskStatus.blocked, `waiting for ${plan.dependsOn.join(', ')}`);
      const registered = await scheduling().registerDependent({ taskId, priority: effective });
      for (const id of registered.waitingOn) if (!dependencies.has(id)) dependencies.set(id, { state: 'waiting' });
      for (const outcome of registered.ended) if (dependencies.get(outcome.taskId)?.state !== 'dropped') dependencies.set(outcome.taskId, stateAfter(outcome));
      for (;;) {
        const now = blockedReason(dependencies);
        if (now.ready) {
          blocked = false;
          return;
        }
        await progress(TaskStatus.blocked, now.reason);
        const seen = changes;
        await condition(() => changes !== seen);
      }
    },

    /** Waits, as `queued`, for one of the project's slots when the project limits how many of its tasks run at once. */
    async acquireProjectSlot(): Promise<void> {
      const limit = plan.projectLimit;
      if (!limit) return;
      projectSlot = 'asked';
      for (;;) {
        const asked = effective;
        await scheduling().requestProjectSlot({ projectId: plan.projectId, request: { taskId, priority: asked, limit, workflowId: workflowInfo().workflowId } });
        await progress(TaskStatus.queued, `waiting for one of the ${limit} slot(s) of project ${plan.projectName} at ${asked}`);
        const granted = () => projectSlot === 'held';
        await condition(() => granted() || effective !== asked);
        if (granted()) return;
      }
    },

    /**
     * Waits for an agent slot at the effective priority, on a host with the required capabilities
     * (as `waiting_for_worker`, naming them, while no live worker has them). Returns the host.
     * With `onHost`, asks that host only (the task's worktree is there); `avoid` is a host not to
     * choose by capabilities (one just lost).
     */
    async acquireSlot(onHost?: string, avoid?: string): Promise<AgentSlotGrant> {
      for (;;) {
        // A project backed by a remote runs on any host; a checkout only where the control plane runs.
        const remote = plan.remote !== undefined;
        let queue = onHost ? hostSlotsTaskQueue(onHost, baseQueue) : remote ? remoteSlotsTaskQueue(baseQueue) : slotsTaskQueue(baseQueue);
        const requires = plan.requires ?? [];
        if (requires.length && !onHost) {
          // A host just lost may still look alive for a while: a moving task does not go back to it.
          const find = async () => (await scheduling().findHostsWith(remote ? { requires, checkouts: false } : { requires })).filter((id) => id !== avoid);
          let hosts = await find();
          while (hosts.length === 0) {
            await progress(TaskStatus.waitingForWorker, `no live worker has ${requires.join(' + ')}; start one with: ringmaster worker spawn ${requires.map((c) => `--capability ${c}`).join(' ')}`);
            await sleep(WORKER_RECHECK);
            hosts = await find();
          }
          queue = hostSlotsTaskQueue(hosts[0]!, baseQueue);
        }
        const asked = effective;
        const id = ++requestId;
        await progress(TaskStatus.queued, `waiting for an agent slot at ${asked}${requires.length ? ` on a worker with ${requires.join(' + ')}` : ''}`);
        const scope = new CancellationScope();
        // A request whose worker died before it granted (heartbeat timeout) is asked again, not waited on forever.
        const askAgainWhenLost = changed('slot-request-lost');
        let lost = false;
        scope
          .run(() => slotActivities(queue, asked).holdAgentSlot({ taskId, requestId: id, workflowId: workflowInfo().workflowId }))
          .catch(() => {
            lost = true;
          });
        await condition(() => grant?.requestId === id || effective !== asked || (askAgainWhenLost && lost));
        if (grant?.requestId === id) {
          slot = scope;
          return grant;
        }
        scope.cancel();
        if (askAgainWhenLost && lost) await sleep(SLOT_REQUEST_RETRY);
      }
    },

    /** Gives the agent slot back (the agent loop is over). */
    releaseSlot(): void {
      slot?.cancel();
      slot = undefined;
      grant = undefined;
    },

    /** Gives the project's slot back before the task ends (a decomposed task's children need it). */
    async releaseProjectSlot(): Promise<void> {
      if (projectSlot === 'none') return;
      await getExternalWorkflowHandle(projectSlotsWorkflowId(plan.projectId)).signal(releaseProjectSlot, { taskId });
      projectSlot = 'none';
    },

    /** After the final record: tells the tasks waiting on this one, and takes back the priority it lent. */
    async finish(status: Status, error: string | null): Promise<void> {
      this.releaseSlot();
      if (projectSlot !== 'none') {
        await getExternalWorkflowHandle(projectSlotsWorkflowId(plan.projectId)).signal(releaseProjectSlot, { taskId });
        projectSlot = 'none';
      }
      // An ended task borrows no priority.
      lent.clear();
      if (effective !== own) await records().recordProgress({ taskId, progress: { effectivePriority: own } });
      await scheduling().notifyDependents({ taskId, status, error });
      const stillWaiting = waitingOn();
      if (stillWaiting.length) await scheduling().withdrawPriority({ taskId, from: stillWaiting });
    },
  };
}

export type TaskScheduler = ReturnType<typeof createTaskScheduler>;
