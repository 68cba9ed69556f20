import { CancellationScope, ChildWorkflowCancellationType, condition, isCancellation, ParentClosePolicy, patched, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import type { CleanupResult, PlanSubtasksResult, WorktreeInfo } from '../activities/host-activities.js';
import { AgentOutcome } from '../model/agent-outcome.js';
import type { DecompositionPlan } from '../model/decomposition-plan.js';
import { taskWorkflowId } from '../model/ids.js';
import { afterRateLimit, describeRateLimitWait } from '../model/rate-limit.js';
import { ReviewAction, type ReviewDecision } from '../model/review.js';
import { describeChildren, planApprovalQuestion, planningSpentBudget, readPlanApproval, subtaskStarts, type ChildState, type SubtaskStart } from '../model/subtask-tasks.js';
import { TaskStatus, type TaskStatus as Status } from '../model/task-status.js';
import type { TaskPlan, TaskState, TaskWorkflowResult } from '../model/task.js';
import { WorkflowType } from '../model/workflow-types.js';
import type { TaskProgress } from '../store/task-repository.js';
import type { hostActivities } from './task-activities.js';
import { records } from './task-activities.js';
import type { TaskScheduler } from './task-scheduling.js';

/** What the decomposition needs of the task workflow it runs in. */
export interface DecompositionContext {
  taskId: string;
  plan: TaskPlan;
  createdBy?: string;
  /** The task's run (1, 2 for its first retry …) and its first iteration's number. */
  run: number;
  firstIteration: number;
  worktree: WorktreeInfo;
  host: ReturnType<typeof hostActivities>;
  scheduler: TaskScheduler | undefined;
  state: TaskState;
  progress: (status: Status, step: string, extra?: TaskProgress) => Promise<void>;
  /** Called once the planning worktree is cleaned up: the task's final cleanup has nothing left to do. */
  cleanedUp: (cleanup: CleanupResult) => void;
  /** Asks a person (a decision) and waits for the answer; undefined when none came in time. */
  askPerson: (iteration: number, question: string) => Promise<{ answer: string; answeredBy?: string } | undefined>;
  /** Waits in needs_review for a person's decision; undefined when none came in time. */
  waitForReview: (outcome: AgentOutcome, error: string) => Promise<ReviewDecision | undefined>;
}

/** How a decomposed task ended. */
export interface DecompositionEnding {
  status: Status;
  outcome: AgentOutcome | null;
  error: string | null;
}

/** The planning attempts: the first, and one re-ask when its answer held no valid plan. */
const PLANNING_ATTEMPTS = 2;

/** Outcomes of a planning run that are worth a re-ask when the answer held no valid plan (the rest stop the task). */
const REASKABLE: readonly AgentOutcome[] = [AgentOutcome.success, AgentOutcome.incomplete];

/**
 * A decomposing task after its worktree was prepared: a planning iteration (one re-ask with the
 * problem when the plan is unusable), the person's approval when asked for, then one child task
 * workflow per subtask, dependencies ordering them. Completes when every child completed (merged);
 * a child that ends otherwise cancels the rest and fails the task, or, with reviewOnStop, waits for
 * a person (retry runs the failed subtasks again, abandon fails). Cancelling it cancels the children.
 */
export async function runDecomposition(ctx: DecompositionContext): Promise<DecompositionEnding> {
  const { plan, worktree, host } = ctx;
  const planned = await planSubtasks(ctx);
  ctx.scheduler?.releaseSlot();
  ctx.cleanedUp(await host.quick.cleanupWorktree({ plan, worktreePath: worktree.worktreePath, branch: worktree.branch, baseCommit: worktree.baseCommit, merged: false, ending: TaskStatus.completed }));
  if (!planned.ok) return { status: TaskStatus.failed, outcome: planned.outcome, error: planned.error };
  // Children with no budget would each still run an iteration, spending past the parent's.
  const spent = planningSpentBudget(plan.budgetUsd, planned.costUsd, planned.plan.subtasks.length);
  if (spent !== undefined && patched('planning-spent-budget')) return { status: TaskStatus.failed, outcome: AgentOutcome.budgetExceeded, error: spent };
  // The children need the project's slots the task holds (and a plan waiting for approval holds none).
  await ctx.scheduler?.releaseProjectSlot();

  if (plan.decomposeApproval) {
    const given = await ctx.askPerson(ctx.state.iteration, planApprovalQuestion(planned.plan));
    if (!given) return { status: TaskStatus.failed, outcome: AgentOutcome.needsDecision, error: `the plan was not approved within ${plan.decisionTimeoutMinutes} minutes` };
    const verdict = readPlanApproval(given.answer);
    if (!verdict?.approved) {
      const reason = verdict?.reason ? `: ${verdict.reason}` : '';
      return { status: TaskStatus.failed, outcome: AgentOutcome.failed, error: `the plan was rejected${given.answeredBy ? ` by ${given.answeredBy}` : ''}${reason}` };
    }
  }
  const starts = subtaskStarts(plan, planned.plan, { run: ctx.run, planningCostUsd: planned.costUsd, ...(ctx.createdBy ? { createdBy: ctx.createdBy } : {}) });
  await records().recordSubtasks({ parentId: ctx.taskId, subtasks: starts.map(({ taskId, input }) => ({ taskId, input })) });
  return superviseChildren(ctx, starts);
}

type Planned = { ok: true; plan: DecompositionPlan; costUsd: number } | { ok: false; outcome: AgentOutcome; error: string };

/**
 * The planning iteration(s): returns the plan, or why there is none. A planning run stopped by a
 * rate limit waits on a durable timer, as the task loop's runs do, and runs again, not counting as
 * an attempt.
 */
async function planSubtasks(ctx: DecompositionContext): Promise<Planned> {
  const { plan, taskId } = ctx;
  let problem: string | undefined;
  let spentUsd = 0;
  let iteration = ctx.firstIteration - 1;
  let rateLimitWaits = 0;
  for (let attempt = 1; attempt <= PLANNING_ATTEMPTS; attempt++) {
    iteration += 1;
    ctx.state.iteration = iteration;
    await ctx.progress(TaskStatus.running, `iteration ${iteration}: ${plan.agent} is planning the subtasks${problem ? ' again (its plan was refused)' : ''}`);
    const budgetRemainingUsd = plan.budgetUsd === null ? null : Math.max(0, plan.budgetUsd - spentUsd);
    const result: PlanSubtasksResult = await ctx.host.agent.planSubtasks({ plan, iteration, worktreePath: ctx.worktree.worktreePath, budgetRemainingUsd, ...(problem ? { problem } : {}) });
    spentUsd += result.run.usage.costUsd ?? 0;
    await records().recordIteration({
      taskId,
      number: iteration,
      outcome: result.run.outcome,
      summary: result.reading.ok
        ? `Planned ${result.reading.plan.subtasks.length} subtask(s): ${result.reading.plan.subtasks.map((s) => s.id).join(', ')}`
        : `${result.reading.problem}\n\n${result.run.summary}`,
      tokensIn: result.run.usage.inputTokens,
      tokensOut: result.run.usage.outputTokens,
      costUsd: result.run.usage.costUsd,
      costEstimated: result.run.usage.costEstimated ?? false,
      model: result.run.usage.model ?? null,
      durationMs: result.durationMs,
      exitCode: result.exitCode,
      testsPassed: null,
      logPath: result.logPath,
      promptPath: result.promptPath,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
    });
    if (result.reading.ok) return { ok: true, plan: result.reading.plan, costUsd: spentUsd };
    if (result.run.outcome === AgentOutcome.rateLimited && patched('planning-rate-limit')) {
      const wait = afterRateLimit(result.run, { ...(plan.rateLimit ? { policy: plan.rateLimit } : {}), nowMs: Date.now(), waitsSoFar: rateLimitWaits });
      if (wait.kind === 'fail') return { ok: false, outcome: AgentOutcome.rateLimited, error: wait.error };
      rateLimitWaits += 1;
      // No agent slot held while the timer runs; the same attempt runs again afterwards.
      ctx.scheduler?.releaseSlot();
      await ctx.progress(TaskStatus.waitingForRateLimit, describeRateLimitWait(plan.agent, wait.resumesAt, result.run.summary));
      await sleep(wait.waitMs);
      await ctx.scheduler?.acquireSlot(ctx.worktree.hostId);
      attempt -= 1;
      continue;
    }
    rateLimitWaits = 0;
    if (!REASKABLE.includes(result.run.outcome)) return { ok: false, outcome: result.run.outcome, error: `the planning iteration ended ${result.run.outcome}: ${result.run.summary}` };
    problem = result.reading.problem;
  }
  return { ok: false, outcome: AgentOutcome.failed, error: `no usable plan after ${PLANNING_ATTEMPTS} attempts: ${problem}` };
}

/** A child's end as the parent sees it: how it ended and why. */
function childEnd(err: unknown): { status: Status; error: string } {
  const cause = (err as { cause?: { message?: string; details?: unknown[] } }).cause;
  const result = cause?.details?.[0] as Partial<TaskWorkflowResult> | undefined;
  if (result?.status) return { status: result.status, error: result.error ?? result.status };
  if (isCancellation(err) || isCancellation(cause)) return { status: TaskStatus.cancelled, error: 'cancelled' };
  return { status: TaskStatus.failed, error: cause?.message ?? (err as Error).message ?? String(err) };
}

/** Starts the children and waits for them (see runDecomposition). */
async function superviseChildren(ctx: DecompositionContext, starts: readonly SubtaskStart[]): Promise<DecompositionEnding> {
  const children = new Map<string, ChildState & { error?: string; ended?: Status }>(starts.map((s) => [s.taskId, { taskId: s.taskId, key: s.key, status: 'running' }]));
  let changes = 0;
  // The children run in their own scope: cancelling it (or the task) cancels every one of them.
  const scope = new CancellationScope();
  const start = async (subtask: SubtaskStart, retry?: { run: number; firstIteration: number }) => {
    const child = children.get(subtask.taskId)!;
    Object.assign(child, { status: 'running', error: undefined, ended: undefined });
    const handle = await scope.run(() =>
      startChild(WorkflowType.task, {
        workflowId: taskWorkflowId(subtask.taskId),
        taskQueue: workflowInfo().taskQueue,
        args: [retry ? { ...subtask.input, retry } : subtask.input],
        // A parent that closes however it closes asks its children to stop, and they clean up.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
        memo: { title: subtask.input.title, project: ctx.plan.projectName, parentId: ctx.taskId },
      }),
    );
    void handle.result().then(
      () => {
        Object.assign(child, { status: 'completed', ended: TaskStatus.completed });
        changes++;
      },
      (err: unknown) => {
        const end = childEnd(err);
        Object.assign(child, { status: 'failed', ended: end.status, error: end.error });
        changes++;
      },
    );
  };
  const allSettled = () => condition(() => [...children.values()].every((c) => c.status !== 'running'));
  const stopAll = async () => {
    scope.cancel();
    await CancellationScope.nonCancellable(allSettled);
  };
  try {
    for (const subtask of starts) await start(subtask);
    for (;;) {
      const seen = changes;
      const states = [...children.values()];
      await ctx.progress(TaskStatus.running, describeChildren(states));
      if (states.every((c) => c.status === 'completed')) return { status: TaskStatus.completed, outcome: AgentOutcome.success, error: null };
      const failed = states.filter((c) => c.status === 'failed');
      if (failed.length) {
        const error = failed.map((c) => `subtask ${c.key} (task ${c.taskId}) ended ${c.ended}: ${c.error}`).join('; ');
        const decision = ctx.plan.reviewOnStop ? await ctx.waitForReview(AgentOutcome.failed, error) : undefined;
        if (decision?.action !== ReviewAction.retry) {
          await stopAll();
          const why = !ctx.plan.reviewOnStop
            ? error
            : decision
              ? `abandoned on review${decision.reviewedBy ? ` by ${decision.reviewedBy}` : ''}: ${error}`
              : `no review within ${ctx.plan.decisionTimeoutMinutes} minutes: ${error}`;
          return { status: TaskStatus.failed, outcome: AgentOutcome.failed, error: why };
        }
        for (const child of failed) {
          const { runs, iterations } = await records().readRunCount({ taskId: child.taskId });
          await start(
            starts.find((s) => s.taskId === child.taskId)!,
            { run: runs + 1, firstIteration: iterations + 1 },
          );
        }
        continue;
      }
      await condition(() => changes !== seen);
    }
  } catch (err) {
    // Cancelled: the children were asked to stop with the task; it ends once they did.
    if (isCancellation(err)) await CancellationScope.nonCancellable(allSettled);
    throw err;
  }
}
