import type { Connection } from '@temporalio/client';
// @temporalio/proto is CommonJS: Node's ESM loader exposes only its default export.
import proto from '@temporalio/proto';
import { hostSlotsTaskQueue, hostTaskQueue, remoteSlotsTaskQueue, slotsTaskQueue } from '../model/task-queues.js';
import { hasCapabilities } from '../model/worker-capabilities.js';
import { parseWorkerIdentity } from './worker-identity.js';

/** How often Ringmaster workers heartbeat to the cluster; a worker is stale after three misses. */
export const WORKER_HEARTBEAT_INTERVAL_MS = 3000;
export const WORKER_STALE_AFTER_MS = 10_000;

/** One Ringmaster worker process, as the cluster sees it through its heartbeats. */
export interface WorkerInfo {
  /** The host id: its worktrees, and the task queue `ringmaster-host-<id>` only it polls. */
  id: string;
  hostName: string;
  pid: number;
  /** `draining`: it takes no new task and exits once what it holds is done. */
  status: 'running' | 'draining';
  /** The task queues it polls. */
  queues: string[];
  /** Agent CLIs it found and the labels it was given; tasks' `requires` match these exactly. */
  capabilities: string[];
  /** Agent slots in use (as its heartbeat reports them) and in all. */
  slots: { used: number; total: number };
  /** Ids of the unfinished tasks whose worktree is on this host (from the projection, when given). */
  runningTasks: string[];
  lastHeartbeat: string;
  /** Ringmaster's version and commit ('' for a worker that does not say). */
  version: string;
  commit: string;
  sdkVersion: string;
  /** True when this Ringmaster started it (`POST /api/workers/spawn`), so it can stop it. */
  spawned?: boolean;
}

export interface ListWorkersOptions {
  namespace: string;
  /** The deployment's task queue (`ringmaster`); its agents, slots and host queues derive from it. */
  baseQueue: string;
  /** A worker whose last heartbeat is older than this is gone (default WORKER_STALE_AFTER_MS). */
  staleAfterMs?: number;
  now?: number;
  timeoutMs?: number;
  /** The unfinished tasks a host holds (the SQLite projection); without it runningTasks is empty. */
  tasksOnHost?: (hostId: string) => string[];
}

type Heartbeat = proto.temporal.api.worker.v1.IWorkerHeartbeat;
const { WORKER_STATUS_RUNNING: RUNNING, WORKER_STATUS_SHUTTING_DOWN: SHUTTING_DOWN } = proto.temporal.api.enums.v1.WorkerStatus;

function timestampMs(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!ts) return 0;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

/** Every worker heartbeat the cluster holds for `namespace` (ListWorkers, all pages). Throws what the call throws. */
async function readHeartbeats(connection: Pick<Connection, 'workflowService' | 'withDeadline'>, namespace: string, timeoutMs = 2000): Promise<Heartbeat[]> {
  const beats: Heartbeat[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.listWorkers({ namespace, pageSize: 200, nextPageToken }));
    for (const info of page.workersInfo) if (info.workerHeartbeat) beats.push(info.workerHeartbeat);
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return beats;
}

/**
 * Groups heartbeats into worker processes (one Temporal Worker per task queue each): live ones
 * only (running or shutting down, heard from within `staleAfterMs`), of this deployment only (they
 * poll `baseQueue` or their own host queue). Pure: tested on recorded heartbeats.
 */
export function workersFromHeartbeats(beats: readonly Heartbeat[], options: { baseQueue: string; now: number; staleAfterMs: number }): WorkerInfo[] {
  const processes = new Map<string, Heartbeat[]>();
  for (const beat of beats) {
    if (beat.status !== RUNNING && beat.status !== SHUTTING_DOWN) continue;
    if (options.now - timestampMs(beat.heartbeatTime) > options.staleAfterMs) continue;
    const key = `${beat.hostInfo?.hostName ?? ''}/${beat.hostInfo?.processId ?? ''}`;
    processes.set(key, [...(processes.get(key) ?? []), beat]);
  }
  const hostPrefix = hostTaskQueue('', options.baseQueue);
  const workers: WorkerInfo[] = [];
  for (const group of processes.values()) {
    const queues = [...new Set(group.map((b) => b.taskQueue ?? ''))].sort();
    const identity = group.map((b) => parseWorkerIdentity(b.workerIdentity ?? '')).find((parsed) => parsed !== undefined);
    const id = identity?.hostId ?? queues.find((q) => q.startsWith(hostPrefix))?.slice(hostPrefix.length);
    if (!id || !(queues.includes(options.baseQueue) || queues.includes(hostTaskQueue(id, options.baseQueue)))) continue;
    const slotQueues = [slotsTaskQueue(options.baseQueue), remoteSlotsTaskQueue(options.baseQueue), hostSlotsTaskQueue(id, options.baseQueue)];
    const slotBeats = group.filter((b) => slotQueues.includes(b.taskQueue ?? ''));
    const used = slotBeats.reduce((sum, b) => sum + (b.activityTaskSlotsInfo?.currentUsedSlots ?? 0), 0);
    const reported = slotBeats.map((b) => (b.activityTaskSlotsInfo?.currentUsedSlots ?? 0) + (b.activityTaskSlotsInfo?.currentAvailableSlots ?? 0));
    const total = identity?.slots || Math.max(0, ...reported);
    const first = group[0]!;
    workers.push({
      id,
      hostName: first.hostInfo?.hostName ?? '',
      pid: identity?.pid ?? Number(first.hostInfo?.processId ?? 0),
      status: group.some((b) => b.status === SHUTTING_DOWN) ? 'draining' : 'running',
      queues,
      capabilities: identity?.capabilities ?? [],
      slots: { used: Math.min(used, total), total },
      runningTasks: [],
      lastHeartbeat: new Date(Math.max(...group.map((b) => timestampMs(b.heartbeatTime)))).toISOString(),
      version: identity?.version ?? '',
      commit: identity?.commit ?? '',
      sdkVersion: first.sdkVersion ?? '',
    });
  }
  return workers.sort((a, b) => a.id.localeCompare(b.id) || a.pid - b.pid);
}

