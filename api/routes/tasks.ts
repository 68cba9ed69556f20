import type { Static } from 'typebox';
import type { ChangeVersion } from '../../store/change-version.js';
import { createPageCache } from '../tasks/list-pages.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { principalOf } from '../../access/fastify-access.js';
import type { TemporalSettings } from '../../config/settings.js';
import { taskFiles } from '../../config/task-files.js';
import type { PriceTable } from '../../model/model-prices.js';
import { TaskInputSchema } from '../../model/task-input.js';
import type { Priority } from '../../model/priority.js';
import { isFinalStatus, TaskStatus } from '../../model/task-status.js';
import { TaskMessage } from '../../model/workflow-types.js';
import type { DecisionRepository } from '../../store/decision-repository.js';
import type { DependencyRepository } from '../../store/dependency-repository.js';
import type { PromptBuilder } from '../../enrich/build-prompt.js';
import type { SecretVault } from '../../secrets/secret-vault.js';
import type { IdempotencyRepository } from '../../store/idempotency-repository.js';
import type { IterationRepository } from '../../store/iteration-repository.js';
import type { LessonRepository } from '../../store/lesson-repository.js';
import type { ProjectRepository } from '../../store/project-repository.js';
import { decodeCursor, type TaskRepository } from '../../store/task-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { fieldError } from '../field-error.js';
import { IdParams } from '../schemas/project-schemas.js';
import {
  BuiltPromptView,
  DecisionBody,
  ReviewBody,
  IdempotencyHeaders,
  RetryTaskBody,
  DependencyParams,
  LogsQuery,
  PromptList,
  TaskList,
  TaskListQuery,
  TaskSummaryView,
  TaskView,
  UpdateTaskBody,
} from '../schemas/task-schemas.js';
import { checkDependencies } from '../tasks/check-dependencies.js';
import { retryTask } from '../tasks/retry-task.js';
import { startTask } from '../tasks/start-task.js';
import { updateTask } from '../tasks/task-updates.js';
import { callTemporal } from '../temporal-call.js';
import { followLogs, readLogs } from '../tasks/task-logs.js';
import { promptRequestFor } from '../tasks/prompt-request.js';
import { refuseIfEnded } from '../tasks/refuse-ended.js';
import { readPrompt } from '../tasks/task-prompts.js';
import { taskSummaryView, taskView } from '../tasks/task-view.js';
import { createLiveHosts } from '../tasks/live-hosts.js';
import { hostWait } from '../../model/host-wait.js';
import { TASK_QUEUE } from '../../model/task-queues.js';

export interface TaskRouteDeps {
  client: Client;
  taskQueue?: string;
  temporal: Pick<TemporalSettings, 'namespace' | 'uiUrl'>;
  home: string;
  projects: ProjectRepository;
  tasks: TaskRepository;
  iterations: IterationRepository;
  decisions: DecisionRepository;
  lessons: LessonRepository;
  dependencies: DependencyRepository;
  prompts: PromptBuilder;
  vault: Pick<SecretVault, 'sealTaskValues' | 'forgetTask'>;
  idempotency: IdempotencyRepository;
  /** After this long without its host, a task of a project with a remote moves to another host. */
  hostLostMinutes: number;
  /** What models cost: a budget for an agent whose cost cannot be known is refused. */
  prices: PriceTable;
  /** Changes with the database: how long a list page stays valid. */
  changeVersion: ChangeVersion;
}

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };

