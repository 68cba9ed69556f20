import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Logger } from '../../config/logger.js';
import { DEFAULT_BACKOFF, nextRestart, type BackoffPolicy } from '../../process/backoff.js';
import { describeExit, forkApiWorker, type ApiWorkerProcess } from './api-worker-process.js';
import { PROBE_TOKEN_ENV, probeWorker } from './worker-probe.js';

/** Thrown when a new API worker did not come up: it exited, did not answer in time, or shutdown began. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
  constructor(
    message: string,
    /** True when the worker itself reported (and printed) why it failed. */
    readonly reportedByWorker = false,
  ) {
    super(message);
  }
}

export interface ApiPrimaryOptions {
  /** CLI entry of the first worker; reloads replace it. */
  entry: string;
  /** Where the workers listen, for the readiness probe. */
  host: string;
  port: number;
  /** Added to this process's environment for every worker (the resolved settings). */
  env: NodeJS.ProcessEnv;
  /** A draining worker's deadline. */
  drainMs: number;
  /** How long a new worker may take to listen and answer `GET /health`. */
  workerStartMs: number;
  backoff?: BackoffPolicy;
  logger: Logger;
}

const PROBE_INTERVAL_MS = 100;
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Builds (does not start) the node:cluster primary of the API. The primary holds the listening
 * socket; one worker at a time serves, except during a reload, when the new worker serves next to
 * the draining old one. A worker that exits on its own is replaced with backoff, from the last
 * entry that came up. Starting, reloading and restarting run one at a time.
 */
export function createApiPrimary(options: ApiPrimaryOptions) {
  const { logger } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const workers = new Set<ApiWorkerProcess>();
  let active: ApiWorkerProcess | undefined;
  let activeEntry = options.entry;
  let stopping = false;
  let crashes = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const probeToken = randomUUID();
  const workerEnv = { ...options.env, [PROBE_TOKEN_ENV]: probeToken };

  const serially = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation);
    queue = result.catch(() => undefined);
    return result;
  };

  const retire = (worker: ApiWorkerProcess, closeIdle: boolean) => worker.drain({ deadlineMs: options.drainMs, closeIdle });
  // A worker that never listened holds no connection: nothing to drain, and it may hang in start-up.
  const discard = (worker: ApiWorkerProcess) => (worker.listeningAt === undefined ? worker.kill() : retire(worker, false));

  function fork(entry: string): ApiWorkerProcess {
    const worker = forkApiWorker(entry, workerEnv);
    workers.add(worker);
    logger.info({ pid: worker.pid, entry }, 'api worker forked');
    void worker.exited.then(() => onExit(worker));
    return worker;
  }

  function onExit(worker: ApiWorkerProcess): void {
    workers.delete(worker);
    const how = describeExit(worker.exit!);
    if (worker !== active) {
      // A failed start is reported by whoever awaited it.
      if (worker.retiring) logger.info({ pid: worker.pid }, `api worker ${how} after draining`);
      return;
    }
    active = undefined;
    if (stopping) return;
    logger.error({ pid: worker.pid }, `api worker ${how}; no worker serves until its replacement is up`);
    scheduleRestart(Date.now() - (worker.listeningAt ?? worker.forkedAt));
  }

  function scheduleRestart(ranForMs: number): void {
    const next = nextRestart(crashes, ranForMs, backoff);
    crashes = next.crashes;
    logger.warn({ entry: activeEntry, crash: crashes }, `restarting the api worker in ${next.delayMs} ms`);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      serially(restart).catch((err: Error) => logger.error({ err }, 'api worker restart failed'));
    }, next.delayMs);
  }

  async function restart(): Promise<void> {
    if (stopping || active) return;
    const worker = fork(activeEntry);
    try {
      await untilServing(worker);
    } catch (err) {
      discard(worker);
      logger.error({ pid: worker.pid }, (err as Error).message);
      if (!stopping) scheduleRestart(0);
      return;
    }
    active = worker;
    logger.info({ pid: worker.pid }, 'api worker restarted');
  }

  /** Resolves once `worker` listens and answers a probe itself; throws WorkerStartError otherwise. */
  async function untilServing(worker: ApiWorkerProcess): Promise<void> {
    const deadline = Date.now() + options.workerStartMs;
    const notServing = (why: string) => new WorkerStartError(`the API worker ${worker.pid} from ${worker.entry} ${why}`, worker.failure !== undefined);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.workerStartMs)));
    const listened = await Promise.race([worker.listening, timedOut]);
    clearTimeout(timer);
    for (;;) {
      if (worker.exit) {
        throw notServing(`${describeExit(worker.exit)} before it served${worker.failure ? `: ${worker.failure.message}` : ''}`);
      }
      if (stopping) throw notServing('was stopped: the API is shutting down');
      if (listened === 'timeout' || Date.now() > deadline) throw notServing(`did not listen and answer GET /health within ${options.workerStartMs} ms`);
      const answeredBy = await probeWorker({ host: options.host, port: options.port, token: probeToken, timeoutMs: PROBE_TIMEOUT_MS });
      if (answeredBy === worker.pid) return;
      await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
    }
  }

  async function assertEntryFile(entry: string): Promise<void> {
    const stat = await fs.stat(entry).catch(() => undefined);
    if (!stat?.isFile()) throw new WorkerStartError(`${entry} is not a file`);
  }

  return {
    /** Forks the first worker and resolves once it serves; throws WorkerStartError if it did not come up. */
    async start(): Promise<{ pid: number }> {
      return serially(async () => {
        const worker = fork(activeEntry);
        try {
          await untilServing(worker);
        } catch (err) {
          discard(worker);
          await worker.exited;
          throw err;
        }
        active = worker;
        logger.info({ pid: worker.pid }, 'api worker serving');
        return { pid: worker.pid };
      });
    },

    /**
     * Serves from `entry`: forks a worker from it, waits until it serves, then drains the previous
     * one and resolves with the new pid. Throws WorkerStartError (the previous worker keeps serving,
     * undrained) when the entry is no file, the new worker did not come up, or shutdown began.
     */
    async reload(entry: string): Promise<{ pid: number }> {
      return serially(async () => {
        if (stopping) throw new WorkerStartError('the API is shutting down');
        await assertEntryFile(entry);
        if (stopping) throw new WorkerStartError('the API is shutting down');
        const worker = fork(entry);
        try {
          await untilServing(worker);
        } catch (err) {
          discard(worker);
          throw err;
        }
        const previous = active;
        active = worker;
        activeEntry = entry;
        clearTimeout(restartTimer);
        restartTimer = undefined;
        if (previous) retire(previous, false);
        logger.info({ pid: worker.pid, previous: previous?.pid, entry }, 'api reloaded; the previous worker drains');
        return { pid: worker.pid };
      });
    },

    /** Drains every worker (idle keep-alive connections closed at once) and resolves once all exited. */
    async stop(): Promise<void> {
      stopping = true;
      clearTimeout(restartTimer);
      const all = [...workers];
      for (const worker of all) retire(worker, true);
      await Promise.all(all.map((worker) => worker.exited));
    },
  };
}

export type ApiPrimary = ReturnType<typeof createApiPrimary>;
