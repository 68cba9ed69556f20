import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  setHandler,
  sleep,
  TimeoutFailure,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { changed, thisBuild } from './changes.js';
import type { CleanupResult, RunAgentResult, WorktreeInfo } from '../activities/host-activities.js';
import type { PromptContext } from '../activities/task-records.js';
import type { TaskProgress } from '../store/task-repository.js';
import { AgentOutcome } from '../model/agent-outcome.js';
import { taskIdFromWorkflowId } from '../model/ids.js';
import { RingmasterAgent, RingmasterPriority, RingmasterProject, RingmasterStatus } from '../model/search-attributes.js';
import { MergeOutcome, type MergeVerdict, type PassedTests } from '../model/merge-queue.js';
import type { ReleaseSettings } from '../model/reload.js';
import { nextAfterAgent, nextAfterFailedTests, nextAfterVerdict, type Carry, type LoopPosition, type NextStep } from '../model/task-loop.js';
import { TaskStatus, type TaskStatus as Status } from '../model/task-status.js';
import { MAX_ANSWER_LENGTH, TASK_DEFAULTS, type DecisionAnswer, type TaskPlan, type TaskState, type TaskWorkflowInput, type TaskWorkflowResult } from '../model/task.js';
import { isExternalAgent, runExternalAgent } from './external-agent.js';
import { answerDecision, budgetChanged, mergeVerdict, reviewTask, taskState } from './messages.js';
import { describeBudgetWait } from '../model/monthly-budget.js';
import { describeRateLimitWait } from '../model/rate-limit.js';
import { describeReviewWait, escalates, reviewProblem, ReviewAction, type ReviewDecision } from '../model/review.js';
import { hostActivities, hostClaims, queueRecords, records } from './task-activities.js';
import { createTaskScheduler } from './task-scheduling.js';
import { runDecomposition } from './decompose-task.js';
import { planApprovalProblem, subtaskReviewProblem } from '../model/subtask-tasks.js';

/** Where a task moved from a lost host goes on. */
interface Resume {
  lostHost: string;
  iteration: number;
}

/** True when a host activity failed because no worker of its host picked it up in time: the host is lost. */
function isHostLost(err: unknown): boolean {
  return err instanceof ActivityFailure && err.cause instanceof TimeoutFailure && err.cause.timeoutType === 'SCHEDULE_TO_START';
}

/** How a task ended, before cleanup. */
interface Ending {
  status: Status;
  outcome: AgentOutcome | null;
  error: string | null;
  finalCommit: string | null;
  /** The branch reached the default branch (even if its release was then rolled back). */
  merged?: boolean;
}

function errorMessage(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return [e.message, e.cause?.message].filter(Boolean).join(': ') || String(err);
}

/**
 * Waits up to the plan's decision timeout for `isAnswered`; each time a reminder interval passes
 * without an answer (and time is left), the webhooks are told again. Returns whether it was answered.
 */
async function waitForAnswer(taskId: string, plan: TaskPlan, isAnswered: () => boolean): Promise<boolean> {
  const deadline = Date.now() + plan.decisionTimeoutMinutes * 60_000;
  const every = (plan.decisionReminderMinutes ?? TASK_DEFAULTS.decisionReminderMinutes) * 60_000;
  for (let reminder = 1; ; reminder++) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    if (await condition(isAnswered, Math.min(left, every))) return true;
    if (deadline - Date.now() > 0) await records().remindDecision({ taskId, reminder });
  }
}

/**
 * One coding task: record it, claim a host and create a worktree, then loop (prompt → agent →
 * outcome → maybe a person's decision → test gate) until the tests pass and the branch is merged,
 * or a limit is reached. Cleanup and the final record run on every ending, cancellation included.
 */
