import { ApplicationFailure, CompleteAsyncError, Context } from '@temporalio/activity';
import type { ExternalResult } from '../model/external-work.js';
import { FailureType } from '../model/failure-types.js';
import type { ExternalOffer, ExternalWorkRepository } from '../store/external-work-repository.js';

export type OfferExternalWorkInput = ExternalOffer;

export interface AwaitExternalResultInput {
  taskId: string;
  iteration: number;
  /** The worker whose claim this activity waits on. */
  workerId: string;
}

/**
 * Builds the control activities of the external agent (the `ringmaster` task queue, next to the
 * SQLite projection the API reads when a worker pulls).
 */
export function createExternalWorkActivities(deps: { externalWork: ExternalWorkRepository }) {
  const { externalWork } = deps;
  return {
    /** Offers the task's iteration to external workers (`POST /api/workers/:id/pull` claims it). */
    async offerExternalWork(offer: OfferExternalWorkInput): Promise<void> {
      externalWork.offer(offer);
    },

    /**
     * Waits for the claiming worker's result without holding a worker slot: stores this
     * activity's task token on the claim and completes asynchronously. The API completes it when
     * the worker reports and relays the worker's heartbeats; a silent worker makes it time out.
     * Fails with ExternalClaimLost when the claim is no longer this worker's.
     */
    async awaitExternalResult({ taskId, iteration, workerId }: AwaitExternalResultInput): Promise<ExternalResult> {
      const token = Buffer.from(Context.current().info.taskToken).toString('base64');
      if (!externalWork.attachToken(taskId, iteration, workerId, token)) {
        throw ApplicationFailure.create({
          message: `task ${taskId} iteration ${iteration} is no longer claimed by worker ${workerId}`,
          type: FailureType.externalClaimLost,
          nonRetryable: true,
        });
      }
      throw new CompleteAsyncError();
    },

    /** Puts a lost claim back in the queue, where another worker can pull it. */
    async releaseExternalClaim({ taskId, workerId }: { taskId: string; workerId: string }): Promise<void> {
      externalWork.release(taskId, workerId);
    },

    /** Removes the task's offer: its iteration ended, or the task was cancelled. */
    async withdrawExternalWork({ taskId }: { taskId: string }): Promise<void> {
      externalWork.withdraw(taskId);
    },
  };
}

export type ExternalWorkActivities = ReturnType<typeof createExternalWorkActivities>;
