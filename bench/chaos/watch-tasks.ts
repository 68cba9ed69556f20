import { FINAL_STATUSES, type TaskStatus } from '../../model/task-status.js';
import type { RestClient } from '../support/rest-client.js';

/** The fields of a task in GET /api/tasks that a chaos run follows. */
export interface TaskSummary {
  id: string;
  status: string;
  step: string;
  updatedAt: string;
}

/** What the watcher saw so far. */
export interface TaskWatch {
  /** The latest summary of each task, by id. */
  latest(): ReadonlyMap<string, TaskSummary>;
  /** The earliest change (a task's `updatedAt`, ms since the epoch) seen after `since`, or undefined. */
  progressAfter(since: number): number | undefined;
  /** True once every one of `ids` has a final status. */
  allFinal(ids: readonly string[]): boolean;
  /** When each question was answered (task id → ms since the epoch). */
  answered(): ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

const isFinal = (status: string): boolean => FINAL_STATUSES.includes(status as TaskStatus);
const REANSWER_AFTER_MS = 15_000;

/**
 * Polls GET /api/tasks every `intervalMs` (skipping the rounds the API does not answer), keeps
 * every distinct `updatedAt` it sees, and answers a task waiting as `needs_decision` with its
 * answer from `answers` (again after 15 s if it still waits: the API may have died mid-request).
 */
export function watchTasks(rest: RestClient, answers: ReadonlyMap<string, string>, intervalMs = 500): TaskWatch {
  const latest = new Map<string, TaskSummary>();
  const changes: number[] = [];
  const answered = new Map<string, number>();
  let running = true;

  const answer = async (task: TaskSummary): Promise<void> => {
    const given = answers.get(task.id);
    const last = answered.get(task.id);
    if (given === undefined || (last !== undefined && Date.now() - last < REANSWER_AFTER_MS)) return;
    const res = await rest.request('POST', `/api/tasks/${task.id}/decision`, { answer: given });
    // 409: no longer waiting (an earlier answer got through).
    if (res && (res.status === 200 || res.status === 409)) answered.set(task.id, Date.now());
  };

  const poll = async (): Promise<void> => {
    const res = await rest.request<{ items: TaskSummary[] }>('GET', '/api/tasks?limit=200');
    if (res?.status !== 200) return;
    for (const task of res.body.items) {
      const before = latest.get(task.id);
      if (before?.updatedAt !== task.updatedAt) changes.push(Date.parse(task.updatedAt));
      latest.set(task.id, task);
      if (task.status === 'needs_decision') await answer(task);
    }
  };

  const loop = (async () => {
    while (running) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();

  return {
    latest: () => latest,
    progressAfter: (since) => changes.filter((at) => at > since).reduce<number | undefined>((min, at) => (min === undefined || at < min ? at : min), undefined),
    allFinal: (ids) => ids.every((id) => isFinal(latest.get(id)?.status ?? '')),
    answered: () => answered,
    async stop() {
      running = false;
      await loop;
    },
  };
}
