import path from 'node:path';
import { apiTokenFile, ensureInstallToken } from '../access/install-token.js';
import { resolveHostId } from '../config/host-id.js';
import { ensureDataDirs, packageRoot, toolsDir } from '../config/paths.js';
import { apiBaseUrl, settingsToEnv, type Settings } from '../config/settings.js';
import { buildInfo } from '../config/version.js';
import { createStore } from '../store/create-store.js';
import { createMetaRepository } from '../store/meta-repository.js';
import { migrate } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { Client } from '@temporalio/client';
import { lazyConnection, probeCluster } from '../temporal/cluster-probe.js';
import { ensureMaintenanceSchedule } from '../temporal/maintenance-schedule.js';
import { listLiveWorkers, WORKER_STALE_AFTER_MS } from '../temporal/worker-registry.js';
import { ensureSearchAttributes } from '../temporal/search-attributes.js';
import { ensureTemporalCli } from '../toolchain/temporal-cli.js';
import { formatLogLine } from './format-log-line.js';
import { createLocalWorkerSpawner } from './local-worker-spawner.js';
import { ManagedProcess } from './managed-process.js';
import { assertPortFree } from './ports.js';
import { isRollingRestartRequest, replyToRequester, rollingRestart, type RollingRestartContext } from './rolling-restart.js';
import { createRunStateFile } from '../process/run-state.js';
import { handleSpawnerRequest, SUPERVISED_SPAWNER_ENV } from './spawner-protocol.js';
import { ensureSelfRelease, registerSelf, releaseEntry } from './self-release.js';
import { devServerArgs, pickDevServerPorts } from './temporal-dev-server.js';
import { httpStatus, startUiGuard, type RunningUiGuard } from './run-ui-guard.js';
import { makeFilePrivate } from '../config/private-files.js';
import { checkDatabaseHealth, damagedDatabaseMessage } from '../backup/check-database.js';
import { newestBackup } from '../backup/list-backups.js';
import { waitUntil } from './wait-until.js';

