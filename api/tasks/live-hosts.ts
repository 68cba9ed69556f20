import type { Connection } from '@temporalio/client';
import { listWorkers } from '../../temporal/worker-registry.js';
import { createHealthCache } from '../health/health-cache.js';
import { TEMPORAL_CALL_MS } from '../temporal-call.js';

/**
 * The ids of the hosts with a live worker, from the workers' heartbeats to Temporal, reused for a
 * few seconds so that reading tasks stays cheap; undefined when Temporal does not answer.
 */
export function createLiveHosts(connection: Pick<Connection, 'workflowService' | 'withDeadline'>, options: { namespace: string; baseQueue: string }): () => Promise<ReadonlySet<string> | undefined> {
  const probe = createHealthCache(
    async () => {
      const workers = await connection.withDeadline(Date.now() + TEMPORAL_CALL_MS, () => listWorkers(connection, options));
      return new Set(workers.map((worker) => worker.id));
    },
    { freshMs: 5000, staleOkMs: 30_000 },
  );
  return () => probe().catch(() => undefined);
}
