import { randomUUID } from 'node:crypto';
import { askOverIpc, parentChannel, type IpcChannel } from '../ipc/ipc-request.js';
import { NotSpawnedError, SpawnerUnavailableError, WorkerSpawnError, type SpawnedWorker, type SpawnWorkerRequest, type WorkerSpawner } from './worker-spawner.js';

// Spawning workers crosses two IPC hops under `ringmaster up`: the API worker asks its cluster
// primary, which asks the supervisor. Both hops carry these JSON messages; the primary and the
// supervisor may run different releases, so fields are only ever added.
//
//   asker → owner: { type: 'ringmaster:workers', requestId, op: 'spawn', request } | { …, op: 'stop', id } | { …, op: 'list' }
//   owner → asker: { type: 'ringmaster:workers-reply', requestId, ok: true, result } | { …, ok: false, error: { name, message } }

/** Set by `ringmaster up` on its API child: its primary spawns workers through the supervisor. */
export const SUPERVISED_SPAWNER_ENV = 'RINGMASTER_WORKER_SPAWNER';

const REQUEST = 'ringmaster:workers';
const REPLY = 'ringmaster:workers-reply';

/** What the asker wants done. */
export type SpawnerOp = { op: 'spawn'; request: SpawnWorkerRequest } | { op: 'stop'; id: string } | { op: 'list' };
export type SpawnerRequest = { type: typeof REQUEST; requestId: string } & SpawnerOp;

export type SpawnerReply =
  | { type: typeof REPLY; requestId: string; ok: true; result: SpawnedWorker | SpawnedWorker[] }
  | { type: typeof REPLY; requestId: string; ok: false; error: { name: string; message: string; workerId?: string } };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Returns the spawner request `message` is, or undefined for any other message. */
export function parseSpawnerRequest(message: unknown): SpawnerRequest | undefined {
  if (!isRecord(message) || message.type !== REQUEST || typeof message.requestId !== 'string') return undefined;
  const { requestId, op } = message;
  if (op === 'list') return { type: REQUEST, requestId, op };
  if (op === 'stop' && typeof message.id === 'string') return { type: REQUEST, requestId, op, id: message.id };
  const request = message.request as Partial<SpawnWorkerRequest> | undefined;
  if (op === 'spawn' && isRecord(request) && Array.isArray(request.capabilities) && typeof request.slots === 'number') {
    return { type: REQUEST, requestId, op, request: { capabilities: request.capabilities.map(String), slots: request.slots, tmux: request.tmux === true } };
  }
  return undefined;
}

/**
 * Answers `message` with `spawner` when it is a spawner request: calls `reply` with the answer
 * (errors included, by name) and returns true; returns false for any other message.
 */
export function handleSpawnerRequest(message: unknown, spawner: WorkerSpawner, reply: (answer: SpawnerReply) => void): boolean {
  const request = parseSpawnerRequest(message);
  if (!request) return false;
  const { requestId } = request;
  const run = request.op === 'spawn' ? spawner.spawn(request.request) : request.op === 'stop' ? spawner.stop(request.id) : spawner.list();
  run.then(
    (result) => reply({ type: REPLY, requestId, ok: true, result }),
    (err: Error) => reply({ type: REPLY, requestId, ok: false, error: { name: err.name, message: err.message, ...(err instanceof NotSpawnedError ? { workerId: err.workerId } : {}) } }),
  );
  return true;
}

/** Rebuilds the error an owner reported, so callers can tell NotSpawnedError from the rest. */
function errorFrom(error: { name: string; message: string; workerId?: string }): Error {
  if (error.name === 'NotSpawnedError' && error.workerId) return new NotSpawnedError(error.workerId);
  if (error.name === 'WorkerSpawnError') return new WorkerSpawnError(error.message);
  if (error.name === 'SpawnerUnavailableError') return new SpawnerUnavailableError(error.message);
  return new Error(error.message);
}

/**
 * A WorkerSpawner that asks the process at the other end of the channel `channel()` gives (the
 * cluster primary, or the supervisor). Throws SpawnerUnavailableError when there is no channel, it
 * closes, or nobody answers within `timeoutMs`; otherwise what the owner's spawner threw.
 */
export function createIpcWorkerSpawner(channel: () => IpcChannel | undefined, timeoutMs = 30_000): WorkerSpawner {
  async function ask<T>(op: SpawnerOp): Promise<T> {
    const requestId = randomUUID();
    const request: SpawnerRequest = { type: REQUEST, requestId, ...op };
    const answer = await askOverIpc(channel(), request, {
      read: (message) => (isRecord(message) && message.type === REPLY && message.requestId === requestId ? (message as SpawnerReply) : undefined),
      timeoutMs,
      fail: (reason) => new SpawnerUnavailableError(`no supervisor to spawn workers: ${reason}`),
      peer: 'the supervisor',
    });
    if (!answer.ok) throw errorFrom(answer.error);
    return answer.result as T;
  }
  return {
    spawn: (request) => ask<SpawnedWorker>({ op: 'spawn', request }),
    stop: (id) => ask<SpawnedWorker>({ op: 'stop', id }),
    list: () => ask<SpawnedWorker[]>({ op: 'list' }),
  };
}

/** The spawner of a child process whose parent (the cluster primary or the supervisor) spawns for it. */
export function parentWorkerSpawner(timeoutMs?: number): WorkerSpawner {
  return createIpcWorkerSpawner(parentChannel, timeoutMs);
}
