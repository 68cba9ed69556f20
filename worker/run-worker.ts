import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import os from 'node:os';
import { resolveHostId } from '../config/host-id.js';
import { createLogger, type Logger } from '../config/logger.js';
import { dataPaths, ensureDataDirs } from '../config/paths.js';
import type { Settings } from '../config/settings.js';
import { buildInfo } from '../config/version.js';
import { createSecretVault } from '../secrets/secret-vault.js';
import { ensureSecretKey } from '../secrets/secret-key.js';
import { storedRemoteCredentials } from '../secrets/remote-credential.js';
import { createStore } from '../store/create-store.js';
import { migrate } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { hostTaskQueue } from '../model/task-queues.js';
import { connectionOptions } from '../temporal/connection-options.js';
import { listLiveWorkers, WORKER_HEARTBEAT_INTERVAL_MS, WORKER_STALE_AFTER_MS } from '../temporal/worker-registry.js';
import { encodeWorkerIdentity } from '../temporal/worker-identity.js';
import { createLauncher, launcherChildScript, useLauncher } from '../git/launcher.js';
import { abortProcessActivities } from '../activities/process-in-activity.js';
import { createWorkers, runWorkers, type ControlRole } from './create-worker.js';
import type { HostDeps } from '../activities/worktree-activities.js';
import { createControlClient, type ControlPlaneAddress } from '../host-link/control-client.js';
import { createTaskFileSender } from '../host-link/send-task-file.js';
import { createTaskFileShipper } from '../host-link/ship-task-files.js';
import { createReleaseArchiveSource } from '../host-link/fetch-release-archive.js';
import { workerCapabilities } from './detect-capabilities.js';
import { createAgentSlots } from '../agents/agent-slots.js';
import { drainHost } from './drain-host.js';
import { removeMovedWorktrees } from './remove-moved-worktrees.js';
import { startProjectWatcher } from './project-watcher.js';
import { temporalLogger } from './temporal-logger.js';
import { defaultWorkflowSource } from './workflow-source.js';
import { clientTracing } from '../telemetry/temporal-tracing.js';
import { startTracing } from '../telemetry/tracing.js';
import { createSdkMetrics, type SdkMetrics } from '../telemetry/sdk-metrics.js';
import { startSdkMetricsServer, type SdkMetricsServer } from './sdk-metrics-server.js';
import { readClientToken } from '../access/install-token.js';

/** A day: long enough for any agent run to finish during a drain. */
const DRAIN_LIMIT_MS = 24 * 60 * 60_000;

export interface RunWorkerOptions {
  /** This worker's host id (`--host-id`); default RINGMASTER_HOST_ID, else the data dir's stored id. */
  hostId?: string | undefined;
  /**
   * A host worker (`--control <api-url>`): it serves only the agents, slots and host queues, opens
   * no database and asks the control plane (with a host-role token) for what it would read there.
   */
  control?: ControlPlaneAddress | undefined;
}

/** The database side of a worker process: only the control plane's has one. */
interface ControlSide {
  role: ControlRole;
  secrets: HostDeps['secrets'];
  remoteCredential: HostDeps['remoteCredential'];
  tasksHeld(hostId: string): Promise<string[]>;
  movedAway(hostId: string, taskIds: string[]): Promise<string[]>;
  startWatcher(logger: Logger, client: Client): { close(): Promise<void> };
  close(): void;
}

function openControlSide(settings: Settings, home: string, client: Client, build: ReturnType<typeof buildInfo>): ControlSide {
  const paths = ensureDataDirs(home);
  const db = openDatabase(paths.database);
  migrate(db, undefined, { backupDir: paths.backups });
  const store = createStore(db);
  const vault = createSecretVault({ repository: store.secrets, key: ensureSecretKey(home) });
  return {
    role: {
      workflowSource: defaultWorkflowSource(),
      activityDeps: {
        version: build.version,
        hostname: os.hostname(),
        pid: process.pid,
        store,
        vault,
        client,
        home,
        maintenance: settings.maintenance,
        hostLostMinutes: settings.hostLostMinutes,
        globalHooks: settings.notify,
      },
    },
    secrets: vault,
    remoteCredential: storedRemoteCredentials(store.projects, vault),
    tasksHeld: async (hostId) => store.tasks.unfinishedOnHost(hostId),
    movedAway: async (hostId, taskIds) => store.tasks.movedAwayFrom(hostId, taskIds),
    startWatcher: (logger, watchClient) => startProjectWatcher({ store, client: watchClient, taskQueue: settings.taskQueue, logger }),
    close: () => db.close(),
  };
}