/** /api/tasks: file tasks, list and read them, cancel them, answer their questions, read their logs. */
export const taskRoutes =
  (deps: TaskRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { tasks, temporal } = deps;
    const listPages = createPageCache(deps.changeVersion);
    const found = (id: string) => {
      const task = tasks.get(id);
      if (!task) throw new HttpError(404, ErrorCode.notFound, `no task with id '${id}'`);
      return task;
    };
    const dependsOnOf = (id: string) =>
      deps.dependencies.of(id).flatMap(({ dependsOn, dropped }) => {
        const dep = tasks.get(dependsOn);
        return dep ? [{ id: dep.id, title: dep.title, status: dep.status, dropped }] : [];
      });
    const childrenOf = (id: string) => tasks.childrenOf(id).map(({ id: childId, title, status }) => ({ id: childId, title, status }));
    const full = (id: string) => taskView(found(id), deps.iterations.list(id), deps.decisions.list(id), temporal, dependsOnOf(id), childrenOf(id));
    const liveHosts = createLiveHosts(deps.client.connection, { namespace: temporal.namespace, baseQueue: deps.taskQueue ?? TASK_QUEUE });
    /** The task in full, and whether it waits for a host that is not running. */
    const withHostWait = async (id: string) => {
      const view = full(id);
      const project = deps.projects.get(view.projectId);
      const live = view.hostId && !isFinalStatus(view.status) ? await liveHosts() : undefined;
      return { ...view, hostWait: project ? hostWait(view, project, live, deps.hostLostMinutes) : null };
    };

    app.post(
      '/api/tasks',
      {
        schema: {
          summary: 'File a coding task; with an Idempotency-Key, a repeated request returns the task the first one filed',
          tags: ['tasks'],
          headers: IdempotencyHeaders,
          body: TaskInputSchema,
          response: { 201: TaskSummaryView, ...errors },
        },
      },
      async (request, reply) => {
        const { task, replayed } = await startTask(deps, request.body, principalOf(request), request.headers['idempotency-key']);
        if (replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(taskSummaryView(task, temporal));
      },
    );

    app.get('/api/tasks', { schema: { summary: 'List tasks, newest first', tags: ['tasks'], querystring: TaskListQuery, response: { 200: TaskList, 400: ErrorBody } } }, async (request, reply) => {
      const { project, status, priority, agent, cursor, limit } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (cursor !== undefined && !after) throw fieldError('querystring.cursor', 'is not a cursor this API returned');
      const read = (): Static<typeof TaskList> => {
        let projectId: string | undefined;
        if (project !== undefined) {
          projectId = deps.projects.find(project)?.id;
          if (!projectId) return { items: [], nextCursor: null };
        }
        const page = tasks.list({ projectId, status, priority, agent }, { limit: limit ?? 50, after });
        return { items: page.items.map((task) => taskSummaryView(task, temporal)), nextCursor: page.nextCursor };
      };
      // The same bytes the route's serializer writes, built once per change of the projection.
      const body = listPages.page(JSON.stringify([project, status, priority, agent, cursor, limit ?? 50]), () => reply.serialize(read()) as string);
      return reply.type('application/json; charset=utf-8').send(body as unknown as Static<typeof TaskList>);
    });

    app.get('/api/tasks/:id', { schema: { summary: 'One task with its iterations and decisions', tags: ['tasks'], params: IdParams, response: { 200: TaskView, ...errors } } }, async (request) =>
      withHostWait(request.params.id),
    );

    app.post(
      '/api/tasks/:id/cancel',
      { schema: { summary: "Cancel a task: its agent's processes are killed and its worktree cleaned up", tags: ['tasks'], params: IdParams, response: { 202: TaskView, ...errors } } },
      async (request, reply) => {
        const task = found(request.params.id);
        refuseIfEnded(task);
        try {
          await callTemporal(deps.client.connection, 'the cancellation', () => deps.client.workflow.getHandle(task.workflowId).cancel());
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} is no longer running`);
          throw err;
        }
        return reply.code(202).send(full(task.id));
      },
    );

    app.post(
      '/api/tasks/:id/retry',
      {
        schema: {
          summary: 'Run a failed or conflicting task again: a new run of the same task, from its kept branch, its history kept',
          tags: ['tasks'],
          params: IdParams,
          body: RetryTaskBody,
          response: { 202: TaskView, ...errors },
        },
        // A bare `POST` (no body) keeps the first run's limits.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request, reply) => {
        const task = found(request.params.id);
        await retryTask(deps, task, request.body, principalOf(request));
        return reply.code(202).send(full(task.id));
      },
    );

    app.patch(
      '/api/tasks/:id',
      {
        schema: {
          summary: "Change a task's priority (it takes effect for its next scheduling decision and is lent on), add tasks a blocked task waits for, or pin its kept worktree",
          tags: ['tasks'],
          params: IdParams,
          body: UpdateTaskBody,
          response: { 200: TaskView, ...errors },
        },
      },
      async (request) => {
        const task = found(request.params.id);
        const { priority, dependsOn, pinned } = request.body;
        // Pinning is the projection's alone (maintenance reads it): a finished task can be pinned too.
        if (pinned !== undefined) tasks.pin(task.id, pinned);
        if (priority === undefined && dependsOn === undefined) return full(task.id);
        if (dependsOn) checkDependencies(deps, task.id, dependsOn, 'body.dependsOn');
        refuseIfEnded(task);
        if (dependsOn) {
          if (task.status !== TaskStatus.blocked) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} is ${task.status}: dependencies can only be added while it is blocked`);
          deps.dependencies.add(task.id, dependsOn);
          await updateTask(deps.client, task, TaskMessage.addDependencies, { taskIds: dependsOn });
        }
        if (priority) {
          const set = await updateTask<{ priority: Priority; effectivePriority: Priority }>(deps.client, task, TaskMessage.setPriority, { priority });
          tasks.update(task.id, set);
        }
        return full(task.id);
      },
    );

    app.delete(
      '/api/tasks/:id/dependencies/:dependsOn',
      {
        schema: {
          summary: 'Let a blocked task go on without one of its dependencies (e.g. one that failed)',
          tags: ['tasks'],
          params: DependencyParams,
          response: { 200: TaskView, ...errors },
        },
      },
      async (request) => {
        const task = found(request.params.id);
        const { dependsOn } = request.params;
        if (!deps.dependencies.of(task.id).some((d) => d.dependsOn === dependsOn)) {
          throw new HttpError(404, ErrorCode.notFound, `task ${task.id} does not depend on '${dependsOn}'`);
        }
        refuseIfEnded(task);
        await updateTask(deps.client, task, TaskMessage.dropDependency, { taskId: dependsOn });
        return full(task.id);
      },
    );

    app.post(
      '/api/tasks/:id/decision',
      { schema: { summary: "Answer the agent's question", tags: ['tasks'], params: IdParams, body: DecisionBody, response: { 200: TaskView, ...errors } } },
      async (request) => {
        const task = found(request.params.id);
        refuseIfEnded(task);
        try {
          await callTemporal(deps.client.connection, 'the answer', () =>
            deps.client.workflow.getHandle(task.workflowId).executeUpdate(TaskMessage.answerDecision, { args: [{ answer: request.body.answer, answeredBy: principalOf(request).name }] }),
          );
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) {
            const reason = err.cause?.message ?? err.message;
            throw new HttpError(409, ErrorCode.conflict, reason);
          }
          if (err instanceof WorkflowNotFoundError) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} is no longer running`);
          throw err;
        }
        return full(task.id);
      },
    );

    app.post(
      '/api/tasks/:id/review',
      {
        schema: {
          summary: 'Review a task that stopped short (status needs_review): retry, accept or abandon it',
          tags: ['tasks'],
          params: IdParams,
          body: ReviewBody,
          response: { 200: TaskView, ...errors },
        },
      },
      async (request) => {
        const task = found(request.params.id);
        refuseIfEnded(task);
        await updateTask(deps.client, task, TaskMessage.reviewTask, { ...request.body, reviewedBy: principalOf(request).name });
        return full(task.id);
      },
    );

    app.get(
      '/api/tasks/:id/logs',
      {
        schema: {
          summary: "The agent's and the tests' output so far; ?follow=true streams new lines (server-sent events) until the task ends",
          tags: ['tasks'],
          params: IdParams,
          querystring: LogsQuery,
          produces: ['text/plain', 'text/event-stream'],
          response: { 200: { type: 'string' }, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const task = found(request.params.id);
        const dir = taskFiles(deps.home, task.id).dir;
        if (!request.query.follow) return reply.type('text/plain; charset=utf-8').send(readLogs(dir));
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        const aborted = new AbortController();
        request.raw.on('close', () => aborted.abort());
        await followLogs({
          dir,
          finished: () => isFinalStatus(tasks.get(task.id)?.status ?? task.status),
          emit: (line) => res.write(`data: ${line.replace(/\r/g, '')}\n\n`),
          signal: aborted.signal,
        });
        if (!aborted.signal.aborted) res.end(`event: end\ndata: ${tasks.get(task.id)?.status ?? ''}\n\n`);
      },
    );

    app.get(
      '/api/tasks/:id/prompt',
      { schema: { summary: 'The prompt each iteration received', tags: ['tasks'], params: IdParams, response: { 200: PromptList, 404: ErrorBody } } },
      async (request) => {
        const task = found(request.params.id);
        const files = taskFiles(deps.home, task.id);
        const numbers = deps.iterations.list(task.id).map((it) => it.number);
        // The running iteration's prompt exists before its iteration is recorded.
        if (!isFinalStatus(task.status)) numbers.push(task.iterations + 1);
        return { prompts: [...new Set(numbers)].flatMap((n) => readPrompt(files, n)) };
      },
    );

    app.post(
      '/api/tasks/:id/prompt',
      {
        schema: {
          summary: "Build the prompt the task's next iteration would get now, with its per-layer token report",
          tags: ['tasks'],
          params: IdParams,
          response: { 200: BuiltPromptView, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const task = found(request.params.id);
        const project = deps.projects.get(task.projectId);
        if (!project) throw new HttpError(404, ErrorCode.notFound, `the project of task '${task.id}' is gone`);
        return deps.prompts.build(await promptRequestFor(deps, project, task));
      },
    );
  };
