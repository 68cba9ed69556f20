import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { createHash } from 'node:crypto';
import type { TemporalSettings } from '../../config/settings.js';
import { newId, taskWorkflowId } from '../../model/ids.js';
import { PRIORITIES } from '../../model/priority.js';
import { RingmasterAgent, RingmasterPriority, RingmasterProject, RingmasterStatus } from '../../model/search-attributes.js';
import type { Principal } from '../../model/roles.js';
import { splitSecretEnv } from '../../model/secrets.js';
import type { TaskInput } from '../../model/task-input.js';
import type { TaskPlan, TaskWorkflowInput } from '../../model/task.js';
import { clampUtf8, TEMPORAL_TEXT_LIMITS } from '../../model/text-limits.js';
import { resolveTaskPlan, TaskInputError } from '../../model/task-plan.js';
import { TaskStatus } from '../../model/task-status.js';
import { TASK_QUEUE } from '../../model/task-queues.js';
import { WorkflowType } from '../../model/workflow-types.js';
import type { DependencyRepository } from '../../store/dependency-repository.js';
import type { IdempotencyRepository } from '../../store/idempotency-repository.js';
import type { Project, ProjectRepository } from '../../store/project-repository.js';
import type { SecretVault } from '../../secrets/secret-vault.js';
import { queuedTask, type TaskRecord, type TaskRepository } from '../../store/task-repository.js';
import { ErrorCode, HttpError } from '../errors.js';
import { fieldError } from '../field-error.js';
import { budgetProblem, type PriceTable } from '../../model/model-prices.js';
import { callTemporal } from '../temporal-call.js';
import { checkDependencies } from './check-dependencies.js';

export interface StartTaskDeps {
  client: Client;
  /** Defaults to `ringmaster`. */
  taskQueue?: string;
  temporal: Pick<TemporalSettings, 'namespace'>;
  projects: ProjectRepository;
  tasks: TaskRepository;
  dependencies: DependencyRepository;
  vault: Pick<SecretVault, 'sealTaskValues' | 'forgetTask'>;
  idempotency: IdempotencyRepository;
  /** What models cost: a budget for an agent whose cost cannot be known is refused. */
  prices: PriceTable;
}

/** A filed task, and whether an earlier request with the same Idempotency-Key had filed it. */
export interface StartedTask {
  task: TaskRecord;
  replayed: boolean;
}

// Key order does not make two requests different.
function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

/**
 * Files a task for `by`: seals the values of its `agentOptions.env` (they never reach Temporal or
 * the task record), resolves it against its project (400 naming the field when it cannot run),
 * starts `taskWorkflow` as `task-<id>` with the search attributes, memo and summary that make it
 * readable in the Temporal Web UI (cut to Temporal's limits), then records it. With an
 * `idempotencyKey`, a request repeating an earlier one of the same principal returns the task that
 * one made instead of a second (409 when the key came with another request, or is still being
 * served). Throws HttpError 503 when Temporal refuses.
 */
export async function startTask(deps: StartTaskDeps, filed: TaskInput, by: Principal, idempotencyKey?: string): Promise<StartedTask> {
  const project = deps.projects.find(filed.project);
  if (!project) throw fieldError('body.project', `names no project (id or name): '${filed.project}'`);
  const id = newId();
  if (idempotencyKey !== undefined) {
    const earlier = deps.idempotency.claim(by.name, idempotencyKey, requestHash(filed), id);
    if (earlier) {
      if (earlier.requestHash !== requestHash(filed)) {
        throw new HttpError(409, ErrorCode.conflict, `the Idempotency-Key '${idempotencyKey}' was used ${earlier.createdAt} with another request; use a new key for a new task`);
      }
      const task = deps.tasks.get(earlier.taskId);
      if (!task) throw new HttpError(409, ErrorCode.conflict, `a request with the Idempotency-Key '${idempotencyKey}' is still being served; try again in a moment`);
      return { task, replayed: true };
    }
  }
  try {
    return { task: await start(deps, filed, by, project, id), replayed: false };
  } catch (err) {
    if (idempotencyKey !== undefined) deps.idempotency.release(by.name, idempotencyKey, id);
    throw err;
  }
}

