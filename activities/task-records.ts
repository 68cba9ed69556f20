import { ApplicationFailure } from '@temporalio/activity';
import { Value } from 'typebox/value';
import { FailureType } from '../model/failure-types.js';
import { isTaskId, taskWorkflowId } from '../model/ids.js';
import { describeSchemaIssues } from '../model/schema-errors.js';
import { TaskInputSchema } from '../model/task-input.js';
import { resolveTaskPlan, TaskInputError } from '../model/task-plan.js';
import type { TaskPlan, TaskWorkflowInput } from '../model/task.js';
import type { DecisionRepository } from '../store/decision-repository.js';
import type { DependencyRepository } from '../store/dependency-repository.js';
import { deriveLesson } from '../enrich/lessons/derive-lesson.js';
import { isFinalStatus, TaskStatus } from '../model/task-status.js';
import { NotifyEvent, taskEventOf, type NotifySubject } from '../model/notifications.js';
import { calendarMonth, monthlyBudgetVerdict, type MonthlyBudgetVerdict } from '../model/monthly-budget.js';
import type { Notifier } from '../notify/notifier.js';
import { isRetryableStatus } from '../model/task.js';
import type { IterationRepository, NewIteration } from '../store/iteration-repository.js';
import type { LessonRepository } from '../store/lesson-repository.js';
import type { ProjectRepository } from '../store/project-repository.js';
import type { ReloadRepository } from '../store/reload-repository.js';
import type { ReleaseSettings } from '../model/reload.js';
import { releaseSettingsOf } from './queue-records.js';
import { splitSecretEnv } from '../model/secrets.js';
import type { SecretVault } from '../secrets/secret-vault.js';
import { readPromptContext, type PromptContext } from '../store/prompt-context.js';
import { queuedTask, type TaskProgress, type TaskRecord, type TaskRepository } from '../store/task-repository.js';

export interface TaskRecordDeps {
  vault: Pick<SecretVault, 'sealTaskValues' | 'forgetTask'>;
  /** The control plane's RINGMASTER_HOST_LOST_MINUTES, put into the plans of projects with a remote. */
  hostLostMinutes?: number;
  projects: ProjectRepository;
  tasks: TaskRepository;
  iterations: IterationRepository;
  reloads: Pick<ReloadRepository, 'markTested'>;
  decisions: DecisionRepository;
  lessons: LessonRepository;
  dependencies: DependencyRepository;
  /** Tells the webhooks about the statuses worth telling (a question, the end). */
  notifier?: Notifier | undefined;
}

/** What the prompt of the next iteration needs from the SQLite projection (lives with the API, not on the task's host). */
export type { PromptContext } from '../store/prompt-context.js';

export interface RecordTaskInput {
  taskId: string;
  workflowId: string;
  input: TaskWorkflowInput;
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FailureType.invalidTask, nonRetryable: true });
}

/** What a notification about `task` says of it. */
function subjectOf(deps: Pick<TaskRecordDeps, 'projects'>, task: TaskRecord, reminder?: number): NotifySubject {
  return {
    project: { id: task.projectId, name: deps.projects.get(task.projectId)?.name ?? task.projectId },
    task: { id: task.id, title: task.title, status: task.status, outcome: task.outcome, error: task.error, question: task.question },
    ...(reminder !== undefined ? { reminder } : {}),
  };
}

/**
 * Builds the activities that keep the SQLite projection of tasks (the `ringmaster` task queue).
 * Every write is an idempotent upsert, so a retried activity or a replayed workflow changes nothing.
 */
