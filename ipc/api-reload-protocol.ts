import path from 'node:path';

/**
 * The IPC contract between `ringmaster api` (the cluster primary) and the process that started it
 * with an IPC channel (the supervisor, or a test). JSON messages over `child.send` / `process.send`:
 *
 * - primary → parent, once, when the first API worker answers `GET /health`:
 *   `{ type: 'api:ready', pid, url }` (`pid` is the worker's).
 * - parent → primary: `{ type: 'api:reload', requestId, entry }`. `entry` is the absolute path of
 *   a release's CLI (`<release>/dist/cli/main.js`). The primary forks a new worker with
 *   `node <entry> api-worker` and the same environment, waits until it listens and answers
 *   `GET /health` on the API port (any status), then tells the old worker to drain (no new
 *   connections; every further response says `Connection: close`; exit once no connection is left
 *   or after RINGMASTER_API_DRAIN_MS) and replies without waiting for the old one to exit.
 *   Reloads run one at a time in arrival order; later reloads (and crash restarts) use the last
 *   entry that came up.
 * - primary → parent: `{ type: 'api:reloaded', requestId, ok: true, pid }` (the new worker's pid),
 *   or `{ type: 'api:reloaded', requestId, ok: false, error }` when the new worker did not come up
 *   within RINGMASTER_API_WORKER_START_MS (then it is stopped and the old one keeps serving,
 *   undrained), the entry is not an absolute path to a file, or the API is shutting down.
 *
 * Other messages are ignored. The primary ends on SIGTERM/SIGINT or when the channel closes:
 * it drains every worker the same way (closing idle keep-alive connections at once) and exits 0.
 */
export const ApiMessageType = {
  ready: 'api:ready',
  reload: 'api:reload',
  reloaded: 'api:reloaded',
} as const;

/** primary → parent: the API serves; sent once. */
export interface ApiReadyMessage {
  type: typeof ApiMessageType.ready;
  /** The pid of the worker that serves. */
  pid: number;
  url: string;
}

/** parent → primary: serve from the release whose CLI entry is `entry`. */
export interface ApiReloadRequest {
  type: typeof ApiMessageType.reload;
  requestId: string;
  /** Absolute path of the CLI entry, e.g. `/…/releases/<id>/dist/cli/main.js`. */
  entry: string;
}

/** primary → parent: the answer to one ApiReloadRequest. */
export type ApiReloadReply = { type: typeof ApiMessageType.reloaded; requestId: string; ok: true; pid: number } | { type: typeof ApiMessageType.reloaded; requestId: string; ok: false; error: string };

/** A reload request as read off the channel: usable, or refused with the reason. */
export type ParsedReloadRequest = { ok: true; request: ApiReloadRequest } | { ok: false; requestId: string; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Reads a message from the parent: undefined when it is not a reload request (or has no requestId
 * to answer to), a refusal naming the field when the request is malformed, else the request.
 */
export function parseApiReloadRequest(message: unknown): ParsedReloadRequest | undefined {
  if (!isRecord(message) || message.type !== ApiMessageType.reload) return undefined;
  const { requestId, entry } = message;
  if (typeof requestId !== 'string' || requestId === '') return undefined;
  if (typeof entry !== 'string' || !path.isAbsolute(entry)) {
    return { ok: false, requestId, error: `entry must be the absolute path of a CLI entry file, got ${JSON.stringify(entry)}` };
  }
  return { ok: true, request: { type: ApiMessageType.reload, requestId, entry } };
}

/** Returns the reply with this requestId, or undefined for any other message. */
export function parseApiReloadReply(message: unknown, requestId: string): ApiReloadReply | undefined {
  if (!isRecord(message) || message.type !== ApiMessageType.reloaded || message.requestId !== requestId) return undefined;
  if (message.ok === true && typeof message.pid === 'number') return { type: ApiMessageType.reloaded, requestId, ok: true, pid: message.pid };
  const error = typeof message.error === 'string' ? message.error : 'the API refused the reload without a reason';
  return { type: ApiMessageType.reloaded, requestId, ok: false, error };
}

/** Returns the ready message `message` is, or undefined for any other message. */
export function parseApiReadyMessage(message: unknown): ApiReadyMessage | undefined {
  if (!isRecord(message) || message.type !== ApiMessageType.ready) return undefined;
  if (typeof message.pid !== 'number' || typeof message.url !== 'string') return undefined;
  return { type: ApiMessageType.ready, pid: message.pid, url: message.url };
}
