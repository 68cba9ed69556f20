import type { Worker } from '@temporalio/worker';
import type { Logger } from '../config/logger.js';

export interface DrainHostOptions {
  /** Every Worker of this process. */
  workers: readonly Worker[];
  /** The deployment's queue (workflows, control activities) and this host's own queue. */
  baseQueue: string;
  hostQueue: string;
  /** True when another live process polls this host's queue (it was restarted onto a new release). */
  othersServeHost(): Promise<boolean>;
  /** Ids of the unfinished tasks whose worktree is on this host (from the database, or the control plane). */
  tasksHeld(): Promise<string[]>;
  logger: Logger;
  intervalMs?: number;
  /** Called when every Worker stops (the agent slots let go, so that their activities do not hold up the stop). */
  onFinish?: () => void;
}

const stopPolling = (worker: Worker) => {
  if (worker.getState() === 'RUNNING') worker.shutdown();
};

/**
 * Drains this host (SIGUSR2): it takes no new task at once (its agent slot queues stop polling)
 * but keeps serving workflows and its own host queue while anything still holds the host — an
 * activity in flight there, or an unfinished task whose worktree is here, whose later steps can
 * only run here. Then every Worker stops and the process ends. When another process serves the
 * same host queue (a rolling restart started it), that one takes the later steps: every Worker
 * stops at once and only the activities in flight finish here. Returns a handle to end the
 * watch when a SIGTERM overrides the drain.
 */
export function drainHost(options: DrainHostOptions): { cancel(): void } {
  const { workers, baseQueue, hostQueue, logger } = options;
  const kept = new Set([baseQueue, hostQueue]);
  for (const worker of workers) if (!kept.has(worker.options.taskQueue)) stopPolling(worker);
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const finish = (reason: string) => {
    logger.info({ reason }, 'drain: stopping every worker; the activities in flight finish here');
    options.onFinish?.();
    for (const worker of workers) stopPolling(worker);
  };
  const check = async () => {
    if (cancelled) return;
    let others = false;
    try {
      others = await options.othersServeHost();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'drain: could not list the workers of this host queue; asking again');
    }
    if (cancelled) return;
    if (others) return finish("another worker process serves this host's queue");
    let held: string[];
    try {
      held = await options.tasksHeld();
    } catch (err) {
      // Unknown is not "none": the drain waits and asks again.
      logger.warn({ err: (err as Error).message }, 'drain: could not list the tasks this host holds; asking again');
      held = ['(unknown)'];
    }
    if (cancelled) return;
    // Slot activities only hold a slot until the task gives it back: the host's own queue is what counts.
    const inFlight = workers.filter((w) => w.options.taskQueue === hostQueue).reduce((sum, w) => sum + w.getStatus().numInFlightActivities, 0);
    if (held.length === 0 && inFlight === 0) return finish('nothing holds this host any more');
    timer = setTimeout(() => void check(), options.intervalMs ?? 1000);
  };
  logger.info('draining: taking no new task; the tasks this host holds finish here');
  void check();
  return {
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
