import cluster, { type Worker } from 'node:cluster';
import type { DrainOptions } from './drain-http-servers.js';
import { parseWorkerFailedMessage, WORKER_COMMAND, type DrainWorkerMessage, type WorkerFailedMessage } from './worker-protocol.js';

/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
}

/** Describes an exit for a message: `exited with code 1`, `was killed by SIGKILL`. */
export function describeExit(exit: WorkerExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
}

/** After the drain deadline, this much longer before a worker that did not exit is killed. */
export const KILL_AFTER_DEADLINE_MS = 5_000;

/**
 * The primary's view of one API worker process forked from a CLI entry: when it listens, why it
 * failed, when it exits; and the means to drain or kill it.
 */
export class ApiWorkerProcess {
  readonly pid: number;
  readonly forkedAt = Date.now();
  /** Set when the worker's server listens; the primary then counts it among the round robin. */
  listeningAt: number | undefined;
  /** What the worker reported before exiting, when it could not start. */
  failure: WorkerFailedMessage['error'] | undefined;
  /** Set once it exited. */
  exit: WorkerExit | undefined;
  /** Resolves (never rejects) once the process exited. */
  readonly exited: Promise<WorkerExit>;
  /** Resolves once the worker listens, or with its exit when it exits first. Never rejects. */
  readonly listening: Promise<WorkerExit | undefined>;
  private drainRequested = false;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly worker: Worker,
    /** The CLI entry it runs. */
    readonly entry: string,
  ) {
    this.pid = worker.process.pid ?? -1;
    worker.on('message', (message: unknown) => {
      this.failure = parseWorkerFailedMessage(message)?.error ?? this.failure;
    });
    // 'close' comes after 'exit' and after the IPC channel delivered its last message (the failure).
    this.exited = new Promise((resolve) => {
      worker.process.once('close', (code: number | null, signal: string | null) => {
        this.exit = { code, signal };
        clearTimeout(this.killTimer);
        resolve(this.exit);
      });
    });
    this.listening = Promise.race([
      new Promise<undefined>((resolve) =>
        worker.once('listening', () => {
          this.listeningAt = Date.now();
          resolve(undefined);
        }),
      ),
      this.exited,
    ]);
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** True once the primary asked it to drain: its exit is then expected. */
  get retiring(): boolean {
    return this.drainRequested;
  }

  /**
   * Asks the worker to drain (again, to add `closeIdle`), and kills it if it is still running
   * KILL_AFTER_DEADLINE_MS after the first deadline. Does nothing once it exited.
   */
  drain(options: DrainOptions): void {
    if (!this.running) return;
    const message: DrainWorkerMessage = { type: 'api-worker:drain', ...options };
    // A worker whose channel already closed is on its way out; the kill timer covers the rest.
    if (this.worker.isConnected()) this.worker.send(message, undefined, () => undefined);
    if (this.drainRequested) return;
    this.drainRequested = true;
    this.killTimer = setTimeout(() => this.kill(), options.deadlineMs + KILL_AFTER_DEADLINE_MS);
  }

  /** Kills the worker at once (SIGKILL). */
  kill(): void {
    if (this.running) this.worker.process.kill('SIGKILL');
  }
}

/**
 * Forks `node <entry> api-worker` as a cluster worker with `env` added to this process's
 * environment, and returns its handle. Throws only if the process cannot be spawned at all.
 */
export function forkApiWorker(entry: string, env: NodeJS.ProcessEnv): ApiWorkerProcess {
  // setupPrimary only affects the next fork; the primary forks one worker at a time.
  cluster.setupPrimary({ exec: entry, args: [WORKER_COMMAND], silent: false });
  return new ApiWorkerProcess(cluster.fork(env), entry);
}
