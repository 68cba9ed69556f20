import { requestApiReload } from '../ipc/api-ipc-client.js';
import type { RollingRestartReply, RollingRestartRequest } from '../ipc/supervisor-channel.js';
import type { ManagedProcess } from './managed-process.js';

/** What the supervisor lends the rolling restart. */
export interface RollingRestartContext {
  /** The running API child (its cluster primary), if any. */
  api(): ManagedProcess | undefined;
  /** The workers serving now. */
  workers(): ManagedProcess[];
  /** Starts a worker from `entry` and resolves once it polls Temporal. */
  startWorker(entry: string): Promise<ManagedProcess>;
  /** Moves a worker out of the serving set; it drains and exits on its own. */
  retire(worker: ManagedProcess): void;
  /** Remembers `entry` for every later (re)start of the API and workers. */
  setEntry(entry: string): void;
  note(message: string): void;
}

/** Returns true when `message` is a worker's request for a rolling restart. */
export function isRollingRestartRequest(message: unknown): message is RollingRestartRequest {
  const m = message as Partial<RollingRestartRequest> | null;
  return m?.type === 'ringmaster:rolling-restart' && typeof m.requestId === 'string' && typeof m.entry === 'string';
}

/**
 * Moves Ringmaster's API and worker onto the release at `entry` without downtime: the API's
 * cluster primary starts a worker on the new code and drains the old one; then a new worker
 * starts and, once it polls, `onServing` runs (the requester hears back) and the old workers
 * drain — agent runs in flight finish in them. Throws when the new API or worker does not come up;
 * the old processes then keep serving.
 */
export async function rollingRestart(ctx: RollingRestartContext, entry: string, onServing: () => void): Promise<void> {
  const api = ctx.api();
  if (api?.process) {
    const { pid } = await requestApiReload(api.process, entry);
    ctx.note(`API now serves from ${entry} (worker pid ${pid})`);
  }
  const previous = ctx.workers();
  ctx.setEntry(entry);
  const fresh = await ctx.startWorker(entry);
  ctx.note(`worker ${fresh.pid ?? '?'} serves from ${entry}; draining ${previous.map((w) => w.pid).join(', ') || 'none'}`);
  onServing();
  for (const old of previous) ctx.retire(old);
}

/** Answers a worker's rolling restart request over its IPC channel. */
export function replyToRequester(worker: ManagedProcess, request: RollingRestartRequest, error?: Error): void {
  const reply: RollingRestartReply = { type: 'ringmaster:rolling-restarted', requestId: request.requestId, ok: !error, ...(error ? { error: error.message } : {}) };
  worker.send(reply);
}
