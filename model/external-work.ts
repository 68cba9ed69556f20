/** How an external worker says its work on a task ended (`ringmaster report-result --status`). */
export const ExternalResultStatus = {
  completed: 'completed',
  failed: 'failed',
} as const;
export type ExternalResultStatus = (typeof ExternalResultStatus)[keyof typeof ExternalResultStatus];

export const EXTERNAL_RESULT_STATUSES: readonly ExternalResultStatus[] = Object.values(ExternalResultStatus);

/** What the API completes the waiting activity with when an external worker reports. */
export interface ExternalResult {
  status: ExternalResultStatus;
  summary: string;
  workerId: string;
}

/** Signal `externalClaimed`: a worker pulled the task's offered iteration. */
export interface ExternalClaim {
  workerId: string;
  iteration: number;
}

/** Whether an offered task is waiting for a worker or held by one. Stored in `external_work.status`. */
export const ExternalWorkStatus = {
  ready: 'ready',
  claimed: 'claimed',
} as const;
export type ExternalWorkStatus = (typeof ExternalWorkStatus)[keyof typeof ExternalWorkStatus];

/** How long an external worker may stay silent before it loses its claim, unless the task says otherwise. */
export const DEFAULT_EXTERNAL_HEARTBEAT_TIMEOUT_SECONDS = 60;
/** The shortest heartbeat timeout a task may ask for. */
export const MIN_EXTERNAL_HEARTBEAT_TIMEOUT_SECONDS = 5;

/** Name of the signal the API sends to `taskWorkflow` when a worker pulls its task; never renamed. */
export const EXTERNAL_CLAIMED_SIGNAL = 'externalClaimed';
