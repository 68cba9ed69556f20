import { ActivityFailure, ApplicationFailure, CancellationScope, condition, defineSignal, setHandler, TimeoutFailure } from '@temporalio/workflow';
import type { RunAgentResult } from '../activities/agent-activities.js';
import { AgentOutcome, type AgentRunSummary } from '../model/agent-outcome.js';
import { AgentId } from '../model/agents.js';
import { DEFAULT_EXTERNAL_HEARTBEAT_TIMEOUT_SECONDS, EXTERNAL_CLAIMED_SIGNAL, ExternalResultStatus, type ExternalClaim, type ExternalResult } from '../model/external-work.js';
import { FailureType } from '../model/failure-types.js';
import { TaskStatus } from '../model/task-status.js';
import type { TaskPlan } from '../model/task.js';
import { externalResults, externalWork } from './task-activities.js';

/** Signal from the API to taskWorkflow: an external worker pulled the offered iteration. */
export const externalClaimed = defineSignal<[ExternalClaim]>(EXTERNAL_CLAIMED_SIGNAL);

/** True when the task's agent is a worker outside Ringmaster. */
export function isExternalAgent(plan: TaskPlan): boolean {
  return plan.agent === AgentId.external;
}

export interface RunExternalAgentInput {
  taskId: string;
  plan: TaskPlan;
  iteration: number;
  worktreePath: string;
  promptPath: string;
  /** Records the task's status and step (the workflow's own progress function). */
  progress: (status: TaskStatus, step: string) => Promise<void>;
}

/** What an external iteration gives the loop: a RunAgentResult without an agent log. */
export type ExternalRunResult = Omit<RunAgentResult, 'logPath'> & { logPath: string | null };

/** A worker that stopped heart-beating, or whose claim went away before its activity started. */
function claimLost(err: unknown): boolean {
  if (!(err instanceof ActivityFailure)) return false;
  const cause = err.cause;
  return (cause instanceof TimeoutFailure && cause.timeoutType === 'HEARTBEAT') || (cause instanceof ApplicationFailure && cause.type === FailureType.externalClaimLost);
}

function timedOut(err: unknown): boolean {
  return err instanceof ActivityFailure && err.cause instanceof TimeoutFailure && err.cause.timeoutType === 'START_TO_CLOSE';
}

// Ringmaster cannot see what an external worker spent.
const NO_USAGE = { inputTokens: 0, outputTokens: 0, costUsd: null };

function ended(run: AgentRunSummary, startedAt: Date): ExternalRunResult {
  return { run, exitCode: null, durationMs: Date.now() - startedAt.getTime(), logPath: null, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString() };
}

function summaryOf(result: ExternalResult): AgentRunSummary {
  const summary = result.summary.trim() || `external worker ${result.workerId} reported ${result.status}`;
  return result.status === ExternalResultStatus.completed
    ? { outcome: AgentOutcome.success, summary, usage: NO_USAGE }
    : { outcome: AgentOutcome.failed, summary, blockedReason: summary, usage: NO_USAGE };
}

/**
 * One iteration done by an external worker instead of an agent CLI: offers the iteration, waits
 * for a worker to pull it (signal `externalClaimed`), then for its result through an activity the
 * API completes asynchronously. A worker that stops heart-beating loses its claim and the
 * iteration goes back to the queue; the iteration's time limit gives outcome `timeout`. The offer
 * is withdrawn however the iteration ends, cancellation included.
 */
export async function runExternalAgent(input: RunExternalAgentInput): Promise<ExternalRunResult> {
  const { taskId, plan, iteration, worktreePath, promptPath, progress } = input;
  const heartbeatTimeoutSeconds = plan.agentOptions.heartbeatTimeoutSeconds ?? DEFAULT_EXTERNAL_HEARTBEAT_TIMEOUT_SECONDS;
  const results = externalResults(heartbeatTimeoutSeconds, plan.timeoutMinutes);
  let claim: ExternalClaim | undefined;
  // A late signal of an earlier iteration (delivered to this handler) is ignored.
  setHandler(externalClaimed, (claimed) => {
    if (claimed.iteration === iteration) claim = claimed;
  });
  let lostBy: string | undefined;
  try {
    for (;;) {
      await progress(TaskStatus.queued, `iteration ${iteration}: waiting for an external worker${lostBy ? ` (worker ${lostBy} lost its claim)` : ''}`);
      // A lost claim goes back to the queue in its old place (offering the same iteration again keeps the row).
      if (lostBy) await externalWork.releaseExternalClaim({ taskId, workerId: lostBy });
      await externalWork.offerExternalWork({ taskId, iteration, priority: plan.priority, worktreePath, promptPath, heartbeatTimeoutSeconds });
      await condition(() => claim !== undefined);
      const { workerId } = claim!;
      // Consumed at once: the next pull's signal may arrive in the same activation as any later step.
      claim = undefined;
      await progress(TaskStatus.running, `iteration ${iteration}: external worker ${workerId} is working`);
      const startedAt = new Date();
      try {
        return ended(summaryOf(await results.awaitExternalResult({ taskId, iteration, workerId })), startedAt);
      } catch (err) {
        if (claimLost(err)) {
          lostBy = workerId;
          continue;
        }
        if (!timedOut(err)) throw err;
        const summary = `external worker ${workerId} did not report within the iteration's ${plan.timeoutMinutes} minute(s)`;
        return ended({ outcome: AgentOutcome.timeout, summary, usage: NO_USAGE }, startedAt);
      }
    }
  } finally {
    setHandler(externalClaimed, undefined);
    await CancellationScope.nonCancellable(() => externalWork.withdrawExternalWork({ taskId }));
  }
}
