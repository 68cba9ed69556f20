import type { Connection } from '@temporalio/client';
import { listWorkers } from '../../temporal/worker-registry.js';
import { createHealthCache } from '../health/health-cache.js';

/** How long a task read waits for the live hosts: they only add a note, so not Temporal's full 5 s. */
const LIVE_HOSTS_CALL_MS = 1000;

/**
 * The ids of the hosts with a live worker, from the workers' heartbeats to Temporal, reused for a
 * few seconds so that reading tasks stays cheap; undefined when Temporal does not answer within 1 s.
 */
export function createLiveHosts(connection: Pick<Connection, 'workflowService' | 'withDeadline'>, options: { namespace: string; baseQueue: string }): () => Promise<ReadonlySet<string> | undefined> {
  const probe = createHealthCache(
    async () => {
      const workers = await connection.withDeadline(Date.now() + LIVE_HOSTS_CALL_MS, () => listWorkers(connection, { ...options, timeoutMs: LIVE_HOSTS_CALL_MS }));
      return new Set(workers.map((worker) => worker.id));
    },
    { freshMs: 5000, staleOkMs: 30_000 },
  );
  return () => probe().catch(() => undefined);
}
