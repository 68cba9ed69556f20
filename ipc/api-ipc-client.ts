import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { askOverIpc } from './ipc-request.js';
import { ApiMessageType, parseApiReloadReply, type ApiReloadRequest } from './api-reload-protocol.js';

// The parent's side of the contract documented in api-reload-protocol.ts, for the supervisor and tests.

/** Thrown when a reload was refused, not answered in time, or the API process went away. */
export class ApiReloadError extends Error {
  override readonly name = 'ApiReloadError';
  constructor(
    message: string,
    readonly requestId: string,
  ) {
    super(message);
  }
}

// Above the primary's own worker start limit of 60 s.
const API_ANSWER_MS = 120_000;
const API_PROCESS = 'the API process';

export interface ApiIpcOptions {
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

/**
 * Asks the `ringmaster api` process `child` (spawned with an IPC channel) to serve from the CLI
 * entry `entry` (absolute path). Resolves with the pid of the new worker once it serves and the old
 * one drains; rejects with ApiReloadError when the primary refused (the old worker keeps serving),
 * did not answer in time, or went away.
 */
export async function requestApiReload(child: ChildProcess, entry: string, options: ApiIpcOptions = {}): Promise<{ pid: number }> {
  const requestId = randomUUID();
  if (!child.connected) throw new ApiReloadError('the API process has no IPC channel (spawn it with stdio "ipc")', requestId);
  const fail = (reason: string) => new ApiReloadError(`reload to ${entry}: ${reason}`, requestId);
  const request: ApiReloadRequest = { type: ApiMessageType.reload, requestId, entry };
  const answer = await askOverIpc(child, request, { read: (message) => parseApiReloadReply(message, requestId), timeoutMs: options.timeoutMs ?? API_ANSWER_MS, fail, peer: API_PROCESS });
  if (!answer.ok) throw fail(answer.error);
  return { pid: answer.pid };
}
