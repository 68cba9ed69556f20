import { createLocalWorkerSpawner, type LocalWorkerSpawner } from '../../supervisor/local-worker-spawner.js';
import { CLI_ENTRY } from './cli.js';
import { testRunEnv } from './test-env.js';

/** The environment of a `ringmaster worker` run by a test: the run's Temporal, a data dir, a task queue. */
export function workerEnv(home: string, taskQueue: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, TEMPORAL_ADDRESS: testRunEnv().temporalAddress, RINGMASTER_HOME: home, RINGMASTER_TASK_QUEUE: taskQueue, RINGMASTER_LOG_LEVEL: 'warn', ...extra };
}

/**
 * The local spawner an API without a supervisor uses, starting the compiled CLI (`npm run build`)
 * against the run's Temporal server; close() stops what it spawned.
 */
export function startTestSpawner(home: string, taskQueue: string, options: { parentHostId?: string; env?: NodeJS.ProcessEnv } = {}): LocalWorkerSpawner {
  return createLocalWorkerSpawner({
    entry: CLI_ENTRY,
    env: workerEnv(home, taskQueue, options.env),
    parentHostId: options.parentHostId ?? 'test-parent',
    logsDir: home,
    runDir: home,
    stopGraceMs: 15_000,
  });
}