export function createTaskRecordActivities(deps: TaskRecordDeps) {
  const writeProgress = async (taskId: string, progress: TaskProgress) => {
    const task = deps.tasks.update(taskId, progress);
    // The key names this occurrence: writing the same status again (a retried activity) tells nobody twice.
    const event = task && progress.status !== undefined ? taskEventOf(task.status, task.outcome) : undefined;
    if (task && event && deps.notifier) await deps.notifier.notify(event, subjectOf(deps, task), `task:${taskId}:${task.runs}:${event}:${task.iterations}`);
    if (task && progress.status !== undefined && isFinalStatus(task.status)) {
      // The values it brought served its agent only; a finished task holds none, except one that
      // may run again (failed or conflict: maintenance forgets them with its kept worktree).
      if (!isRetryableStatus(task.status)) deps.vault.forgetTask(taskId);
      const learned = deriveLesson({ title: task.title, status: task.status, error: task.error, iterations: deps.iterations.list(taskId) });
      if (learned) deps.lessons.record({ taskId, projectId: task.projectId, title: task.title, ...learned });
    }
  };
  const promptContext = (taskId: string): PromptContext => {
    const task = deps.tasks.get(taskId);
    if (!task) return { previousIterations: [], projectLessons: [], related: [] };
    return readPromptContext(deps, task.projectId, taskId);
  };
  return {
    /**
     * Validates the filed task, resolves it against its project and records it (a task started
     * from the Temporal CLI records itself here, its `agentOptions.env` values sealed like the
     * API's). Fails for good on an unknown project or bad input.
     */
    async recordTask({ taskId, workflowId, input }: RecordTaskInput): Promise<TaskPlan> {
      const { taskId: _ignored, createdBy, retry, parentId, ...filed } = input;
      // The id names folders and a branch: one chosen through `temporal workflow start` must fit.
      if (!isTaskId(taskId)) throw invalid(`invalid task id ${JSON.stringify(taskId)}: use letters, digits, . _ - (not starting with . or -), at most 128 characters`);
      const issues = [...Value.Errors(TaskInputSchema, filed)];
      if (issues.length > 0) {
        throw invalid(
          `invalid task input: ${describeSchemaIssues(issues, 'input')
            .map((f) => `${f.field} ${f.message}`)
            .join('; ')}`,
        );
      }
      const project = deps.projects.find(input.project);
      if (!project) {
        throw ApplicationFailure.create({
          message: `project "${input.project}" not found; register it first (POST /api/projects or ringmaster project add)`,
          type: FailureType.projectNotFound,
          nonRetryable: true,
        });
      }
      const sealed = filed.agentOptions ? splitSecretEnv(filed.agentOptions) : undefined;
      let plan: TaskPlan;
      try {
        plan = resolveTaskPlan(taskId, { ...(sealed ? { ...filed, agentOptions: sealed.options } : filed), ...(parentId !== undefined ? { parentId } : {}) }, project);
      } catch (err) {
        if (err instanceof TaskInputError) throw invalid(`invalid task input: ${err.message}`);
        throw err;
      }
      const unknown = (plan.dependsOn ?? []).filter((id) => !deps.tasks.get(id));
      if (unknown.length) throw invalid(`invalid task input: dependsOn names no task: ${unknown.join(', ')}`);
      if (sealed) deps.vault.sealTaskValues(taskId, sealed.values, createdBy ?? null);
      deps.tasks.ensure({ ...queuedTask(plan, workflowId), createdBy: createdBy ?? null, parentId: parentId ?? null });
      // A retry is the one way out of a final status: this run starts queued again.
      if (retry) deps.tasks.reopen(taskId, retry.run);
      deps.dependencies.add(taskId, plan.dependsOn ?? []);
      return plan.remote && deps.hostLostMinutes ? { ...plan, hostLostMinutes: deps.hostLostMinutes } : plan;
    },

    /**
     * Records the subtasks of a decomposed task before their workflows start, so that each names
     * its parent and its dependencies exist when it registers with them. Idempotent.
     */
    async recordSubtasks({ parentId, subtasks }: { parentId: string; subtasks: { taskId: string; input: TaskWorkflowInput }[] }): Promise<void> {
      const parent = deps.tasks.get(parentId);
      const project = parent && deps.projects.get(parent.projectId);
      if (!parent || !project) throw invalid(`no task ${parentId} (or its project) to record subtasks of`);
      for (const { taskId, input } of subtasks) {
        let plan: TaskPlan;
        try {
          plan = resolveTaskPlan(taskId, input, project);
        } catch (err) {
          if (err instanceof TaskInputError) throw invalid(`invalid subtask ${taskId}: ${err.message}`);
          throw err;
        }
        deps.tasks.ensure({ ...queuedTask(plan, taskWorkflowId(taskId)), createdBy: parent.createdBy, parentId });
        deps.dependencies.add(taskId, plan.dependsOn ?? []);
      }
    },

    /** How many runs and iterations a task had so far: where a new run of it (a retried subtask) goes on from. */
    async readRunCount({ taskId }: { taskId: string }): Promise<{ runs: number; iterations: number }> {
      const task = deps.tasks.get(taskId);
      return { runs: task?.runs ?? 1, iterations: task?.iterations ?? 0 };
    },

    /** Records the task's status, step and other progress fields. */
    async recordProgress({ taskId, progress }: { taskId: string; progress: TaskProgress }): Promise<void> {
      await writeProgress(taskId, progress);
    },

    /**
     * An iteration's first step in one local activity: records its progress, and reads what its
     * prompt needs and the project as its gate's merge does (as it is when the iteration begins).
     */
    async beginIteration({ taskId, projectId, progress }: { taskId: string; projectId: string; progress: TaskProgress }): Promise<{ context: PromptContext; project: ReleaseSettings }> {
      await writeProgress(taskId, progress);
      return { context: promptContext(taskId), project: releaseSettingsOf(deps.projects, projectId) };
    },

    /** Reads what the next prompt needs from the projection: earlier iterations, project lessons, related tasks. */
    async loadPromptContext({ taskId }: { taskId: string }): Promise<PromptContext> {
      return promptContext(taskId);
    },

    /** Records one agent iteration and refreshes the task's totals; with `progress`, the task's next step too. */
    async recordIteration({ progress, ...iteration }: NewIteration & { progress?: TaskProgress }): Promise<void> {
      deps.iterations.record(iteration);
      deps.tasks.refreshTotals(iteration.taskId);
      if (progress) await writeProgress(iteration.taskId, progress);
    },

    /** Records whether the tests passed after an iteration; with `tested`, that the project's tests passed on that merged commit. */
    async recordTests({ taskId, iteration, passed, tested }: { taskId: string; iteration: number; passed: boolean; tested?: { projectId: string; commit: string } }): Promise<void> {
      deps.iterations.recordTests(taskId, iteration, passed);
      if (tested) deps.reloads.markTested(tested.projectId, tested.commit);
    },

    /** Records the agent's question (and the task waiting for an answer). */
    async recordQuestion({ taskId, iteration, question }: { taskId: string; iteration: number; question: string }): Promise<void> {
      deps.decisions.ask(taskId, iteration, question);
    },

    /** Whether the project may start another iteration this month (its budget per month not spent). */
    async checkMonthlyBudget({ projectId }: { projectId: string }): Promise<MonthlyBudgetVerdict> {
      const now = new Date();
      const budget = deps.projects.get(projectId)?.budgetUsdPerMonth ?? null;
      return monthlyBudgetVerdict(budget, budget === null ? 0 : deps.iterations.costSince(projectId, calendarMonth(now).start), now);
    },

    /** Tells the webhooks again that the task still waits for an answer (reminder 1, 2 …). */
    async remindDecision({ taskId, reminder }: { taskId: string; reminder: number }): Promise<void> {
      const task = deps.tasks.get(taskId);
      if (!task || task.status !== TaskStatus.needsDecision || !deps.notifier) return;
      await deps.notifier.notify(NotifyEvent.needsDecision, subjectOf(deps, task, reminder), `task:${taskId}:${task.runs}:${NotifyEvent.needsDecision}:${task.iterations}:reminder:${reminder}`);
    },

    /** Records a person's answer to the agent's question. */
    async recordAnswer({ taskId, iteration, answer, answeredBy }: { taskId: string; iteration: number; answer: string; answeredBy?: string }): Promise<void> {
      deps.decisions.answer(taskId, iteration, answer, answeredBy ?? null);
    },
  };
}

export type TaskRecordActivities = ReturnType<typeof createTaskRecordActivities>;