export interface SupervisorOptions {
  settings: Settings;
  /** The CLI entry point that runs `ringmaster worker` and `ringmaster api` (dist/cli/main.js). */
  cliEntry: string;
  /**
   * Self-hosting (`up --self`): Ringmaster's own repository becomes a project, and the API and
   * worker run from its current release (built on first start), never from the working tree.
   */
  self?: { testCommand?: string[]; repoPath?: string };
  /** Prints a line for the person at the terminal. */
  say: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Where a person reaches the running system. */
export interface Endpoints {
  api: string;
  docs: string;
  temporalAddress: string;
  temporalUi: string | undefined;
  home: string;
  /** The file holding the admin token; undefined when it comes from RINGMASTER_API_TOKEN. */
  tokenFile: string | undefined;
}

/** Thrown when `up` finds a damaged database: the message says which and how to restore. */
export class DamagedDatabaseError extends Error {
  override readonly name = 'DamagedDatabaseError';
}

/** Thrown when a child did not come up; carries its last output lines. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    message: string,
    readonly outputTail: string[] = [],
  ) {
    super(outputTail.length ? `${message}\n--- last output ---\n${outputTail.join('\n')}` : message);
  }
}

/**
 * Builds (does not start) the supervisor of one host: the embedded Temporal dev server (unless
 * an existing cluster is configured), then the worker, then the API; each is awaited healthy
 * before the next starts, restarted with backoff when it crashes, and stopped in reverse order.
 */
export function createSupervisor(options: SupervisorOptions) {
  const { settings, say } = options;
  const paths = ensureDataDirs(settings.home);
  const runState = createRunStateFile(paths.run);
  const children: ManagedProcess[] = [];
  // Workers retired by a rolling restart: they finish what they run, then exit.
  const draining = new Set<ManagedProcess>();
  let entry = options.cliEntry;
  let restarts: Promise<void> = Promise.resolve();
  const connection = lazyConnection(settings.temporal);
  const childEnv: NodeJS.ProcessEnv = { ...(options.env ?? process.env), ...settingsToEnv(settings), RINGMASTER_TOOLS_DIR: toolsDir(options.env ?? process.env) };
  const apiUrl = apiBaseUrl(settings);
  const startedAt = new Date().toISOString();
  let stopping = false;
  const note = (message: string) => say(`[supervisor] ${message}`);
  // The admin token (made at start) and the guard in front of the embedded Web UI.
  let installToken = '';
  let uiGuard: RunningUiGuard | undefined;

  const recordRunState = () =>
    runState.write({
      pid: process.pid,
      startedAt,
      children: Object.fromEntries([
        ...[...children, ...draining]
          .filter((c) => c.pid !== undefined)
          .map((c) => [draining.has(c) ? `${c.spec.name}-draining-${c.pid}` : c.spec.name, { pid: c.pid!, command: c.spec.command }] as const),
        ...spawned.processes().map(({ name, pid, command }) => [name, { pid, command }] as const),
      ]),
    });

  // Rolling restart requests come from whichever worker runs the release's activation.
  const onWorkerMessage = (worker: ManagedProcess, message: unknown) => {
    if (!isRollingRestartRequest(message)) return;
    // One at a time: a second request waits for the first to finish.
    restarts = restarts.then(() =>
      rollingRestart(restartContext, message.entry, () => replyToRequester(worker, message)).catch((err: Error) => {
        note(`rolling restart onto ${message.entry} failed: ${err.message}`);
        replyToRequester(worker, message, err);
      }),
    );
  };

  // Workers spawned through the API (`POST /api/workers/spawn`) are children of this supervisor
  // too: restarted when they crash, stopped with the other workers.
  const spawned = createLocalWorkerSpawner({
    entry: () => entry,
    env: childEnv,
    parentHostId: resolveHostId(settings.home, childEnv),
    logsDir: paths.logs,
    runDir: paths.run,
    stopGraceMs: settings.workerShutdownGraceMs + 15_000,
    note,
    echo: (id, line) => say(`[worker ${id}] ${formatLogLine(line)}`),
    onMessage: onWorkerMessage,
    // After a shutdown began, the run state is cleared at its end (or at once by kill()).
    onChange: () => {
      if (!stopping) recordRunState();
    },
  });

  const launch = (child: ManagedProcess): ManagedProcess => {
    children.push(child);
    child.on('started', recordRunState);
    child.start();
    return child;
  };

  const exitedBeforeReady = (child: ManagedProcess) => () => (stopping ? 'shutting down' : child.running ? undefined : `${child.spec.name} exited`);

  const nodeChild = (name: 'worker' | 'api', stopGraceMs: number) =>
    new ManagedProcess({
      name,
      command: process.execPath,
      args: [entry, name],
      // The API asks this supervisor, over its IPC channel, to spawn and stop workers.
      env: name === 'api' ? { ...childEnv, [SUPERVISED_SPAWNER_ENV]: 'supervisor' } : childEnv,
      logFile: path.join(paths.logs, `${name}.log`),
      ipc: true,
      echo: (line) => say(`[${name}] ${formatLogLine(line)}`),
      note,
      stopGraceMs,
    });

  const clusterReady = async () => {
    const status = await probeCluster(connection, settings.temporal);
    if (!status.ok) throw new Error(status.error);
    return true;
  };

  async function startTemporal(): Promise<void> {
    if (!settings.temporal.embedded) {
      say(`Using the Temporal cluster at ${settings.temporal.address} (namespace ${settings.temporal.namespace})`);
      await waitUntil(clusterReady, { timeoutMs: 30_000, what: `Temporal at ${settings.temporal.address}`, abortReason: () => (stopping ? 'shutting down' : undefined) });
      return;
    }
    const cli = await ensureTemporalCli({ env: childEnv, onProgress: say });
    // Children (and the tests a project runs) then find this CLI instead of installing another.
    childEnv.RINGMASTER_TEMPORAL_BIN = cli.path;
    say(`Starting Temporal dev server (${cli.path}) on ${settings.temporal.address}, database ${paths.temporalDatabase}`);
    let ports = await pickDevServerPorts();
    const server = launch(
      new ManagedProcess({
        name: 'temporal',
        command: cli.path,
        args: devServerArgs(settings, paths.temporalDatabase, ports),
        env: childEnv,
        logFile: path.join(paths.logs, 'temporal.log'),
        note,
        stopGraceMs: 15_000,
        // Its database and logs are readable by this user only.
        umask: 0o077,
      }),
    );
    // Another program may take one of its ports while it is down: a restart picks them again.
    server.on('exit', (_code: unknown, _signal: unknown, willRestart: boolean) => {
      if (!willRestart) return;
      void pickDevServerPorts().then(
        (next) => {
          ports = next;
          server.spec.args = devServerArgs(settings, paths.temporalDatabase, next);
        },
        (err: Error) => note(`keeping the Temporal server's ports: ${err.message}`),
      );
    });
    try {
      await waitUntil(clusterReady, { timeoutMs: 60_000, what: 'the Temporal dev server', abortReason: exitedBeforeReady(server) });
      await waitUntil(async () => (await httpStatus(`http://127.0.0.1:${ports.ui}/`)) === 200, {
        timeoutMs: 30_000,
        what: 'the Temporal Web UI',
        abortReason: exitedBeforeReady(server),
      });
    } catch (err) {
      throw new StartupError((err as Error).message, server.tail());
    }
    for (const file of [paths.temporalDatabase, `${paths.temporalDatabase}-wal`, `${paths.temporalDatabase}-shm`]) makeFilePrivate(file);
    uiGuard = await startUiGuard({ settings, installToken, upstream: () => `http://127.0.0.1:${ports.ui}`, database: paths.database });
  }

  async function startWorker(): Promise<ManagedProcess> {
    const worker = launch(nodeChild('worker', settings.workerShutdownGraceMs + 15_000));
    worker.on('message', (message: unknown) => onWorkerMessage(worker, message));
    try {
      await waitUntil(
        async () => {
          const live = await listLiveWorkers(connection, {
            namespace: settings.temporal.namespace,
            taskQueues: [settings.taskQueue],
            staleAfterMs: WORKER_STALE_AFTER_MS,
          });
          return live.some((w) => w.pid === worker.pid);
        },
        { timeoutMs: 90_000, what: 'the worker to heartbeat to Temporal', abortReason: exitedBeforeReady(worker) },
      );
    } catch (err) {
      throw new StartupError((err as Error).message, worker.tail());
    }
    return worker;
  }

  const restartContext: RollingRestartContext = {
    api: () => children.find((c) => c.spec.name === 'api' && c.running),
    workers: () => children.filter((c) => c.spec.name === 'worker'),
    startWorker,
    retire: (worker) => {
      children.splice(children.indexOf(worker), 1);
      draining.add(worker);
      recordRunState();
      void worker.drain().then(async () => {
        draining.delete(worker);
        await worker.close();
        recordRunState();
      });
    },
    setEntry: (next) => {
      entry = next;
      for (const child of children) if (child.spec.name === 'api') child.spec.args = [next, 'api'];
      spawned.setEntry(next);
    },
    note,
  };

  async function startApi(): Promise<void> {
    const api = launch(nodeChild('api', 10_000));
    api.on('message', (message: unknown) => {
      handleSpawnerRequest(message, spawned, (reply) => api.send(reply));
    });
    try {
      await waitUntil(async () => (await fetch(`${apiUrl}/health`)).status > 0, {
        timeoutMs: 30_000,
        what: `the API at ${apiUrl}`,
        abortReason: exitedBeforeReady(api),
      });
    } catch (err) {
      throw new StartupError((err as Error).message, api.tail());
    }
  }

  let stopped: Promise<void> | undefined;
  // Memoized: a signal during start-up and the failed start-up both ask to stop.
  const stop = (): Promise<void> => (stopped ??= stopAll());

  async function stopAll(): Promise<void> {
    stopping = true;
    await uiGuard?.close();
    // Reverse order of dependence: the API stops accepting, the workers drain, Temporal goes last.
    const all = [...children, ...draining];
    for (const role of ['api', 'worker', 'temporal']) {
      const group = all.filter((child) => child.spec.name === role);
      const withSpawned = role === 'worker' && (await spawned.list()).length > 0;
      if (group.some((child) => child.running) || withSpawned) say(`Stopping ${role} ...`);
      await Promise.all([
        ...group.map(async (child) => {
          await child.stop();
          await child.close();
        }),
        ...(role === 'worker' ? [spawned.close()] : []),
      ]);
    }
    await connection.close();
    runState.clear();
  }

  return {
    /** Starts everything in order and resolves with the endpoints once all are healthy. */
    async start(): Promise<Endpoints> {
      installToken = ensureInstallToken(settings.home, settings.apiToken);
      const leftovers = await runState.reclaim();
      if (leftovers.length) say(`Stopped processes left by a previous run that did not shut down: ${leftovers.join(', ')}`);
      // A damaged database is refused before anything writes to it, with the restore to run.
      for (const file of [paths.database, paths.temporalDatabase]) {
        const health = checkDatabaseHealth(file);
        if (!health.ok) throw new DamagedDatabaseError(damagedDatabaseMessage({ file, detail: health.detail, home: paths.home, newestBackup: newestBackup(paths.backups) }));
      }
      const db = openDatabase(paths.database);
      try {
        const { applied, version } = migrate(db, undefined, { backupDir: paths.backups });
        if (applied.length) say(`Database ${paths.database}: applied migrations ${applied.join(', ')} (schema version ${version})`);
        createMetaRepository(db).set('last_started_version', buildInfo().version);
        if (options.self) {
          const store = createStore(db);
          const project = await registerSelf(store, settings, options.self.repoPath ?? packageRoot(), options.self.testCommand);
          const release = await ensureSelfRelease(store, settings.home, project, say);
          entry = releaseEntry(release);
          say(`Self-hosting: project "${project.name}" is ${project.repoPath}; Ringmaster runs from ${release}`);
        }
      } finally {
        db.close();
      }
      await assertPortFree(settings.host, settings.port, '--port / RINGMASTER_PORT');
      if (settings.temporal.embedded) {
        await assertPortFree('127.0.0.1', settings.temporal.port, '--temporal-port / RINGMASTER_TEMPORAL_PORT');
        await assertPortFree('127.0.0.1', settings.temporal.uiPort, '--temporal-ui-port / RINGMASTER_TEMPORAL_UI_PORT');
      }
      const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
      try {
        let t = Date.now();
        await startTemporal();
        const added = await ensureSearchAttributes(connection, settings.temporal.namespace);
        say(`Temporal ready in ${since(t)}${added.length ? `; registered search attributes ${added.join(', ')}` : ''}`);
        t = Date.now();
        await startWorker();
        say(`Worker ready in ${since(t)}`);
        // Hourly maintenance (backups, worktrees, logs, cache), a Schedule visible in the Web UI.
        // A failure here does not stop `up`: the next start tries again, `maintenance run` works meanwhile.
        await ensureMaintenanceSchedule(new Client({ connection, namespace: settings.temporal.namespace }), settings.taskQueue).then(
          (created) => created && say('Created the hourly maintenance schedule ringmaster-maintenance'),
          (err: Error) => say(`Could not create the maintenance schedule (${err.message}); run \`ringmaster maintenance run\` by hand`),
        );
        t = Date.now();
        await startApi();
        say(`API ready in ${since(t)}`);
      } catch (err) {
        await stop();
        throw err;
      }
      return {
        api: apiUrl,
        docs: `${apiUrl}/docs`,
        temporalAddress: settings.temporal.address,
        temporalUi: settings.temporal.uiUrl,
        home: settings.home,
        tokenFile: settings.apiToken ? undefined : apiTokenFile(settings.home),
      };
    },
    /** Stops every child in reverse start order (API, worker, Temporal) and resolves when all exited. */
    stop,
    /** Kills every child's process group immediately (second Ctrl-C). */
    kill(): void {
      stopping = true;
      for (const child of [...children, ...draining]) child.kill();
      spawned.kill();
      runState.clear();
    },
    /** The supervised children with their current pids, in start order. */
    processes(): { name: string; pid: number | undefined }[] {
      return children.map((c) => ({ name: c.spec.name, pid: c.pid }));
    },
  };
}

export type Supervisor = ReturnType<typeof createSupervisor>;
