import { condition, continueAsNew, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import { nextInLine, type ProjectSlotRequest } from '../model/scheduling.js';
import { projectSlotGranted, projectSlotsState, releaseProjectSlot, requestProjectSlot } from './messages.js';

type Waiter = ProjectSlotRequest & { seq: number };

export interface ProjectSlotsInput {
  projectId: string;
  holders?: string[];
  waiting?: Waiter[];
  limit?: number;
  seq?: number;
}

/**
 * A project's concurrency limit as a durable semaphore (`project-slots-<projectId>`): tasks ask
 * with signal-with-start, the most urgent waiter (then the first come) gets the next free slot
 * by signal, and gives it back when its agent loop ends. Continues as new before its history
 * grows long, carrying holders and waiters.
 */
export async function projectSlotsWorkflow(input: ProjectSlotsInput): Promise<void> {
  const holders = new Set(input.holders ?? []);
  let waiting: Waiter[] = input.waiting ?? [];
  let limit = input.limit ?? 1;
  let seq = input.seq ?? 0;

  setHandler(requestProjectSlot, (request) => {
    limit = request.limit;
    if (holders.has(request.taskId)) return;
    const known = waiting.find((w) => w.taskId === request.taskId);
    if (known) known.priority = request.priority;
    else waiting.push({ ...request, seq: ++seq });
  });
  setHandler(releaseProjectSlot, ({ taskId }) => {
    holders.delete(taskId);
    waiting = waiting.filter((w) => w.taskId !== taskId);
  });
  setHandler(projectSlotsState, () => ({ holders: [...holders], waiting: [...waiting].sort((a, b) => (nextInLine([a, b]) === a ? -1 : 1)).map((w) => w.taskId), limit }));

  for (;;) {
    await condition(() => (waiting.length > 0 && holders.size < limit) || workflowInfo().continueAsNewSuggested);
    while (waiting.length > 0 && holders.size < limit) {
      const next = nextInLine(waiting)!;
      waiting = waiting.filter((w) => w !== next);
      holders.add(next.taskId);
      try {
        await getExternalWorkflowHandle(next.workflowId).signal(projectSlotGranted);
      } catch {
        // The task is gone: its slot is free again.
        holders.delete(next.taskId);
      }
    }
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof projectSlotsWorkflow>({ projectId: input.projectId, holders: [...holders], waiting, limit, seq });
    }
  }
}
