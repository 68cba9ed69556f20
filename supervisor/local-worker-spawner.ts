import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { BackoffPolicy } from '../process/backoff.js';
import { ManagedProcess } from './managed-process.js';
import { isRollingRestartRequest, replyToRequester } from './rolling-restart.js';
import { spawnedWorkerId, tmuxSessionName, workerArgv } from './spawned-worker-command.js';
import { TmuxProcess } from './tmux-process.js';
import { NotSpawnedError, SpawnerUnavailableError, type SpawnedWorker, type SpawnWorkerRequest, type WorkerSpawner } from './worker-spawner.js';

export interface LocalWorkerSpawnerOptions {
  /** The CLI entry the workers run (`dist/cli/main.js`); a function when it changes (rolling restarts). */
  entry: string | (() => string);
  /** The workers' environment: the current settings' (RINGMASTER_HOME, TEMPORAL_ADDRESS, queue …). */
  env: NodeJS.ProcessEnv;
  /** The host id the spawned workers' ids derive from. */
  parentHostId: string;
  /** A direct child's output goes to `<logsDir>/worker-<id>.log`. */
  logsDir: string;
  /** A private folder (the data dir's run/): a tmux worker's environment is handed over in a file there. */
  runDir: string;
  /** How long a stopping worker may take before its group gets SIGKILL. */
  stopGraceMs: number;
  /** The tmux binary (default `tmux` on the PATH). */
  tmux?: string;
  note?: (message: string) => void;
  /** Shows a direct child's output lines to a person. */
  echo?: (workerId: string, line: string) => void;
  /**
   * An IPC message from a spawned worker (not in tmux: those have no channel). Without a handler,
   * a rolling restart request is refused: nothing here can restart Ringmaster.
   */
  onMessage?: (worker: ManagedProcess, message: unknown) => void;
  /** Called when a worker started, restarted or exited (the supervisor records its run state). */
  onChange?: () => void;
  backoff?: BackoffPolicy;
}

interface Entry {
  info: Omit<SpawnedWorker, 'pid'>;
  handle: ManagedProcess | TmuxProcess;
  /** Kept here: a draining ManagedProcess no longer reports its pid, but it still runs. */
  pid: number | null;
}

/** Variables the parent's worker configuration may hold that must not reach a spawned worker. */
const OWN_SETTINGS = ['RINGMASTER_HOST_ID', 'RINGMASTER_AGENT_SLOTS', 'RINGMASTER_WORKER_LABELS'];

/**
 * Spawns `ringmaster worker` processes on this machine, each with a fresh host id, as supervised
 * children: own process group, restarted with backoff when they crash, drained on `stop`, stopped
 * (SIGTERM, then SIGKILL after the grace time) by `close`. With `tmux`, a worker runs in a tmux
 * session named after it. Used by `ringmaster up` (through its IPC channel), by an API that runs
 * without a supervisor, and by tests.
 */
