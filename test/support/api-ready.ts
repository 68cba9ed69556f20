import type { ChildProcess } from 'node:child_process';
import { parseApiReadyMessage, type ApiReadyMessage } from '../../ipc/api-reload-protocol.js';
import { awaitIpcMessage } from '../../ipc/ipc-request.js';

/**
 * Resolves with the `api:ready` message of a `ringmaster api` process a test spawned with an IPC
 * channel (the pid of its first API child, its URL); rejects when it exits first or at the timeout.
 */
export function waitForApiReady(child: ChildProcess, timeoutMs = 60_000): Promise<ApiReadyMessage> {
  return awaitIpcMessage(child, { read: parseApiReadyMessage, timeoutMs, fail: (reason) => new Error(`the API did not come up: ${reason}`), peer: 'the API process' });
}