/**
 * Serves the SDK's metrics on RINGMASTER_WORKER_METRICS_PORT to RINGMASTER_METRICS_TOKEN or the
 * install token (when this data dir has one: a worker never makes an admin token of its own). No
 * token to check, or a port already taken (a second worker on this host), is a warning, not a
 * failure: the worker runs on without it.
 */
async function serveSdkMetrics(settings: Settings, metrics: SdkMetrics, logger: Logger): Promise<SdkMetricsServer | undefined> {
  const tokens = [settings.metricsToken, readClientToken(settings.home, settings.apiToken)].filter((token): token is string => token !== undefined);
  if (tokens.length === 0) {
    logger.warn('RINGMASTER_WORKER_METRICS_PORT is set but there is no token to check: set RINGMASTER_METRICS_TOKEN; running without the SDK metrics');
    return undefined;
  }
  try {
    const server = await startSdkMetricsServer({ metrics, host: settings.host, port: settings.workerMetricsPort!, tokens });
    logger.info({ url: `${server.url}/metrics` }, 'serving the Temporal SDK metrics');
    return server;
  } catch (err) {
    logger.warn({ err: (err as Error).message, port: settings.workerMetricsPort }, 'cannot serve the Temporal SDK metrics on RINGMASTER_WORKER_METRICS_PORT; running without them');
    return undefined;
  }
}

/**
 * Runs this process's workers until a signal, then stops polling and ends the process:
 * - SIGINT/SIGTERM (or the supervisor's IPC channel closing): running activities get
 *   RINGMASTER_WORKER_GRACE_MS, then their processes are stopped and they fail retryably, so
 *   another worker runs them again;
 * - SIGUSR2 (a rolling restart after a reload, or `ringmaster worker stop`): a drain; no new task
 *   is taken, and running activities, agent runs included, finish here. The tasks whose worktree
 *   is here finish here too, unless another process serves this host's queue (drain-host.ts).
 * Without `control` it is the control plane's worker too (workflows, database activities); with
 * it, a host worker only. The workers' identity tells the cluster this host's id, capabilities and
 * agent slots (temporal/worker-identity.ts). Throws ConfigError/WorkerIdentityError for unusable settings.
 */
