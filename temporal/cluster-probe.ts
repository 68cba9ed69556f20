import { Connection } from '@temporalio/client';
import type { TemporalSettings } from '../config/settings.js';
import { connectionOptions } from './connection-options.js';

/** What a probe learned about the cluster. */
export interface ClusterStatus {
  ok: boolean;
  address: string;
  namespace: string;
  serverVersion?: string;
  error?: string;
}

/**
 * Asks the cluster to describe our namespace within `timeoutMs`: this answers only when the
 * frontend is up AND the namespace is registered, which is what workers and clients need.
 * Never throws; a failure is reported in the result.
 */
export async function probeCluster(connection: Connection, temporal: TemporalSettings, timeoutMs = 2000): Promise<ClusterStatus> {
  const base = { address: temporal.address, namespace: temporal.namespace };
  try {
    const info = await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace: temporal.namespace }));
    return { ...base, ok: true, serverVersion: info.serverVersion || undefined };
  } catch (err) {
    return { ...base, ok: false, error: (err as Error).message };
  }
}

/** Opens a lazy client connection: it connects on first use, so a down cluster never blocks start-up. */
export function lazyConnection(temporal: TemporalSettings): Connection {
  return Connection.lazy(connectionOptions(temporal));
}