export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskWorkflowResult> {
  const { workflowId, taskQueue } = workflowInfo();
  const taskId = input.taskId ?? taskIdFromWorkflowId(workflowId);
  const state: TaskState = { status: TaskStatus.queued, step: 'recording the task', iteration: 0, question: null };
  let waitingForAnswer = false;
  let answer: string | undefined;
  let answeredBy: string | undefined;
  const verdicts = new Map<string, MergeVerdict>();
  setHandler(mergeVerdict, ({ headCommit, ...verdict }) => {
    verdicts.set(headCommit, verdict);
  });

  // A stop waiting for a person's review: the outcome it stopped with, and the decision once given.
  let reviewing: AgentOutcome | undefined;
  let review: ReviewDecision | undefined;
  // A decomposed task asks a person to approve its plan, and waits on review for failed subtasks.
  let approvingPlan = false;
  let reviewingSubtasks = false;
  setHandler(
    reviewTask,
    (decision) => {
      review = { ...decision };
    },
    {
      validator: (decision: ReviewDecision | undefined) => {
        if (reviewing === undefined || review !== undefined) throw new Error(`task ${taskId} is not waiting for a review (status ${state.status})`);
        const problem = reviewingSubtasks ? subtaskReviewProblem(decision) : reviewProblem(decision, reviewing);
        if (problem) throw new Error(problem);
      },
    },
  );

  let budgetRaised = false;
  setHandler(budgetChanged, () => {
    budgetRaised = true;
  });
  setHandler(taskState, () => ({ ...state }));
  setHandler(
    answerDecision,
    ({ answer: given, answeredBy: who }) => {
      answer = given.trim();
      answeredBy = typeof who === 'string' ? who : undefined;
    },
    {
      validator: (arg: DecisionAnswer | undefined) => {
        if (!waitingForAnswer) throw new Error(`task ${taskId} is not waiting for a decision (status ${state.status})`);
        const given: unknown = arg?.answer;
        if (typeof given !== 'string' || given.trim() === '') throw new Error('answer must be a non-empty string');
        if (given.length > MAX_ANSWER_LENGTH) throw new Error(`answer must be at most ${MAX_ANSWER_LENGTH} characters`);
        const approval = approvingPlan ? planApprovalProblem(given) : undefined;
        if (approval) throw new Error(approval);
      },
    },
  );

  const plan = await records().recordTask({ taskId, workflowId, input });
  upsertMemo({ title: plan.title, project: plan.projectName });
  upsertSearchAttributes([
    { key: RingmasterProject, value: plan.projectName },
    { key: RingmasterPriority, value: plan.priority },
    { key: RingmasterAgent, value: plan.agent },
    { key: RingmasterStatus, value: state.status },
  ]);

  // Fields to record with the next step.
  let pendingProgress: TaskProgress = {};
  /** Moves the task to a step (its state, the status search attribute) and returns what to record of it. */
  const stepTo = (status: Status, step: string, extra: TaskProgress = {}): TaskProgress => {
    // The status search attribute changes only with the status (older histories upserted it at every step).
    const statusChanged = state.status !== status;
    state.status = status;
    state.step = step;
    if (statusChanged || !changed('upsert-status-on-change')) upsertSearchAttributes([{ key: RingmasterStatus, value: status }]);
    const pending = pendingProgress;
    pendingProgress = {};
    return { ...pending, status, step, ...extra };
  };
  const progress = async (status: Status, step: string, extra: TaskProgress = {}) => {
    await records().recordProgress({ taskId, progress: stepTo(status, step, extra) });
  };

  // Tasks started before scheduling existed claim any host at once (replay-safe).
  const scheduler = changed('scheduling') ? createTaskScheduler({ taskId, plan, baseQueue: taskQueue, progress }) : undefined;
  void scheduler?.follow();

  /** Waits for a person's review of a task that stopped short, up to the decision timeout; undefined when none came. */
  const waitForReview = async (outcome: AgentOutcome, error: string): Promise<ReviewDecision | undefined> => {
    scheduler?.releaseSlot();
    reviewing = outcome;
    await progress(TaskStatus.needsReview, describeReviewWait(error, plan.decisionTimeoutMinutes, reviewingSubtasks));
    const reviewed = await condition(() => review !== undefined, `${plan.decisionTimeoutMinutes} minutes`);
    const decision = review;
    reviewing = undefined;
    review = undefined;
    return reviewed ? decision : undefined;
  };

  let worktree: WorktreeInfo | undefined;
  let host: ReturnType<typeof hostActivities> | undefined;
  // The last iteration whose record was written: a task moved from a lost host goes on after it.
  let lastRecorded = (input.retry?.firstIteration ?? 1) - 1;
  // A task of a project with a remote can go on elsewhere when its host is lost (older runs replay as they ran).
  const hostLost =
    plan.remote !== undefined && plan.hostLostMinutes !== undefined && scheduler !== undefined && !isExternalAgent(plan) && changed('move-from-lost-host') ? plan.hostLostMinutes : undefined;
  let ending: Ending;
  let cancellation: Error | undefined;
  // The worktree's cleanup when the test gate did it after merging.
  let cleanedUp: CleanupResult | undefined;
  try {
    let claimed;
    if (scheduler && !isExternalAgent(plan)) {
      await scheduler.waitForDependencies();
      await scheduler.acquireProjectSlot();
      claimed = await scheduler.acquireSlot();
    } else {
      // External workers bring their own capacity: their tasks hold no agent slot of a host.
      await scheduler?.waitForDependencies();
      await progress(TaskStatus.preparing, 'waiting for a host');
      claimed = await hostClaims(taskQueue, plan.remote !== undefined).claimHost({ taskId });
    }
    let resume: Resume | undefined;
    for (;;) {
      host = hostActivities(claimed.taskQueue, plan.timeoutMinutes, hostLost);
      try {
        await progress(TaskStatus.preparing, resume ? `creating the worktree on ${claimed.hostId} from the work ${resume.lostHost} last pushed` : `creating the worktree on ${claimed.hostId}`, {
          hostId: claimed.hostId,
        });
        worktree = await host.long.prepareWorktree(resume ? { plan, resume: true } : { plan });
        const where = { branch: worktree.branch, worktreePath: worktree.worktreePath, baseCommit: worktree.baseCommit };
        // Written with the iteration's first step (older histories wrote it on its own).
        if (!isExternalAgent(plan) && thisBuild()) pendingProgress = where;
        else await records().recordProgress({ taskId, progress: where });
        ending = plan.decompose ? await decompose(worktree, host) : await iterate(plan, worktree, host, resume);
        break;
      } catch (err) {
        if (hostLost === undefined || !isHostLost(err)) throw err;
        const lostHost = claimed.hostId;
        scheduler!.releaseSlot();
        await progress(TaskStatus.queued, `host ${lostHost} not seen for ${plan.hostLostMinutes} minute(s): moving the task to another host`);
        claimed = await scheduler!.acquireSlot(undefined, lostHost);
        resume = { lostHost, iteration: lastRecorded + 1 };
      }
    }
    scheduler?.releaseSlot();
  } catch (err) {
    scheduler?.releaseSlot();
    if (isCancellation(err)) cancellation = err as Error;
    ending = isCancellation(err)
      ? { status: TaskStatus.cancelled, outcome: AgentOutcome.cancelled, error: 'cancelled', finalCommit: null }
      : { status: TaskStatus.failed, outcome: null, error: errorMessage(err), finalCommit: null };
  }

  // Cleanup and the final record must happen even when the workflow is being cancelled.
  const result = await CancellationScope.nonCancellable(async (): Promise<TaskWorkflowResult> => {
    let worktreeKept = false;
    let note = '';
    let cleanupError: string | null = null;
    if (cleanedUp) {
      worktreeKept = cleanedUp.kept;
      note = cleanedUp.note;
    } else if (worktree && host) {
      const cleanupInput = {
        plan,
        worktreePath: worktree.worktreePath,
        branch: worktree.branch,
        baseCommit: worktree.baseCommit,
        merged: ending.merged ?? false,
        ending: ending.status,
      };
      // A cleanup that fails for good must not strand the task: it still ends and frees its slots,
      // and the failure is recorded for maintenance to retry (older runs replay as they ran).
      if (changed('cleanup-never-strands')) {
        try {
          const cleanup = await host.quick.cleanupWorktree(cleanupInput);
          worktreeKept = cleanup.kept;
          note = cleanup.note;
        } catch (err) {
          cleanupError = errorMessage(err);
          worktreeKept = true;
          note = `cleanup failed, to be retried by maintenance: ${cleanupError}`;
        }
      } else {
        const cleanup = await host.quick.cleanupWorktree(cleanupInput);
        worktreeKept = cleanup.kept;
        note = cleanup.note;
      }
    }
    const error = ending.error && note && worktreeKept ? `${ending.error} (${note})` : ending.error;
    state.status = ending.status;
    state.step = ending.status === TaskStatus.completed ? 'done' : (error ?? ending.status);
    upsertSearchAttributes([{ key: RingmasterStatus, value: ending.status }]);
    await records().recordProgress({
      taskId,
      progress: {
        status: ending.status,
        step: state.step,
        outcome: ending.outcome,
        error,
        question: null,
        finalCommit: ending.finalCommit,
        worktreeKept,
        finishedAt: new Date().toISOString(),
        ...(cleanupError ? { cleanupError } : {}),
      },
    });
    await scheduler?.finish(ending.status, error);
    return { taskId, status: ending.status, outcome: ending.outcome, iterations: state.iteration, finalCommit: ending.finalCommit, error };
  });
  // The execution ends the way the task did, so the Temporal Web UI tells the truth on its own.
  if (cancellation) throw cancellation;
  if (result.status !== TaskStatus.completed) {
    throw ApplicationFailure.create({
      message: result.error ?? result.status,
      type: result.status === TaskStatus.conflict ? 'TaskConflict' : 'TaskFailed',
      nonRetryable: true,
      details: [result],
    });
  }
  return result;

  /** The agent loop, up to the merge; with `resume`, on another host from the iteration its lost host did not finish. Returns how the task ended. */
  async function iterate(plan: TaskPlan, worktree: WorktreeInfo, host: ReturnType<typeof hostActivities>, resume?: Resume): Promise<Ending> {
    let carry: Carry = resume
      ? {
          previousSummary: `The host this task ran on (${resume.lostHost}) was lost during iteration ${resume.iteration}. This worktree was restored on another host from the work pushed after the last finished iteration; check what is there before going on.`,
        }
      : {};
    let totalCostUsd = 0;
    // The limits, which a person's review (retry) can raise.
    let maxIterations = plan.maxIterations;
    let budgetUsd = plan.budgetUsd;
    // A retried task numbers its iterations on from the earlier runs' (their records stay).
    const first = input.retry?.firstIteration ?? 1;
    // One host activity per step: the prompt is built by the agent's activity, the tests' gate
    // commits and fast-forwards when it can (older histories replay their separate activities).
    const fused = !isExternalAgent(plan) && changed('fused-host-steps');
    // The agent slot is held while the agent runs, not while the tests and the merge do.
    const slotPerRun = fused && scheduler !== undefined;
    // An iteration's records in two local activities: at its start, and once its agent ran.
    const batched = fused && patched('batched-records');
    // Before each iteration: a project that spent its monthly budget makes the task wait, holding
    // no agent slot, until the month ends or the budget is raised (a running agent finishes first).
    const waitForMonthlyBudget = async () => {
      for (;;) {
        const verdict = await records().checkMonthlyBudget({ projectId: plan.projectId });
        if (verdict.ok) return;
        if (slotPerRun && scheduler.holdsSlot) scheduler.releaseSlot();
        await progress(TaskStatus.waitingForBudget, describeBudgetWait(verdict));
        budgetRaised = false;
        // Looks again at least every 10 minutes, in case a change of the budget could not be signalled.
        await condition(() => budgetRaised, Math.min(10 * 60_000, Math.max(1000, Date.parse(verdict.resetsAt) - Date.now())));
      }
    };
    /** The test gate on the work as it stands (fused histories): the tests, the commit, the merge; returns what follows. */
    const testGate = async (iteration: number, summary: string, position: LoopPosition, settings?: ReleaseSettings): Promise<NextStep> => {
      const project = settings ?? (await queueRecords().getReleaseSettings({ projectId: plan.projectId }));
      const gate = await host.long.testAndMerge({ plan, iteration, worktreePath: worktree.worktreePath, summary, project });
      cleanedUp = gate.cleanup;
      // Merged by the gate: what the queue would have recorded, the task records.
      const tested = gate.tests.passed && gate.merged && project.testCommand ? { projectId: plan.projectId, commit: gate.merged.commit } : undefined;
      if (batched) {
        await records().recordTests({ taskId, iteration, passed: gate.tests.passed, ...(tested ? { tested } : {}) });
      } else {
        await records().recordTests({ taskId, iteration, passed: gate.tests.passed });
        if (tested) await queueRecords().markTested(tested);
      }
      const verdict: MergeVerdict | undefined = !gate.tests.passed
        ? undefined
        : gate.merged
          ? { outcome: MergeOutcome.merged, commit: gate.merged.commit, ...(project.testCommand ? { testsReused: true } : {}) }
          : await integrate(plan, worktree, host, summary, gate.tests.passedTests, gate.headCommit);
      return verdict ? nextAfterVerdict(verdict, summary, position, plan.defaultBranch) : nextAfterFailedTests({ command: gate.tests.command, output: gate.tests.outputTail }, summary, position);
    };
    // Runs stopped by a rate limit do not count against maxIterations; the waits in a row so far.
    let notCounted = 0;
    let rateLimitWaits = 0;
    // The agent's session of the previous run on this host: the next run continues it.
    let session: string | undefined;
    for (let iteration = resume?.iteration ?? first; iteration < first + maxIterations + notCounted; iteration++) {
      state.iteration = iteration;
      if (patched('monthly-budget')) await waitForMonthlyBudget();
      if (slotPerRun && !scheduler.holdsSlot) await scheduler.acquireSlot(worktree.hostId);
      let context: PromptContext | undefined;
      let settings: ReleaseSettings | undefined;
      if (batched) {
        ({ context, project: settings } = await records().beginIteration({
          taskId,
          projectId: plan.projectId,
          progress: stepTo(TaskStatus.running, `iteration ${iteration}: ${plan.agent} is working`),
        }));
      } else {
        await progress(TaskStatus.running, fused ? `iteration ${iteration}: ${plan.agent} is working` : `iteration ${iteration}: building the prompt`);
        // Tasks started before prompt enrichment read no context from the projection (replay-safe).
        context = changed('prompt-context') ? await records().loadPromptContext({ taskId }) : undefined;
      }
      const budgetRemainingUsd = budgetUsd === null ? null : Math.max(0, budgetUsd - totalCostUsd);
      const promptInput = { plan, iteration, worktreePath: worktree.worktreePath, carry, ...(context ? { context } : {}) };
      let result: RunAgentResult | Awaited<ReturnType<typeof runExternalAgent>>;
      let promptPath: string;
      if (fused) {
        ({ promptPath, ...result } = await host.agent.runIteration({ ...promptInput, budgetRemainingUsd, ...(session ? { resumeSession: session } : {}) }));
        // A run that failed before the model answered may have saved no conversation worth continuing.
        if (result.run.outcome !== AgentOutcome.agentError && result.run.outcome !== AgentOutcome.rateLimited) session = result.run.sessionId;
        if (slotPerRun) scheduler.releaseSlot();
      } else {
        ({ promptPath } = await host.quick.buildPrompt(promptInput));
        await progress(TaskStatus.running, `iteration ${iteration}: ${plan.agent} is working`);
        result = isExternalAgent(plan)
          ? await runExternalAgent({ taskId, plan, iteration, worktreePath: worktree.worktreePath, promptPath, progress })
          : await host.agent.runAgent({ plan, iteration, worktreePath: worktree.worktreePath, promptPath, budgetRemainingUsd });
      }
      totalCostUsd += result.run.usage.costUsd ?? 0;
      // The loop's limits count this run's iterations.
      const position = { iteration: iteration - first + 1 - notCounted, maxIterations, totalCostUsd, budgetUsd };
      let next: NextStep = nextAfterAgent(result.run, position, { ...(plan.rateLimit ? { policy: plan.rateLimit } : {}), nowMs: Date.now(), waitsSoFar: rateLimitWaits });
      rateLimitWaits = next.kind === 'wait-for-rate-limit' ? rateLimitWaits + 1 : 0;
      const testing = batched && next.kind === 'run-tests' ? stepTo(TaskStatus.testing, `iteration ${iteration}: running the tests`) : undefined;
      await records().recordIteration({
        ...(testing ? { progress: testing } : {}),
        taskId,
        number: iteration,
        outcome: result.run.outcome,
        summary: result.run.summary,
        tokensIn: result.run.usage.inputTokens,
        tokensOut: result.run.usage.outputTokens,
        costUsd: result.run.usage.costUsd,
        costEstimated: result.run.usage.costEstimated ?? false,
        model: result.run.usage.model ?? null,
        ...(result.run.sessionId ? { sessionId: result.run.sessionId } : {}),
        ...('resumed' in result && result.resumed ? { resumed: true } : {}),
        durationMs: result.durationMs,
        exitCode: result.exitCode,
        testsPassed: null,
        logPath: result.logPath,
        promptPath,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
      });
      lastRecorded = iteration;
      // Where another host goes on from if this one is lost.
      if (hostLost !== undefined) await host.quick.saveWorkInProgress({ plan, worktreePath: worktree.worktreePath, iteration, summary: result.run.summary });

      if (next.kind === 'wait-for-rate-limit') {
        // A durable timer: no process, no agent slot held; the same work runs again afterwards.
        scheduler?.releaseSlot();
        await progress(TaskStatus.waitingForRateLimit, describeRateLimitWait(plan.agent, next.resumesAt, result.run.summary));
        await sleep(next.waitMs);
        if (scheduler && !isExternalAgent(plan) && !slotPerRun) await scheduler.acquireSlot(worktree.hostId);
        notCounted += 1;
        continue;
      }

      if (next.kind === 'ask') {
        const question = next.question;
        await records().recordQuestion({ taskId, iteration, question });
        state.question = question;
        await progress(TaskStatus.needsDecision, `iteration ${iteration}: waiting for an answer`, { question });
        waitingForAnswer = true;
        // Waiting for a person can take days: the agent slot goes to another task meanwhile.
        scheduler?.releaseSlot();
        const answered = patched('decision-reminder')
          ? await waitForAnswer(taskId, plan, () => answer !== undefined)
          : await condition(() => answer !== undefined, `${plan.decisionTimeoutMinutes} minutes`);
        waitingForAnswer = false;
        state.question = null;
        if (!answered) {
          return { status: TaskStatus.failed, outcome: AgentOutcome.needsDecision, error: `no answer to "${question}" within ${plan.decisionTimeoutMinutes} minutes`, finalCommit: null };
        }
        if (scheduler && !isExternalAgent(plan) && !slotPerRun) await scheduler.acquireSlot(worktree.hostId);
        const given = answer!;
        answer = undefined;
        await records().recordAnswer({ taskId, iteration, answer: given, ...(answeredBy ? { answeredBy } : {}) });
        await records().recordProgress({ taskId, progress: { question: null } });
        next =
          position.iteration < maxIterations
            ? { kind: 'iterate', carry: { previousSummary: result.run.summary, decision: { question, answer: given } } }
            : { kind: 'stop', outcome: AgentOutcome.needsDecision, error: `answered after the last iteration (${maxIterations})` };
      }

      if (next.kind === 'run-tests' && fused) {
        if (!testing) await progress(TaskStatus.testing, `iteration ${iteration}: running the tests`);
        next = await testGate(iteration, result.run.summary, position, settings);
      } else if (next.kind === 'run-tests') {
        await progress(TaskStatus.testing, `iteration ${iteration}: running the tests`);
        const tests = await host.long.runTests({ plan, iteration, worktreePath: worktree.worktreePath });
        await records().recordTests({ taskId, iteration, passed: tests.passed });
        next = tests.passed
          ? nextAfterVerdict(await integrate(plan, worktree, host, result.run.summary, tests.passedTests), result.run.summary, position, plan.defaultBranch)
          : nextAfterFailedTests({ command: tests.command, output: tests.outputTail }, result.run.summary, position);
      }

      // A task that stops short waits for a person when it asks for review (histories with fused steps only).
      while (next.kind === 'stop' && plan.reviewOnStop && fused && escalates(next.outcome)) {
        const stopped = next;
        const decision = await waitForReview(stopped.outcome, stopped.error);
        const by = decision?.reviewedBy ? ` by ${decision.reviewedBy}` : '';
        if (!decision) {
          next = { ...stopped, error: `no review within ${plan.decisionTimeoutMinutes} minutes: ${stopped.error}` };
        } else if (decision.action === ReviewAction.abandon) {
          next = { ...stopped, error: `abandoned on review${by}: ${stopped.error}` };
        } else if (decision.action === ReviewAction.accept) {
          // The work as it stands: the test gate and the merge queue decide (another stop is reviewed again).
          await progress(TaskStatus.testing, `iteration ${iteration}: accepted on review${by}, running the tests`);
          next = await testGate(iteration, result.run.summary, position);
          continue;
        } else {
          maxIterations = position.iteration + (decision.maxIterations ?? plan.maxIterations);
          if (decision.budgetUsd !== undefined) budgetUsd = Math.max(budgetUsd ?? 0, totalCostUsd) + decision.budgetUsd;
          next = { kind: 'iterate', carry: { previousSummary: result.run.summary, ...(decision.note ? { reviewNote: decision.note } : {}) } };
        }
        break;
      }

      if (next.kind === 'finish') return { status: next.status, outcome: AgentOutcome.success, error: next.error, finalCommit: next.finalCommit, merged: next.merged };
      if (next.kind === 'stop') return { status: TaskStatus.failed, outcome: next.outcome, error: next.error, finalCommit: null };
      if (next.kind === 'iterate') carry = next.carry;
    }
    return { status: TaskStatus.failed, outcome: AgentOutcome.incomplete, error: `not done after ${plan.maxIterations} iteration(s)`, finalCommit: null };
  }

  /** A decomposing task once its worktree is ready: plans, then runs its subtasks as child tasks (workflows/decompose-task.ts). */
  async function decompose(worktree: WorktreeInfo, host: ReturnType<typeof hostActivities>): Promise<Ending> {
    const ended = await runDecomposition({
      taskId,
      plan,
      ...(input.createdBy ? { createdBy: input.createdBy } : {}),
      run: input.retry?.run ?? 1,
      firstIteration: input.retry?.firstIteration ?? 1,
      worktree,
      host,
      scheduler,
      state,
      progress,
      cleanedUp: (cleanup) => {
        cleanedUp = cleanup;
      },
      askPerson: async (iteration, question) => {
        await records().recordQuestion({ taskId, iteration, question });
        state.question = question;
        await progress(TaskStatus.needsDecision, 'waiting for a person to approve the plan', { question });
        waitingForAnswer = approvingPlan = true;
        const answered = await waitForAnswer(taskId, plan, () => answer !== undefined);
        waitingForAnswer = approvingPlan = false;
        state.question = null;
        if (!answered) return undefined;
        const given = answer!;
        answer = undefined;
        await records().recordAnswer({ taskId, iteration, answer: given, ...(answeredBy ? { answeredBy } : {}) });
        await records().recordProgress({ taskId, progress: { question: null } });
        return { answer: given, ...(answeredBy ? { answeredBy } : {}) };
      },
      waitForReview: async (outcome, error) => {
        reviewingSubtasks = true;
        const decision = await waitForReview(outcome, error);
        reviewingSubtasks = false;
        return decision;
      },
    });
    return { ...ended, finalCommit: null };
  }

  /**
   * Commits the work and hands the branch to the project's merge queue, then waits (durably) for
   * its verdict: merged and released, or why not.
   */
  async function integrate(
    plan: TaskPlan,
    worktree: WorktreeInfo,
    host: ReturnType<typeof hostActivities>,
    summary: string,
    passedTests: PassedTests | undefined,
    committed?: string,
  ): Promise<MergeVerdict> {
    let headCommit = committed;
    if (headCommit === undefined) {
      await progress(TaskStatus.integrating, 'committing the work');
      ({ headCommit } = await host.long.commitWork({ plan, worktreePath: worktree.worktreePath, summary }));
    }
    const { position } = await queueRecords().submitToQueue({
      projectId: plan.projectId,
      item: { kind: 'merge', candidate: { taskId, taskWorkflowId: workflowId, branch: worktree.branch, headCommit, title: plan.title, ...(passedTests ? { passedTests } : {}) } },
    });
    await progress(TaskStatus.integrating, position > 1 ? `waiting in the merge queue (position ${position})` : `merging into ${plan.defaultBranch}, then releasing`);
    await condition(() => verdicts.has(headCommit));
    return verdicts.get(headCommit)!;
  }
}
