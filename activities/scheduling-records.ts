import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/common';
import { taskWorkflowId } from '../model/ids.js';
import type { Priority } from '../model/priority.js';
import { projectSlotsWorkflowId, type DependencyOutcome, type ProjectSlotRequest } from '../model/scheduling.js';
import { isFinalStatus, type TaskStatus } from '../model/task-status.js';
import { ProjectSlotsMessage, TaskMessage, WorkflowType } from '../model/workflow-types.js';
import type { Store } from '../store/create-store.js';

/** What a worker registry answers: the hosts of live workers with all the given capabilities. */
/** The live hosts with every capability in `requires`; with `checkouts`, only the control plane's (they see local checkouts). */
export type FindHosts = (requires: readonly string[], checkouts: boolean) => Promise<string[]>;

async function signalTask(workflowId: string, name: string, arg: unknown): Promise<boolean> {
  try {
    await Context.current().client.workflow.getHandle(workflowId).signal(name, arg);
    return true;
  } catch (err) {
    // A task that already ended cannot be told anything, and needs not be.
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * Builds the scheduling activities of the `ringmaster` queue: dependencies tell their dependents
 * when they end, dependents lend their priority to what they wait on, and tasks that require
 * capabilities find the hosts that have them. Signals go through the activity's Temporal client.
 */
export function createSchedulingActivities(deps: { store: Store; findHosts: FindHosts }) {
  const { tasks, dependencies } = deps.store;
  // Tasks started with the Temporal CLI may have any workflow id: the projection knows it.
  const signal = (taskId: string, name: string, arg: unknown) => signalTask(tasks.get(taskId)?.workflowId ?? taskWorkflowId(taskId), name, arg);
  const outcomeOf = (taskId: string): DependencyOutcome | undefined => {
    const task = tasks.get(taskId);
    return task && isFinalStatus(task.status) ? { taskId, status: task.status, error: task.error } : undefined;
  };
  return {
    /**
     * Tells each dependency of `taskId` that it waits at `priority`; returns the dependencies that
     * already ended, with how (a dependency that ends later signals `dependencyFinished`).
     */
    async registerDependent({ taskId, priority }: { taskId: string; priority: Priority }): Promise<{ waitingOn: string[]; ended: DependencyOutcome[] }> {
      const waitingOn: string[] = [];
      const ended: DependencyOutcome[] = [];
      for (const dep of dependencies.of(taskId).filter((d) => !d.dropped)) {
        waitingOn.push(dep.dependsOn);
        const before = outcomeOf(dep.dependsOn);
        if (before) {
          ended.push(before);
          continue;
        }
        const told = await signal(dep.dependsOn, TaskMessage.dependentWaiting, { taskId, priority });
        // Ended between the two reads: its status is final now.
        const after = told ? undefined : outcomeOf(dep.dependsOn);
        if (after) ended.push(after);
      }
      return { waitingOn, ended };
    },

    /** Tells the tasks `taskId` still waits on its new effective priority (they pass it on). */
    async lendPriority({ taskId, priority, to }: { taskId: string; priority: Priority; to: string[] }): Promise<void> {
      for (const dep of to) if (!outcomeOf(dep)) await signal(dep, TaskMessage.dependentWaiting, { taskId, priority });
    },

    /** Tells the tasks `taskId` waited on that it does not any more. */
    async withdrawPriority({ taskId, from }: { taskId: string; from: string[] }): Promise<void> {
      for (const dep of from) if (!outcomeOf(dep)) await signal(dep, TaskMessage.dependentGone, { taskId });
    },

    /** Marks a dependency dropped, so the task goes on without it. */
    async recordDroppedDependency({ taskId, dependsOn }: { taskId: string; dependsOn: string }): Promise<void> {
      dependencies.drop(taskId, dependsOn);
    },

    /** Tells every task waiting on `taskId` that it ended, and how. Run after its final status is recorded. */
    async notifyDependents({ taskId, status, error }: { taskId: string; status: TaskStatus; error: string | null }): Promise<void> {
      for (const dependent of dependencies.dependentsOf(taskId)) await signal(dependent, TaskMessage.dependencyFinished, { taskId, status, error });
    },

    /** Asks the project's slots (starting its semaphore workflow if needed) for a slot, or asks again at a new priority. */
    async requestProjectSlot(input: { projectId: string; request: ProjectSlotRequest }): Promise<void> {
      const ctx = Context.current();
      await ctx.client.workflow.signalWithStart(WorkflowType.projectSlots, {
        workflowId: projectSlotsWorkflowId(input.projectId),
        taskQueue: ctx.info.taskQueue,
        args: [{ projectId: input.projectId }],
        signal: ProjectSlotsMessage.request,
        signalArgs: [input.request],
      });
    },

    /** The host ids of live workers that have every capability in `requires`. */
    async findHostsWith({ requires, checkouts }: { requires: string[]; checkouts?: boolean }): Promise<string[]> {
      return deps.findHosts(requires, checkouts ?? true);
    },
  };
}

export type SchedulingActivities = ReturnType<typeof createSchedulingActivities>;
