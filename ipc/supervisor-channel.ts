import { randomUUID } from 'node:crypto';
import { askOverIpc, parentChannel } from './ipc-request.js';

/** Thrown when this worker was not started by `ringmaster up`, so no supervisor can restart anything. */
export class NotSupervisedError extends Error {
  override readonly name = 'NotSupervisedError';
}

/** Thrown when the supervisor could not restart Ringmaster's processes onto a release. */
export class RollingRestartError extends Error {
  override readonly name = 'RollingRestartError';
}

/** IPC message a worker sends its supervisor to move Ringmaster onto another release. */
export interface RollingRestartRequest {
  type: 'ringmaster:rolling-restart';
  requestId: string;
  /** The CLI entry of the release to run: `<release>/dist/cli/main.js`. */
  entry: string;
  commit: string;
}

/** The supervisor's answer, once the new API and worker serve (the old ones drain afterwards). */
export interface RollingRestartReply {
  type: 'ringmaster:rolling-restarted';
  requestId: string;
  ok: boolean;
  error?: string;
}

/**
 * Asks the supervisor (over the IPC channel `ringmaster up` gives its worker) to restart the API
 * and the worker onto `entry` without downtime; resolves once the new processes serve. Throws
 * NotSupervisedError without a supervisor and RollingRestartError when it fails.
 */
export async function requestRollingRestart(entry: string, commit: string): Promise<void> {
  const channel = parentChannel();
  if (!channel) {
    throw new NotSupervisedError('this worker was not started by `ringmaster up`, so nothing can restart Ringmaster onto the new release');
  }
  const requestId = randomUUID();
  const request: RollingRestartRequest = { type: 'ringmaster:rolling-restart', requestId, entry, commit };
  const answer = await askOverIpc(channel, request, {
    read: (message) => {
      const reply = message as Partial<RollingRestartReply> | null;
      return reply?.type === 'ringmaster:rolling-restarted' && reply.requestId === requestId ? (reply as RollingRestartReply) : undefined;
    },
    // A restart waits for new processes to build their state and serve: the activity's heartbeat timeout bounds it.
    timeoutMs: undefined,
    fail: (reason) => new RollingRestartError(`rolling restart onto ${commit}: ${reason}`),
    peer: 'the supervisor',
  });
  if (!answer.ok) throw new RollingRestartError(answer.error ?? 'the supervisor could not restart onto the new release');
}
