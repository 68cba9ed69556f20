import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import os from 'node:os';
import { resolveHostId } from '../config/host-id.js';
import { createLogger } from '../config/logger.js';
import { ensureDataDirs } from '../config/paths.js';
import type { Settings } from '../config/settings.js';
import { buildInfo } from '../config/version.js';
import { createStore } from '../store/create-store.js';
import { migrate } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { connectionOptions } from '../temporal/connection-options.js';
import { WORKER_HEARTBEAT_INTERVAL_MS } from '../temporal/live-workers.js';
import { createWorkers, runWorkers } from './create-worker.js';
import { temporalLogger } from './temporal-logger.js';
import { defaultWorkflowSource } from './workflow-source.js';

/**
 * Runs this process's workers until SIGINT/SIGTERM (or the supervisor's IPC channel closing),
 * then drains: polling stops, running activities get the grace time, and the connection closes.
 */
export async function runWorker(settings: Settings): Promise<void> {
  const logger = createLogger('worker', settings.logLevel);
  Runtime.install({
    logger: temporalLogger(logger),
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) } },
    // Heartbeats let the API list live workers through the cluster (GET /health).
    workerHeartbeatInterval: WORKER_HEARTBEAT_INTERVAL_MS,
  });
  const paths = ensureDataDirs(settings.home);
  const db = openDatabase(paths.database);
  migrate(db);
  const hostId = resolveHostId(settings.home);
  const connection = await NativeConnection.connect(connectionOptions(settings.temporal));
  try {
    const workers = await createWorkers({
      connection,
      namespace: settings.temporal.namespace,
      workflowSource: defaultWorkflowSource(),
      activityDeps: { version: buildInfo().version, hostname: os.hostname(), pid: process.pid, store: createStore(db) },
      host: { hostId, home: settings.home },
      shutdownGraceMs: settings.workerShutdownGraceMs,
      taskQueue: settings.taskQueue,
    });
    // A worker started by `ringmaster up` has an IPC channel: it closes if the supervisor dies.
    // Unref'd, so that the channel alone never keeps a drained worker alive.
    process.channel?.unref();
    process.once('disconnect', () => {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    });
    logger.info({ taskQueues: workers.map((w) => w.options.taskQueue), hostId, address: settings.temporal.address }, 'worker started');
    await runWorkers(workers);
    logger.info('worker stopped');
  } finally {
    await connection.close();
    db.close();
  }
}
