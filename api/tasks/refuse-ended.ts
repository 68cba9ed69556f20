import { isFinalStatus, type TaskStatus } from '../../model/task-status.js';
import { ErrorCode, HttpError } from '../errors.js';

/**
 * Throws 409 when `task` already ended: nothing about it can change any more. `then` says what the
 * caller should do instead (e.g. "stop working on it").
 */
export function refuseIfEnded(task: { id: string; status: TaskStatus }, then?: string): void {
  if (isFinalStatus(task.status)) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} already ended (${task.status})${then ? `; ${then}` : ''}`);
}
