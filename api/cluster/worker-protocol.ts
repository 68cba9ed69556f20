import type { DrainOptions } from './drain-http-servers.js';

// The primary stays up across releases while its workers run new code, so what passes between
// them is a contract between releases: add optional fields, never rename or remove one in place.
// It is: `node <entry> api-worker` with the settings as RINGMASTER_* variables plus
// RINGMASTER_API_PROBE_TOKEN; the worker answers `GET /health` carrying `x-ringmaster-probe: <token>`
// with `x-ringmaster-worker-pid` (worker-probe.ts); and the two messages below.

/** The hidden CLI command a worker runs: `node <entry> api-worker`. */
export const WORKER_COMMAND = 'api-worker';

/** Primary → worker: stop accepting connections, finish the open ones, then exit 0. */
export interface DrainWorkerMessage extends DrainOptions {
  type: 'api-worker:drain';
}

/** Worker → primary: the worker could not start; sent just before it exits 1. */
export interface WorkerFailedMessage {
  type: 'api-worker:failed';
  error: { name: string; message: string };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Returns the drain message `message` is, or undefined for any other message. */
export function parseDrainWorkerMessage(message: unknown): DrainWorkerMessage | undefined {
  if (!isRecord(message) || message.type !== 'api-worker:drain') return undefined;
  const { deadlineMs, closeIdle } = message;
  if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs) || deadlineMs < 0) return undefined;
  return { type: 'api-worker:drain', deadlineMs, closeIdle: closeIdle === true };
}

/** Returns the failure a worker reported with `message`, or undefined for any other message. */
export function parseWorkerFailedMessage(message: unknown): WorkerFailedMessage | undefined {
  if (!isRecord(message) || message.type !== 'api-worker:failed' || !isRecord(message.error)) return undefined;
  const { name, message: text } = message.error;
  if (typeof text !== 'string') return undefined;
  return { type: 'api-worker:failed', error: { name: typeof name === 'string' ? name : 'Error', message: text } };
}

/** The message a worker sends about the error that stopped it from starting. */
export function workerFailedMessage(err: unknown): WorkerFailedMessage {
  const error = err instanceof Error ? err : new Error(String(err));
  return { type: 'api-worker:failed', error: { name: error.name, message: error.message } };
}
