import type { Connection } from '@temporalio/client';
import type { TemporalSettings } from '../../config/settings.js';
import { TASK_QUEUE } from '../../model/task-queues.js';
import type { Db } from '../../store/open-database.js';
import { schemaVersion } from '../../store/migrate.js';
import { probeCluster } from '../../temporal/cluster-probe.js';
import { listLiveWorkers, WORKER_STALE_AFTER_MS } from '../../temporal/worker-registry.js';
import type { HealthParts } from './health-report.js';

export interface HealthDeps {
  db: Db;
  dbPath: string;
  connection: Connection;
  temporal: TemporalSettings;
  build: { version: string; commit: string };
  /** Task queues whose pollers count as Ringmaster workers (default: `ringmaster`). */
  workerTaskQueues?: readonly string[];
}

function probeDb(db: Db, dbPath: string): HealthParts['db'] {
  try {
    return { ok: true, path: dbPath, schemaVersion: schemaVersion(db) };
  } catch (err) {
    return { ok: false, path: dbPath, error: (err as Error).message };
  }
}

/** Probes Temporal, the database and the live workers; never throws. */
export async function probeHealth(deps: HealthDeps): Promise<HealthParts> {
  const temporal = await probeCluster(deps.connection, deps.temporal);
  let workers: HealthParts['workers'] = { ok: false, error: 'Temporal unreachable' };
  if (temporal.ok) {
    try {
      const list = await listLiveWorkers(deps.connection, {
        namespace: deps.temporal.namespace,
        taskQueues: deps.workerTaskQueues ?? [TASK_QUEUE],
        staleAfterMs: WORKER_STALE_AFTER_MS,
      });
      workers = { ok: true, list };
    } catch (err) {
      workers = { ok: false, error: (err as Error).message };
    }
  }
  return {
    ...deps.build,
    temporal: { ...temporal, uiUrl: deps.temporal.uiUrl },
    db: probeDb(deps.db, deps.dbPath),
    workers,
  };
}
