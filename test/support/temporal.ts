import { createLauncher, launcherChildScript, useLauncher } from '../../git/launcher.js';
import { Client, Connection } from '@temporalio/client';
import { resolveSettings } from '../../config/server-settings.js';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import path from 'node:path';
import { createSecretVault } from '../../secrets/secret-vault.js';
import { ensureSecretKey } from '../../secrets/secret-key.js';
import { storedRemoteCredentials } from '../../secrets/remote-credential.js';
import { createStore, type Store } from '../../store/create-store.js';
import { migrate } from '../../store/migrate.js';
import { openDatabase, type Db } from '../../store/open-database.js';
import { encodeWorkerIdentity } from '../../temporal/worker-identity.js';
import { createWorkers } from '../../worker/create-worker.js';
import { clientTracing } from '../../telemetry/temporal-tracing.js';
import type { Tracing } from '../../telemetry/tracing.js';
import { testRunEnv } from './test-env.js';

let installed = false;

/**
 * Installs a quiet Temporal runtime for this test file (jest gives each file its own module
 * registry) with fast worker heartbeats, so tests see workers in ListWorkers within a second.
 */
export function installTestRuntime(): void {
  if (installed) return;
  // ERROR: a failed task is a normal outcome in these tests; its "Workflow failed" warning is noise.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    // Core warns about every workflow task a deliberately broken bundle fails (the replay tests).
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    workerHeartbeatInterval: '1s',
  });
  installed = true;
}

/** A client connection to the run's dev server. */
export async function connectClient(): Promise<Connection> {
  return Connection.connect({ address: testRunEnv().temporalAddress });
}

/** Opens (creating and migrating) the SQLite database of a test data dir. */
export function openTestStore(home: string): { db: Db; store: Store } {
  const db = openDatabase(path.join(home, 'ringmaster.db'));
  migrate(db);
  return { db, store: createStore(db) };
}

export interface TestWorkers {
  workers: Worker[];
  connection: NativeConnection;
  /** Runs the workers while `fn` runs, then shuts them down and waits for them. */
  runUntil<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real workers of one Ringmaster process on a task queue of their own (the agents and host
 * queues derive from it), with the run's workflow bundle, the real activities and a data dir.
 */
export async function startTestWorkers(
  taskQueue: string,
  host: { home: string; store: Store; hostId?: string; agentSlots?: number; hostLostMinutes?: number; labels?: string[]; tracing?: Tracing },
): Promise<TestWorkers> {
  installTestRuntime();
  const { temporalAddress, workflowBundle } = testRunEnv();
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const clientConnection = await Connection.connect({ address: temporalAddress });
  const settings = resolveSettings({ TEMPORAL_ADDRESS: temporalAddress, RINGMASTER_TASK_QUEUE: taskQueue }, { home: host.home });
  // Git through a launcher, as `ringmaster worker` runs it.
  const launcher = createLauncher(launcherChildScript());
  const stopUsingLauncher = useLauncher(launcher);
  const vault = createSecretVault({ repository: host.store.secrets, key: ensureSecretKey(host.home) });
  const workers = await createWorkers({
    connection,
    namespace: 'default',
    taskQueue,
    control: {
      workflowSource: { workflowBundle: { codePath: workflowBundle } },
      activityDeps: {
        version: 'test',
        hostname: 'test-host',
        pid: process.pid,
        store: host.store,
        vault,
        client: new Client({ connection: clientConnection, ...clientTracing(host.tracing) }),
        home: host.home,
        maintenance: settings.maintenance,
        ...(host.hostLostMinutes ? { hostLostMinutes: host.hostLostMinutes } : {}),
      },
    },
    host: { hostId: host.hostId ?? 'test-host', home: host.home, settings, secrets: vault, remoteCredential: storedRemoteCredentials(host.store.projects, vault) },
    shutdownGraceMs: 0,
    tracing: host.tracing,
    ...(host.agentSlots ? { agentSlots: host.agentSlots } : {}),
    // Labels are told to the cluster through the identity, as `ringmaster worker --labels` does.
    ...(host.labels
      ? {
          identity: encodeWorkerIdentity({
            hostId: host.hostId ?? 'test-host',
            pid: process.pid,
            slots: host.agentSlots ?? 2,
            capabilities: ['command', ...host.labels],
            version: 'test',
            commit: 'test',
          }),
        }
      : {}),
  });
  return {
    workers,
    connection,
    async runUntil<T>(fn: () => Promise<T>): Promise<T> {
      const runs = workers.map((worker) => worker.run());
      try {
        return await fn();
      } finally {
        for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
        await Promise.allSettled(runs);
      }
    },
    async close() {
      await clientConnection.close();
      await connection.close();
      stopUsingLauncher();
      await launcher.close();
    },
  };
}
