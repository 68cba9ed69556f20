import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import os from 'node:os';
import { createLogger } from '../config/logger.js';
import type { Settings } from '../config/settings.js';
import { buildInfo } from '../config/version.js';
import { connectionOptions } from '../temporal/connection-options.js';
import { WORKER_HEARTBEAT_INTERVAL_MS } from '../temporal/live-workers.js';
import { createWorker } from './create-worker.js';
import { temporalLogger } from './temporal-logger.js';
import { defaultWorkflowSource } from './workflow-source.js';

/**
 * Runs the worker until SIGINT/SIGTERM (or the supervisor's IPC channel closing), then drains:
 * polling stops, running activities get the grace time, and the connection closes.
 */
export async function runWorker(settings: Settings): Promise<void> {
  const logger = createLogger('worker', settings.logLevel);
  Runtime.install({
    logger: temporalLogger(logger),
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) } },
    // Heartbeats let the API list live workers through the cluster (GET /health).
    workerHeartbeatInterval: WORKER_HEARTBEAT_INTERVAL_MS,
  });
  const connection = await NativeConnection.connect(connectionOptions(settings.temporal));
  try {
    const worker = await createWorker({
      connection,
      namespace: settings.temporal.namespace,
      workflowSource: defaultWorkflowSource(),
      activityDeps: { version: buildInfo().version, hostname: os.hostname(), pid: process.pid },
      shutdownGraceMs: settings.workerShutdownGraceMs,
    });
    // A worker started by `ringmaster up` has an IPC channel: it closes if the supervisor dies.
    // Unref'd, so that the channel alone never keeps a drained worker alive.
    process.channel?.unref();
    process.once('disconnect', () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
    logger.info({ taskQueue: worker.options.taskQueue, address: settings.temporal.address }, 'worker started');
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await connection.close();
  }
}