/**
 * Lists the live worker processes of a deployment from the cluster's ListWorkers (so it sees
 * every host): running and draining ones, each with its capabilities and slots. Throws what the
 * Temporal call throws (unreachable, deadline exceeded).
 */
export async function listWorkers(connection: Pick<Connection, 'workflowService' | 'withDeadline'>, options: ListWorkersOptions): Promise<WorkerInfo[]> {
  const beats = await readHeartbeats(connection, options.namespace, options.timeoutMs);
  const workers = workersFromHeartbeats(beats, { baseQueue: options.baseQueue, now: options.now ?? Date.now(), staleAfterMs: options.staleAfterMs ?? WORKER_STALE_AFTER_MS });
  const { tasksOnHost } = options;
  return tasksOnHost ? workers.map((worker) => ({ ...worker, runningTasks: tasksOnHost(worker.id) })) : workers;
}

/** True for a process of the control plane (it polls the workflow queue): it sees the local checkouts. */
export function seesCheckouts(worker: Pick<WorkerInfo, 'queues'>, baseQueue: string): boolean {
  return worker.queues.includes(baseQueue);
}

/**
 * The live, running (not draining) workers of a deployment that have every capability in
 * `requires` (exact strings: `gpu`, `claude-code`, `languages=python`); all of them when
 * `requires` is empty; with `checkouts`, only the control plane's (for a project without a
 * remote). Throws what listWorkers throws.
 */
export async function findWorkers(
  connection: Pick<Connection, 'workflowService' | 'withDeadline'>,
  options: ListWorkersOptions & { requires: readonly string[]; checkouts?: boolean },
): Promise<WorkerInfo[]> {
  const workers = await listWorkers(connection, options);
  return workers.filter((worker) => worker.status === 'running' && hasCapabilities(worker.capabilities, options.requires) && (!options.checkouts || seesCheckouts(worker, options.baseQueue)));
}

/** One worker process as the cluster sees it through worker heartbeats. */
export interface LiveWorker {
  identity: string;
  hostName: string;
  pid: number;
  taskQueues: string[];
  sdkVersion: string;
  lastHeartbeat: string;
}

/**
 * The running worker processes among `beats` that heartbeated within `staleAfterMs` and poll one
 * of `taskQueues`, one entry per process (a process runs one Worker per task queue): whatever
 * their deployment, unlike workersFromHeartbeats. Pure.
 */
export function liveProcessesFromHeartbeats(beats: readonly Heartbeat[], options: { taskQueues: readonly string[]; now: number; staleAfterMs: number }): LiveWorker[] {
  const byProcess = new Map<string, LiveWorker>();
  for (const beat of beats) {
    const taskQueue = beat.taskQueue ?? '';
    if (beat.status !== RUNNING || !options.taskQueues.includes(taskQueue)) continue;
    const at = timestampMs(beat.heartbeatTime);
    if (options.now - at > options.staleAfterMs) continue;
    const hostName = beat.hostInfo?.hostName ?? '';
    const pid = Number(beat.hostInfo?.processId ?? 0);
    const key = `${hostName}/${pid}`;
    const known = byProcess.get(key);
    if (known) {
      if (!known.taskQueues.includes(taskQueue)) known.taskQueues.push(taskQueue);
      if (at > Date.parse(known.lastHeartbeat)) known.lastHeartbeat = new Date(at).toISOString();
    } else {
      byProcess.set(key, { identity: beat.workerIdentity ?? '', hostName, pid, taskQueues: [taskQueue], sdkVersion: beat.sdkVersion ?? '', lastHeartbeat: new Date(at).toISOString() });
    }
  }
  return [...byProcess.values()];
}

/**
 * Lists worker processes that heartbeated within `staleAfterMs` and poll one of `taskQueues`
 * (liveProcessesFromHeartbeats), from the cluster's ListWorkers, so it sees workers on every host,
 * and a SIGKILLed worker drops out once its heartbeats stop.
 */
export async function listLiveWorkers(
  connection: Pick<Connection, 'workflowService' | 'withDeadline'>,
  options: { namespace: string; taskQueues: readonly string[]; staleAfterMs: number; now?: number; timeoutMs?: number },
): Promise<LiveWorker[]> {
  const beats = await readHeartbeats(connection, options.namespace, options.timeoutMs);
  return liveProcessesFromHeartbeats(beats, { taskQueues: options.taskQueues, now: options.now ?? Date.now(), staleAfterMs: options.staleAfterMs });
}