async function start(deps: StartTaskDeps, filed: TaskInput, by: Principal, project: Project, id: string): Promise<TaskRecord> {
  const sealed = filed.agentOptions ? splitSecretEnv(filed.agentOptions) : { options: undefined, values: {} };
  const body: TaskInput = { ...filed, ...(sealed.options ? { agentOptions: sealed.options } : {}) };
  let plan;
  try {
    plan = resolveTaskPlan(id, body, project);
  } catch (err) {
    if (err instanceof TaskInputError) throw fieldError(`body.${err.field}`, err.problem);
    throw err;
  }
  checkBudget(deps.prices, plan, filed.budgetUsd !== undefined ? 'body.budgetUsd' : 'body.project');
  checkDependencies(deps, id, plan.dependsOn ?? [], 'body.dependsOn');
  const workflowId = taskWorkflowId(id);
  deps.vault.sealTaskValues(id, sealed.values, by.name);
  try {
    await startTaskWorkflow(deps, { ...body, project: project.id, taskId: id, createdBy: by.name }, plan, project.name, 'filing the task');
  } catch (err) {
    deps.vault.forgetTask(id);
    throw err;
  }
  // The workflow records itself too (recordTask); whichever comes first creates the row.
  const task = deps.tasks.ensure({ ...queuedTask(plan, workflowId), createdBy: by.name });
  deps.dependencies.add(id, plan.dependsOn ?? []);
  return task;
}

/**
 * Refuses (400 naming `field`: the task's budget, or the project that gave it one) a budget that
 * cannot hold because the agent's cost cannot be known.
 */
export function checkBudget(prices: PriceTable, plan: Pick<TaskPlan, 'budgetUsd' | 'agent' | 'agentOptions'>, field: string): void {
  if (plan.budgetUsd === null) return;
  const problem = budgetProblem(prices, plan.agent, plan.agentOptions.model);
  if (problem) throw fieldError(field, `a budget of ${plan.budgetUsd} USD cannot hold: ${problem}`);
}

/**
 * Starts `taskWorkflow` as `task-<id>` for `input` (a new task, or a new run of a finished one),
 * with the search attributes, memo and summary that make it readable in the Temporal Web UI (cut
 * to Temporal's limits). Throws HttpError 503 when Temporal does not answer or refuses, and
 * Temporal's WorkflowExecutionAlreadyStartedError when a run of it is still going.
 */
export async function startTaskWorkflow(deps: Pick<StartTaskDeps, 'client' | 'taskQueue'>, input: TaskWorkflowInput, plan: TaskPlan, projectName: string, what: string): Promise<void> {
  try {
    await callTemporal(deps.client.connection, what, () =>
      deps.client.workflow.start(WorkflowType.task, {
        taskQueue: deps.taskQueue ?? TASK_QUEUE,
        workflowId: taskWorkflowId(plan.taskId),
        args: [input],
        typedSearchAttributes: [
          { key: RingmasterProject, value: projectName },
          { key: RingmasterStatus, value: TaskStatus.queued },
          { key: RingmasterPriority, value: plan.priority },
          { key: RingmasterAgent, value: plan.agent },
        ],
        memo: { title: plan.title, project: projectName },
        staticSummary: clampUtf8(`${plan.title} (${projectName}, ${plan.priority}, ${plan.agent})`, TEMPORAL_TEXT_LIMITS.summaryBytes),
        ...(plan.description ? { staticDetails: clampUtf8(plan.description, TEMPORAL_TEXT_LIMITS.detailsBytes) } : {}),
        // P0 maps to Temporal's highest priority key 1, P4 to 5.
        priority: { priorityKey: PRIORITIES.indexOf(plan.priority) + 1 },
      }),
    );
  } catch (err) {
    if (err instanceof HttpError || err instanceof WorkflowExecutionAlreadyStartedError) throw err;
    throw new HttpError(503, ErrorCode.serviceUnavailable, `could not start the task workflow: ${(err as Error).message}`);
  }
}
