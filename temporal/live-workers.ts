import type { Connection } from '@temporalio/client';
// @temporalio/proto is CommonJS: Node's ESM loader exposes only its default export.
import proto from '@temporalio/proto';

/** One worker process as the cluster sees it through worker heartbeats. */
export interface LiveWorker {
  identity: string;
  hostName: string;
  pid: number;
  taskQueues: string[];
  sdkVersion: string;
  lastHeartbeat: string;
}

const RUNNING = proto.temporal.api.enums.v1.WorkerStatus.WORKER_STATUS_RUNNING;

function timestampMs(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!ts) return 0;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

/**
 * Lists worker processes that heartbeated within `staleAfterMs` and poll one of `taskQueues`,
 * one entry per process (a process runs one Worker per task queue). Uses the cluster's
 * ListWorkers API, so it sees workers on every host, and a SIGKILLed worker drops out once
 * its heartbeats stop.
 */
export async function listLiveWorkers(
  connection: Connection,
  options: { namespace: string; taskQueues: readonly string[]; staleAfterMs: number; now?: number; timeoutMs?: number },
): Promise<LiveWorker[]> {
  const now = options.now ?? Date.now();
  const byProcess = new Map<string, LiveWorker>();
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.withDeadline(Date.now() + (options.timeoutMs ?? 2000), () =>
      connection.workflowService.listWorkers({ namespace: options.namespace, pageSize: 200, nextPageToken }),
    );
    for (const info of page.workersInfo) {
      const beat = info.workerHeartbeat;
      const taskQueue = beat?.taskQueue ?? '';
      if (!beat || beat.status !== RUNNING || !options.taskQueues.includes(taskQueue)) continue;
      const at = timestampMs(beat.heartbeatTime);
      if (now - at > options.staleAfterMs) continue;
      const hostName = beat.hostInfo?.hostName ?? '';
      const pid = Number(beat.hostInfo?.processId ?? 0);
      const key = `${hostName}/${pid}`;
      const known = byProcess.get(key);
      if (known) {
        if (!known.taskQueues.includes(taskQueue)) known.taskQueues.push(taskQueue);
        if (at > Date.parse(known.lastHeartbeat)) known.lastHeartbeat = new Date(at).toISOString();
      } else {
        byProcess.set(key, {
          identity: beat.workerIdentity ?? '',
          hostName,
          pid,
          taskQueues: [taskQueue],
          sdkVersion: beat.sdkVersion ?? '',
          lastHeartbeat: new Date(at).toISOString(),
        });
      }
    }
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return [...byProcess.values()];
}

/** How often Ringmaster workers heartbeat to the cluster; a worker is stale after three misses. */
export const WORKER_HEARTBEAT_INTERVAL_MS = 3000;
export const WORKER_STALE_AFTER_MS = 10_000;
