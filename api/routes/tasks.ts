import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import fs from 'node:fs';
import type { TemporalSettings } from '../../config/settings.js';
import { taskFiles } from '../../config/task-files.js';
import { TaskInputSchema } from '../../model/task-input.js';
import { isFinalStatus } from '../../model/task-status.js';
import { TaskMessage } from '../../model/workflow-types.js';
import type { DecisionRepository } from '../../store/decision-repository.js';
import type { IterationRepository } from '../../store/iteration-repository.js';
import type { ProjectRepository } from '../../store/project-repository.js';
import { decodeCursor, type TaskRepository } from '../../store/task-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { fieldError } from '../field-error.js';
import { IdParams } from '../schemas/project-schemas.js';
import { DecisionBody, LogsQuery, PromptList, TaskList, TaskListQuery, TaskSummaryView, TaskView } from '../schemas/task-schemas.js';
import { startTask } from '../tasks/start-task.js';
import { followLogs, readLogs } from '../tasks/task-logs.js';
import { taskSummaryView, taskView } from '../tasks/task-view.js';

export interface TaskRouteDeps {
  client: Client;
  taskQueue?: string;
  temporal: Pick<TemporalSettings, 'namespace' | 'uiUrl'>;
  home: string;
  projects: ProjectRepository;
  tasks: TaskRepository;
  iterations: IterationRepository;
  decisions: DecisionRepository;
}

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody };

/** /api/tasks: file tasks, list and read them, cancel them, answer their questions, read their logs. */
export const taskRoutes =
  (deps: TaskRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { tasks, temporal } = deps;
    const found = (id: string) => {
      const task = tasks.get(id);
      if (!task) throw new HttpError(404, ErrorCode.notFound, `no task with id '${id}'`);
      return task;
    };
    const full = (id: string) => taskView(found(id), deps.iterations.list(id), deps.decisions.list(id), temporal);

    app.post(
      '/api/tasks',
      { schema: { summary: 'File a coding task', tags: ['tasks'], body: TaskInputSchema, response: { 201: TaskSummaryView, ...errors } } },
      async (request, reply) => reply.code(201).send(taskSummaryView(await startTask(deps, request.body), temporal)),
    );

    app.get(
      '/api/tasks',
      { schema: { summary: 'List tasks, newest first', tags: ['tasks'], querystring: TaskListQuery, response: { 200: TaskList, 400: ErrorBody } } },
      async (request) => {
        const { project, status, priority, agent, cursor, limit } = request.query;
        const after = cursor === undefined ? undefined : decodeCursor(cursor);
        if (cursor !== undefined && !after) throw fieldError('querystring.cursor', 'is not a cursor this API returned');
        let projectId: string | undefined;
        if (project !== undefined) {
          projectId = deps.projects.find(project)?.id;
          if (!projectId) return { items: [], nextCursor: null };
        }
        const page = tasks.list({ projectId, status, priority, agent }, { limit: limit ?? 50, after });
        return { items: page.items.map((task) => taskSummaryView(task, temporal)), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/api/tasks/:id',
      { schema: { summary: 'One task with its iterations and decisions', tags: ['tasks'], params: IdParams, response: { 200: TaskView, ...errors } } },
      async (request) => full(request.params.id),
    );

    app.post(
      '/api/tasks/:id/cancel',
      { schema: { summary: "Cancel a task: its agent's processes are killed and its worktree cleaned up", tags: ['tasks'], params: IdParams, response: { 202: TaskView, ...errors } } },
      async (request, reply) => {
        const task = found(request.params.id);
        if (isFinalStatus(task.status)) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} already ended (${task.status})`);
        try {
          await deps.client.workflow.getHandle(task.workflowId).cancel();
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} is no longer running`);
          throw err;
        }
        return reply.code(202).send(full(task.id));
      },
    );

    app.post(
      '/api/tasks/:id/decision',
      { schema: { summary: "Answer the agent's question", tags: ['tasks'], params: IdParams, body: DecisionBody, response: { 200: TaskView, ...errors } } },
      async (request) => {
        const task = found(request.params.id);
        if (isFinalStatus(task.status)) throw new HttpError(409, ErrorCode.conflict, `task ${task.id} already ended (${task.status})`);
        try {
          await deps.client.workflow.getHandle(task.workflowId).executeUpdate(TaskMessage.answerDecision, { args: [{ answer: request.body.answer }] });
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
        const prompts = deps.iterations.list(task.id).flatMap((it) => {
          const file = it.promptPath ?? files.prompt(it.number);
          return fs.existsSync(file) ? [{ iteration: it.number, text: fs.readFileSync(file, 'utf8') }] : [];
        });
        // The running iteration's prompt exists before its iteration is recorded.
        const next = task.iterations + 1;
        if (!isFinalStatus(task.status) && fs.existsSync(files.prompt(next))) prompts.push({ iteration: next, text: fs.readFileSync(files.prompt(next), 'utf8') });
        return { prompts };
      },
    );
  };
