import { Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createWorker } from '../../worker/create-worker.js';
import { testRunEnv } from './test-env.js';

let installed = false;

/**
 * Installs a quiet Temporal runtime for this test file (jest gives each file its own module
 * registry) with fast worker heartbeats, so tests see workers in ListWorkers within a second.
 */
export function installTestRuntime(): void {
  if (installed) return;
  Runtime.install({ logger: new DefaultLogger('WARN'), workerHeartbeatInterval: '1s' });
  installed = true;
}

/** A client connection to the run's dev server. */
export async function connectClient(): Promise<Connection> {
  return Connection.connect({ address: testRunEnv().temporalAddress });
}

/** A worker on its own task queue, running the real workflows (from the run's bundle) and activities. */
export async function startTestWorker(taskQueue: string): Promise<{ worker: Worker; connection: NativeConnection }> {
  installTestRuntime();
  const { temporalAddress, workflowBundle } = testRunEnv();
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    workflowSource: { workflowBundle: { codePath: workflowBundle } },
    activityDeps: { version: 'test', hostname: 'test-host', pid: process.pid },
    shutdownGraceMs: 0,
  });
  return { worker, connection };
}
