import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { TaskRecord } from '../../store/task-repository.js';
import { ErrorCode, HttpError } from '../errors.js';
import { callTemporal } from '../temporal-call.js';

/**
 * Sends an update to a task's workflow and returns its result. A refused update (its validator
 * says why) and a workflow that is gone become HttpError 409 with the reason.
 */
export async function updateTask<T>(client: Client, task: TaskRecord, name: string, arg: unknown): Promise<T> {
  try {
    return await callTemporal(client.connection, `the update ${name}`, () => client.workflow.getHandle(task.workflowId).executeUpdate<T, [unknown]>(name, { args: [arg] }));
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw new HttpError(409, ErrorCode.conflict, err.cause?.message ?? err.message);
    if (err instanceof WorkflowNotFoundError) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} is no longer running`);
    throw err;
  }
}
