import { CancelledFailure, Context } from '@temporalio/activity';
import { hostTaskQueue } from '../model/task-queues.js';
import { taskWorkflowId } from '../model/ids.js';
import { TaskMessage } from '../model/workflow-types.js';
import type { AgentSlots } from '../agents/agent-slots.js';

export interface SlotDeps {
  hostId: string;
  baseQueue?: string;
  slots: AgentSlots;
}

/**
 * Builds the activity of the slots queues. `holdAgentSlot` runs for as long as the task holds one
 * of this worker's agent slots: it tells the task which host it got (a signal, since the activity
 * keeps running), heartbeats, and releases the slot when the task cancels it at the end of its
 * agent loop — or when this worker dies and the heartbeat stops.
 */
export function createSlotActivities(deps: SlotDeps) {
  return {
    async holdAgentSlot({ taskId, requestId, workflowId }: { taskId: string; requestId: number; workflowId?: string }): Promise<void> {
      const ctx = Context.current();
      const release = await deps.slots.acquire(taskId, ctx.cancellationSignal);
      const beat = setInterval(() => ctx.heartbeat(), 1000);
      try {
        const taskQueue = hostTaskQueue(deps.hostId, deps.baseQueue);
        // A task started with the Temporal CLI may have any workflow id.
        await ctx.client.workflow.getHandle(workflowId ?? taskWorkflowId(taskId)).signal(TaskMessage.agentSlotGranted, { requestId, hostId: deps.hostId, taskQueue });
        // Held until the task gives it back (cancels), or until this worker stops.
        await Promise.race([ctx.cancelled, deps.slots.released]);
      } catch (err) {
        // The task ended (or re-asked at another priority): the slot is free again.
        if (err instanceof CancelledFailure) return;
        throw err;
      } finally {
        clearInterval(beat);
        release();
      }
    },
  };
}

export type SlotActivities = ReturnType<typeof createSlotActivities>;
