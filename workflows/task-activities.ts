import { ActivityCancellationType, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { changed } from './changes.js';
import type { ClaimActivities } from '../activities/claim-host.js';
import type { ExternalWorkActivities } from '../activities/external-work-activities.js';
import type { HostActivities } from '../activities/host-activities.js';
import type { QueueRecordActivities } from '../activities/queue-records.js';
import type { ReleaseHostActivities } from '../activities/release-host-records.js';
import type { TaskRecordActivities } from '../activities/task-records.js';
import { NON_RETRYABLE_FAILURES } from '../model/failure-types.js';
import { agentsTaskQueue, remoteAgentsTaskQueue } from '../model/task-queues.js';

const retry = { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] };

const recordOptions = { startToCloseTimeout: '1 minute', retry };
const remoteRecords = proxyActivities<TaskRecordActivities>(recordOptions);
const localRecords = proxyLocalActivities<TaskRecordActivities>(recordOptions);
const remoteQueueRecords = proxyActivities<QueueRecordActivities>(recordOptions);
const localQueueRecords = proxyLocalActivities<QueueRecordActivities>(recordOptions);

/**
 * Runs the projection's reads and writes as local activities: the workflow worker is the one next
 * to the database, so a write costs no task-queue round trip and one history event instead of
 * three. Histories from before ran them as activities on the `ringmaster` queue and replay so.
 */
const local = () => changed('local-records');

/** Activities that keep the SQLite projection. */
export function records(): TaskRecordActivities {
  return local() ? localRecords : remoteRecords;
}

/** The merge queue's and the hot reload's bookkeeping (projection reads and writes, queue submission). */
export function queueRecords(): QueueRecordActivities {
  return local() ? localQueueRecords : remoteQueueRecords;
}

/** Where a release runs and whether another host serves it (control activities; the health wait is up to an hour). */
export const releaseRecords = proxyActivities<ReleaseHostActivities>({ startToCloseTimeout: '65 minutes', retry });

/** The host claim: on any host for a project backed by a remote, else on a process of the control plane (it sees the checkout). */
export function hostClaims(baseQueue: string, remote = false) {
  return proxyActivities<ClaimActivities>({
    taskQueue: remote ? remoteAgentsTaskQueue(baseQueue) : agentsTaskQueue(baseQueue),
    startToCloseTimeout: '1 minute',
    // Waiting for a host is not a failure: tasks queue until one polls.
    scheduleToStartTimeout: '30 days',
    retry,
  });
}

// Host activities heartbeat every second (host-activities.ts, and the worker sends them at once):
// a worker that died is noticed this long after its last heartbeat, and the activity runs again on
// the host's next worker. The agent's is shortest: rerunning an agent soon matters most.
const AGENT_HEARTBEAT_TIMEOUT = '6 seconds';
const HOST_HEARTBEAT_TIMEOUT = '10 seconds';

/**
 * Activities bound to the host that holds the task's worktree. They use schedule-to-close
 * limits because nothing else polls a host's queue: if the host is gone for good they fail
 * instead of waiting forever. Heartbeats detect a crashed worker in seconds, and cancellation
 * waits until the agent's processes are gone.
 */
export function hostActivities(taskQueue: string, agentTimeoutMinutes = 30, hostLostMinutes?: number) {
  const base = {
    taskQueue,
    retry: { ...retry, maximumAttempts: 5 },
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    // With somewhere else to go (a project with a remote), a host that picks nothing up this long is lost.
    ...(hostLostMinutes ? { scheduleToStartTimeout: `${Math.round(hostLostMinutes * 60)} seconds` } : {}),
  };
  const agentMinutes = agentTimeoutMinutes + 5;
  return {
    /** Worktree creation with the project's setup command (e.g. npm ci), tests, merges, builds. */
    long: proxyActivities<HostActivities>({ ...base, startToCloseTimeout: '2 hours', scheduleToCloseTimeout: '6 hours', heartbeatTimeout: HOST_HEARTBEAT_TIMEOUT }),
    /** One agent iteration: the agent's own limit plus a margin for the kill. */
    agent: proxyActivities<HostActivities>({
      ...base,
      startToCloseTimeout: `${agentMinutes} minutes`,
      scheduleToCloseTimeout: `${agentMinutes * 3 + 30} minutes`,
      heartbeatTimeout: AGENT_HEARTBEAT_TIMEOUT,
    }),
    /** Prompts and cleanup: quick. */
    quick: proxyActivities<HostActivities>({ ...base, startToCloseTimeout: '5 minutes', scheduleToCloseTimeout: '1 hour', heartbeatTimeout: HOST_HEARTBEAT_TIMEOUT }),
  };
}

/** The external agent's bookkeeping: offer an iteration to external workers, release a lost claim, withdraw the offer. */
export const externalWork = proxyActivities<ExternalWorkActivities>({ startToCloseTimeout: '1 minute', retry });

/**
 * The activity an external worker's result completes (asynchronously, through the API). It lives
 * while the worker heartbeats; one attempt only, since a lost claim goes back to the queue.
 */
export function externalResults(heartbeatTimeoutSeconds: number, timeoutMinutes: number) {
  return proxyActivities<ExternalWorkActivities>({
    startToCloseTimeout: `${timeoutMinutes} minutes`,
    heartbeatTimeout: `${heartbeatTimeoutSeconds} seconds`,
    retry: { maximumAttempts: 1 },
  });
}
