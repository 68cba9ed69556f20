import type { Priority } from './priority.js';
import type { TaskStatus } from './task-status.js';

/** How a task a dependent waits on ended. */
export interface DependencyOutcome {
  taskId: string;
  status: TaskStatus;
  error: string | null;
}

/** A worker's answer to a task's request for an agent slot: the host and its task queue. */
export interface AgentSlotGrant {
  /** Which request of the task this answers (a task re-requests when its priority changes). */
  requestId: number;
  hostId: string;
  taskQueue: string;
}

/** Where a dependency stands for the task that waits on it. */
export type DependencyState = { state: 'waiting' } | { state: 'done' } | { state: 'failed'; reason: string } | { state: 'dropped' };

/** Decides what a blocked task does: go on when every dependency is done or dropped, else wait (naming why). */
export function blockedReason(deps: ReadonlyMap<string, DependencyState>): { ready: true } | { ready: false; reason: string; failed: boolean } {
  const failed = [...deps].filter(([, d]) => d.state === 'failed') as [string, { state: 'failed'; reason: string }][];
  if (failed.length > 0) {
    return {
      ready: false,
      failed: true,
      reason: `${failed.map(([id, d]) => `dependency ${id} ${d.reason}`).join('; ')}: cancel this task or drop the dependency (DELETE /api/tasks/<id>/dependencies/<dependency>)`,
    };
  }
  const waiting = [...deps].filter(([, d]) => d.state === 'waiting').map(([id]) => id);
  return waiting.length ? { ready: false, failed: false, reason: `waiting for ${waiting.join(', ')}` } : { ready: true };
}

/** The state a finished dependency leaves: done when it completed, else failed with why. */
export function stateAfter(outcome: DependencyOutcome): DependencyState {
  if (outcome.status === 'completed') return { state: 'done' };
  return { state: 'failed', reason: `ended ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}` };
}

/** A task waiting for one of its project's slots. */
export interface ProjectSlotRequest {
  taskId: string;
  priority: Priority;
  /** The project's limit when the task asked (the newest request's limit applies). */
  limit: number;
  /** Where to send the grant. */
  workflowId: string;
}

/** The waiting line of a project's slots: most urgent priority first, then first come. */
export function nextInLine<T extends { priority: string; seq: number }>(waiting: readonly T[]): T | undefined {
  return [...waiting].sort((a, b) => (a.priority < b.priority ? -1 : a.priority > b.priority ? 1 : a.seq - b.seq))[0];
}

/** Workflow id of a project's slots (its per-project concurrency limit). */
export function projectSlotsWorkflowId(projectId: string): string {
  return `project-slots-${projectId}`;
}
