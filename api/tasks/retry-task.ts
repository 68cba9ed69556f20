import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Principal } from '../../model/roles.js';
import { resolveTaskPlan } from '../../model/task-plan.js';
import { isRetryableStatus, type TaskWorkflowInput } from '../../model/task.js';
import type { TaskRecord } from '../../store/task-repository.js';
import { ErrorCode, HttpError } from '../errors.js';
import { checkBudget, startTaskWorkflow, type StartTaskDeps } from './start-task.js';

// How long a run that already recorded its end may take to close.
const CLOSING_MS = 10_000;

/** What a retry may change: the new run's limits. */
export interface RetryChanges {
  maxIterations?: number | undefined;
  budgetUsd?: number | undefined;
}

/**
 * Runs a failed or conflicting task again, as a new run of the same workflow id `task-<id>`: it
 * goes on from its kept branch (or from scratch when nothing was kept), numbers its iterations on
 * from the earlier runs', which stay in its history, and waits for no dependency again. Throws
 * HttpError 409 for a task in another state or one whose run still goes, 503 when Temporal does
 * not answer. Returns the task, queued again.
 */
export async function retryTask(deps: StartTaskDeps, task: TaskRecord, changes: RetryChanges, by: Principal): Promise<TaskRecord> {
  if (!isRetryableStatus(task.status)) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} is ${task.status}: only a failed or conflicting task runs again`);
  const project = deps.projects.get(task.projectId);
  if (!project) throw new HttpError(409, ErrorCode.conflict, `the project of task ${task.id} no longer exists`);
  const run = task.runs + 1;
  const input: TaskWorkflowInput = {
    project: project.id,
    title: task.title,
    ...(task.description ? { description: task.description } : {}),
    acceptanceCriteria: task.acceptanceCriteria,
    priority: task.priority,
    requires: task.requires,
    agent: task.agent,
    agentOptions: task.agentOptions,
    maxIterations: changes.maxIterations ?? task.maxIterations,
    ...((changes.budgetUsd ?? task.budgetUsd) !== null ? { budgetUsd: changes.budgetUsd ?? task.budgetUsd! } : {}),
    timeoutMinutes: task.timeoutMinutes,
    taskId: task.id,
    createdBy: by.name,
    retry: { run, firstIteration: task.iterations + 1 },
  };
  const plan = resolveTaskPlan(task.id, input, project);
  checkBudget(deps.prices, plan, changes.budgetUsd !== undefined ? 'body.budgetUsd' : 'budgetUsd');
  const start = () => startTaskWorkflow(deps, input, plan, project.name, 'the retry');
  try {
    await start();
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // The run records its end a moment before it closes: give it that moment, then start again.
    const closed = await deps.client.connection
      .withDeadline(Date.now() + CLOSING_MS, () => deps.client.workflow.getHandle(task.workflowId).result())
      .then(
        () => true,
        (failure: unknown) => !(failure as { code?: unknown; cause?: { code?: unknown } }).cause?.code,
      );
    if (!closed) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} is still running`);
    try {
      await start();
    } catch (again) {
      if (again instanceof WorkflowExecutionAlreadyStartedError) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} is still running`);
      throw again;
    }
  }
  return deps.tasks.reopen(task.id, run)!;
}
