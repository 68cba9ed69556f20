import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ApiMessageType, parseApiReadyMessage, parseApiReloadReply, type ApiReadyMessage, type ApiReloadRequest } from './api-reload-protocol.js';

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

/** Thrown when the API process exited or did not report ready in time. */
export class ApiNotReadyError extends Error {
  override readonly name = 'ApiNotReadyError';
}

export interface ApiIpcOptions {
  /** Give up after this long (default 120 s, above the primary's own worker start limit of 60 s). */
  timeoutMs?: number;
}

/**
 * Waits for an answer on `child`'s IPC channel: resolves with what `read` makes of the first message
 * it accepts; rejects with `fail(reason)` when the child disconnects or exits, or at the timeout.
 */
async function awaitMessage<T>(child: ChildProcess, read: (message: unknown) => T | undefined, timeoutMs: number, fail: (reason: string) => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('disconnect', onGone);
      child.off('exit', onGone);
    };
    const onMessage = (message: unknown) => {
      const value = read(message);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onGone = () => {
      cleanup();
      reject(fail('the API process went away before it answered'));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(fail(`no answer from the API process within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('disconnect', onGone);
    child.once('exit', onGone);
  });
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
  const reply = awaitMessage(child, (message) => parseApiReloadReply(message, requestId), options.timeoutMs ?? 120_000, fail);
  // Observed here too, so a failed send (rejecting first) leaves no unhandled rejection behind.
  reply.catch(() => undefined);
  const request: ApiReloadRequest = { type: ApiMessageType.reload, requestId, entry };
  await new Promise<void>((resolve, reject) => child.send(request, (err) => (err ? reject(fail(`could not send: ${err.message}`)) : resolve())));
  const answer = await reply;
  if (!answer.ok) throw fail(answer.error);
  return { pid: answer.pid };
}

/**
 * Resolves with the `api:ready` message of a `ringmaster api` process just spawned with an IPC
 * channel (the pid of its first worker, its URL). Rejects with ApiNotReadyError when it exits
 * first or at the timeout.
 */
export async function waitForApiReady(child: ChildProcess, options: ApiIpcOptions = {}): Promise<ApiReadyMessage> {
  return awaitMessage(child, parseApiReadyMessage, options.timeoutMs ?? 120_000, (reason) => new ApiNotReadyError(`the API did not come up: ${reason}`));
}
