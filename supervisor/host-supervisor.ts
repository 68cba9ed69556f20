import path from 'node:path';
import { resolveHostId } from '../config/host-id.js';
import { ensureDataDirs } from '../config/paths.js';
import type { Settings } from '../config/settings.js';
import { hostTaskQueue } from '../model/task-queues.js';
import { lazyConnection } from '../temporal/cluster-probe.js';
import { listLiveWorkers, WORKER_STALE_AFTER_MS } from '../temporal/worker-registry.js';
import { ManagedProcess } from './managed-process.js';
import { isRollingRestartRequest, replyToRequester, rollingRestart, type RollingRestartContext } from './rolling-restart.js';
import { SUPERVISED_WORKER_ENV } from './supervised-worker-env.js';
import { waitUntil } from './wait-until.js';

export interface HostSupervisorOptions {
  settings: Settings;
  /** The CLI entry it starts the worker from (dist/cli/main.js; a release's after a reload). */
  cliEntry: string;
  /** The worker's command line after the entry (`worker --control <url> ...`), the same for every restart. */
  workerArgs: string[];
  hostId?: string | undefined;
  /** Each line the worker prints, and the supervisor's own notes. */
  say: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a host worker (`ringmaster worker --control`) as the child of a small supervisor, as
 * `ringmaster up` runs its own: restarted with backoff when it crashes, and moved onto a new
 * release of Ringmaster by a rolling restart when the release asks (a new worker from the
 * release's entry polls first, the old one drains: its running agents finish there). SIGINT and
 * SIGTERM stop the worker (its grace time), SIGUSR2 drains it; resolves when no worker is left.
 */
export async function superviseHostWorker(options: HostSupervisorOptions): Promise<void> {
  const { settings, say } = options;
  const paths = ensureDataDirs(settings.home);
  const env = { ...(options.env ?? process.env), [SUPERVISED_WORKER_ENV]: '1' };
  const hostQueue = hostTaskQueue(resolveHostId(settings.home, options.hostId ? { RINGMASTER_HOST_ID: options.hostId } : env), settings.taskQueue);
  const connection = lazyConnection(settings.temporal);
  const note = (message: string) => say(`[supervisor] ${message}`);
  const serving: ManagedProcess[] = [];
  const all = new Set<ManagedProcess>();
  let restarts: Promise<void> = Promise.resolve();

  /** Takes a worker out of the serving set (retired or ended). */
  const leave = (worker: ManagedProcess) => {
    const at = serving.indexOf(worker);
    if (at >= 0) serving.splice(at, 1);
  };

  const launch = (from: string): ManagedProcess => {
    const worker = new ManagedProcess({
      name: 'worker',
      command: process.execPath,
      args: [from, ...options.workerArgs],
      env,
      logFile: path.join(paths.logs, 'worker.log'),
      ipc: true,
      echo: say,
      note,
      stopGraceMs: settings.workerShutdownGraceMs + 15_000,
    });
    worker.on('message', (message: unknown) => {
      if (!isRollingRestartRequest(message)) return;
      // One at a time: a second request waits for the first to finish.
      restarts = restarts.then(() =>
        rollingRestart(context, message.entry, () => replyToRequester(worker, message)).catch((err: Error) => {
          note(`rolling restart onto ${message.entry} failed: ${err.message}`);
          replyToRequester(worker, message, err);
        }),
      );
    });
    all.add(worker);
    serving.push(worker);
    worker.on('exit', (_code: unknown, _signal: unknown, willRestart: boolean) => {
      if (willRestart) return;
      all.delete(worker);
      leave(worker);
      void worker.close();
      if (all.size === 0) allEnded();
    });
    worker.start();
    return worker;
  };

  const context: RollingRestartContext = {
    api: () => undefined,
    workers: () => [...serving],
    async startWorker(from) {
      const worker = launch(from);
      await waitUntil(
        async () => (await listLiveWorkers(connection, { namespace: settings.temporal.namespace, taskQueues: [hostQueue], staleAfterMs: WORKER_STALE_AFTER_MS })).some((w) => w.pid === worker.pid),
        { timeoutMs: 90_000, what: `the worker on ${from} to poll Temporal`, abortReason: () => (worker.running ? undefined : 'it exited') },
      ).catch(async (err: Error) => {
        await worker.stop();
        throw err;
      });
      return worker;
    },
    retire(worker) {
      leave(worker);
      void worker.drain();
    },
    // Each worker is restarted from the entry it was started from: nothing else to remember.
    setEntry: () => undefined,
    note,
  };

  let allEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (allEnded = resolve));
  launch(options.cliEntry);
  const stop = (how: 'stop' | 'drain') => {
    note(how === 'drain' ? 'draining the worker' : 'stopping the worker');
    for (const worker of all) void (how === 'drain' ? worker.drain() : worker.stop());
  };
  process.on('SIGINT', () => stop('stop'));
  process.on('SIGTERM', () => stop('stop'));
  process.on('SIGUSR2', () => stop('drain'));
  // Every worker ends (stopped, drained, or retired by a rolling restart); the supervisor ends with the last.
  await ended;
  await connection.close();
}
