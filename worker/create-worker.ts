import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { TASK_QUEUE } from '../model/task-queues.js';
import type { WorkflowSource } from './workflow-source.js';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  workflowSource: WorkflowSource;
  activityDeps: ActivityDeps;
  /** Defaults to `ringmaster`; tests pass a unique queue each. */
  taskQueue?: string;
  /** How long running activities may finish after shutdown starts before they are cancelled. */
  shutdownGraceMs: number;
}

/** Builds (does not start) the worker of the `ringmaster` task queue: all workflows and control activities. */
export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...options.workflowSource,
    activities: createActivities(options.activityDeps),
    shutdownGraceTime: options.shutdownGraceMs,
    // Past the grace time, activities that ignore cancellation must not keep the process alive.
    shutdownForceTime: options.shutdownGraceMs + 10_000,
  });
}