export function createLocalWorkerSpawner(options: LocalWorkerSpawnerOptions) {
  const workers = new Map<string, Entry>();
  let closing = false;
  const entryPath = () => (typeof options.entry === 'function' ? options.entry() : options.entry);
  const view = ({ info, pid }: Entry): SpawnedWorker => ({ ...info, pid });

  const freshId = (): string => {
    for (;;) {
      const id = spawnedWorkerId(options.parentHostId, randomBytes(3).toString('hex').slice(0, 4));
      if (!workers.has(id)) return id;
    }
  };

  const refuseRollingRestart = (worker: ManagedProcess, message: unknown) => {
    if (isRollingRestartRequest(message)) replyToRequester(worker, message, new Error('this worker was spawned outside `ringmaster up`: nothing here can restart Ringmaster onto a new release'));
  };

  const spawner = {
    async spawn(request: SpawnWorkerRequest): Promise<SpawnedWorker> {
      if (closing) throw new SpawnerUnavailableError('Ringmaster is shutting down: no new worker is started');
      const id = freshId();
      const env: NodeJS.ProcessEnv = { ...options.env };
      for (const name of OWN_SETTINGS) delete env[name];
      const argv = workerArgv({ node: process.execPath, entry: entryPath(), id, slots: request.slots, capabilities: request.capabilities });
      const info: Entry['info'] = {
        id,
        capabilities: [...request.capabilities],
        slots: request.slots,
        tmuxSession: request.tmux ? tmuxSessionName(id) : null,
        state: 'running',
        startedAt: new Date().toISOString(),
        logFile: request.tmux ? null : path.join(options.logsDir, `worker-${id}.log`),
      };
      const common = { name: `worker ${id}`, env, stopGraceMs: options.stopGraceMs, ...(options.note ? { note: options.note } : {}), ...(options.backoff ? { backoff: options.backoff } : {}) };
      let handle: ManagedProcess | TmuxProcess;
      if (info.tmuxSession) {
        handle = new TmuxProcess({ ...common, session: info.tmuxSession, argv, envFile: path.join(options.runDir, `${info.tmuxSession}.env.json`), tmux: options.tmux ?? 'tmux' });
      } else {
        const managed = new ManagedProcess({
          ...common,
          command: argv[0]!,
          args: argv.slice(1),
          logFile: info.logFile!,
          // The channel closes when this process dies, and the worker then stops: no orphans.
          ipc: true,
          ...(options.echo ? { echo: (line: string) => options.echo!(id, line) } : {}),
        });
        managed.on('message', (message: unknown) => (options.onMessage ?? refuseRollingRestart)(managed, message));
        handle = managed;
      }
      const entry: Entry = { info, handle, pid: null };
      handle.on('started', (pid: number) => {
        entry.pid = pid;
        options.onChange?.();
      });
      handle.on('exit', (_code: unknown, _signal: unknown, willRestart: boolean) => {
        entry.pid = null;
        if (willRestart) return;
        if (workers.get(id) === entry) workers.delete(id);
        if (handle instanceof ManagedProcess) void handle.close();
        options.onChange?.();
      });
      workers.set(id, entry);
      try {
        if (handle instanceof TmuxProcess) await handle.start();
        else handle.start();
      } catch (err) {
        workers.delete(id);
        if (handle instanceof ManagedProcess) await handle.close();
        throw err;
      }
      options.note?.(`spawned worker ${id} (pid ${entry.pid ?? '?'}${info.tmuxSession ? `, tmux session ${info.tmuxSession}` : ''})`);
      return view(entry);
    },

    async stop(id: string): Promise<SpawnedWorker> {
      const entry = workers.get(id);
      if (!entry) throw new NotSpawnedError(id);
      if (entry.info.state !== 'draining') {
        entry.info.state = 'draining';
        options.note?.(`draining worker ${id}: it takes no new task and exits once the tasks it holds are done`);
        void entry.handle.drain();
      }
      return view(entry);
    },

    async list(): Promise<SpawnedWorker[]> {
      return [...workers.values()].map(view);
    },

    /** Future restarts of the spawned workers run this CLI entry (after a rolling restart). */
    setEntry(entry: string): void {
      for (const { handle } of workers.values()) {
        if (handle instanceof TmuxProcess) handle.spec.argv = [handle.spec.argv[0]!, entry, ...handle.spec.argv.slice(2)];
        else handle.spec.args = [entry, ...handle.spec.args.slice(1)];
      }
    },

    /** Stops every spawned worker (SIGTERM, then SIGKILL after the grace time) and resolves once all exited. */
    async close(): Promise<void> {
      closing = true;
      const all = [...workers.values()];
      await Promise.all(
        all.map(async ({ handle }) => {
          await handle.stop();
          if (handle instanceof ManagedProcess) await handle.close();
        }),
      );
    },

    /** Kills every spawned worker's process group at once (a forced shutdown). */
    kill(): void {
      closing = true;
      for (const { handle } of workers.values()) handle.kill();
    },

    /** The running spawned processes, for the supervisor's run state. */
    processes(): { name: string; pid: number; command: string }[] {
      return [...workers.values()].flatMap(({ info, pid }) => (pid === null ? [] : [{ name: `worker-${info.id}`, pid, command: process.execPath }]));
    },
  };
  return spawner satisfies WorkerSpawner;
}

export type LocalWorkerSpawner = ReturnType<typeof createLocalWorkerSpawner>;