export async function runWorker(settings: Settings, options: RunWorkerOptions = {}): Promise<void> {
  const logger = createLogger('worker', settings.logLevel);
  // The SDK's own metrics reach Prometheus through this process's checked port, not core's bare listener.
  const sdkMetrics = settings.workerMetricsPort !== undefined ? createSdkMetrics() : undefined;
  Runtime.install({
    logger: temporalLogger(logger),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(sdkMetrics ? { metrics: { buffer: sdkMetrics.buffer } } : {}),
    },
    // Heartbeats let the API list live workers through the cluster (GET /health).
    workerHeartbeatInterval: WORKER_HEARTBEAT_INTERVAL_MS,
    // Signals are handled below: a drain must not cancel running activities.
    shutdownSignals: [],
  });
  // Dozens of git commands a task: forked from a small process, not from this big one.
  const launcher = createLauncher(launcherChildScript());
  const stopUsingLauncher = useLauncher(launcher);
  ensureDataDirs(settings.home);
  const hostId = resolveHostId(settings.home, options.hostId ? { RINGMASTER_HOST_ID: options.hostId } : process.env);
  const build = buildInfo();
  const identity = encodeWorkerIdentity({
    hostId,
    pid: process.pid,
    slots: settings.agentSlots,
    capabilities: workerCapabilities(settings.workerLabels),
    version: build.version,
    commit: build.commit.slice(0, 12),
  });
  const tracing = settings.tracing ? startTracing(settings.tracing, { name: 'ringmaster-worker', version: build.version }) : undefined;
  const connection = await NativeConnection.connect(connectionOptions(settings.temporal));
  const clientConnection = await Connection.connect(connectionOptions(settings.temporal));
  // The activities' client (merge queue submissions, child starts) carries their spans on.
  const client = new Client({ connection: clientConnection, namespace: settings.temporal.namespace, ...clientTracing(tracing) });
  const controlPlane = options.control ? createControlClient(options.control, hostId) : undefined;
  const side = controlPlane ? undefined : openControlSide(settings, settings.home, client, build);
  const secrets: HostDeps['secrets'] = side?.secrets ?? { resolve: (taskId, refs) => controlPlane!.resolveSecrets(taskId, refs) };
  const remoteCredential: HostDeps['remoteCredential'] = side?.remoteCredential ?? ((projectId) => controlPlane!.remoteCredential(projectId));
  const tasksHeld = (id: string) => (side ? side.tasksHeld(id) : controlPlane!.tasksOnHost(id));
  const slots = createAgentSlots(settings.agentSlots);
  try {
    const workers = await createWorkers({
      connection,
      namespace: settings.temporal.namespace,
      control: side?.role,
      host: {
        hostId,
        home: settings.home,
        settings,
        secrets,
        remoteCredential,
        taskFiles: options.control ? createTaskFileShipper({ send: createTaskFileSender(options.control, hostId), logger }) : undefined,
        releaseArchives: options.control ? createReleaseArchiveSource(options.control, hostId) : undefined,
      },
      shutdownGraceMs: DRAIN_LIMIT_MS,
      taskQueue: settings.taskQueue,
      agentSlots: slots,
      identity,
      tracing,
    });
    let graceTimer: NodeJS.Timeout | undefined;
    let drain: { cancel(): void } | undefined;
    const hostQueue = hostTaskQueue(hostId, settings.taskQueue);
    const stop = (how: 'graceful' | 'drain') => {
      if (how === 'drain') {
        drain ??= drainHost({
          workers,
          baseQueue: settings.taskQueue,
          hostQueue,
          othersServeHost: async () => {
            const live = await listLiveWorkers(clientConnection, { namespace: settings.temporal.namespace, taskQueues: [hostQueue], staleAfterMs: WORKER_STALE_AFTER_MS });
            return live.some((worker) => worker.identity !== identity);
          },
          tasksHeld: () => tasksHeld(hostId),
          logger,
          onFinish: slots.releaseAll,
        });
        return;
      }
      drain?.cancel();
      slots.releaseAll();
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      if (!graceTimer) {
        graceTimer = setTimeout(() => {
          const stopped = abortProcessActivities();
          if (stopped) logger.warn({ stopped }, 'grace time over: stopped the processes of running activities; they will run again elsewhere');
        }, settings.workerShutdownGraceMs);
        graceTimer.unref();
      }
      logger.info('stopping');
    };
    process.on('SIGINT', () => stop('graceful'));
    process.on('SIGTERM', () => stop('graceful'));
    process.on('SIGUSR2', () => stop('drain'));
    // A worker started by `ringmaster up` has an IPC channel: it closes if the supervisor dies.
    // Unref'd, so that the channel alone never keeps a drained worker alive.
    process.channel?.unref();
    process.once('disconnect', () => stop('graceful'));
    const metricsServer = sdkMetrics ? await serveSdkMetrics(settings, sdkMetrics, logger) : undefined;
    logger.info({ taskQueues: workers.map((w) => w.options.taskQueue), hostId, identity, address: settings.temporal.address, control: options.control?.url ?? 'this process' }, 'worker started');
    // Watching projects' default branches is the control plane's: it starts their reloads.
    const watcher = side?.startWatcher(logger, client);
    // Back after being lost: the tasks that went on elsewhere meanwhile leave stale worktrees here.
    await removeMovedWorktrees({
      worktreesDir: dataPaths(settings.home).worktrees,
      movedAway: (ids) => (side ? side.movedAway(hostId, ids) : controlPlane!.movedAway(ids)),
      logger,
    }).catch((err: Error) => logger.warn({ err: err.message }, 'could not check for worktrees of tasks that moved away'));
    try {
      await runWorkers(workers);
    } finally {
      drain?.cancel();
      await watcher?.close();
      await metricsServer?.close();
      sdkMetrics?.stop();
    }
    logger.info('worker stopped');
  } finally {
    await clientConnection.close();
    await connection.close();
    side?.close();
    stopUsingLauncher();
    await launcher.close();
    await tracing?.shutdown();
  }
}
