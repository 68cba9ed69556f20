import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import { Type } from 'typebox';
import { resolveCommit } from '../../git/read-refs.js';
import { integrationWorkflowId } from '../../model/merge-queue.js';
import { ReloadTrigger } from '../../model/reload.js';
import { TASK_QUEUE } from '../../model/task-queues.js';
import type { ProjectRepository } from '../../store/project-repository.js';
import type { ReloadRepository } from '../../store/reload-repository.js';
import { submitToQueue } from '../../temporal/submit-to-queue.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { fieldError } from '../field-error.js';
import { callTemporal } from '../temporal-call.js';
import { IdParams } from '../schemas/project-schemas.js';
import { ReloadListQuery, ReloadRequestBody, ReloadRequested, ReloadView } from '../schemas/reload-schemas.js';

export interface ReloadRouteDeps {
  client: Client;
  taskQueue?: string;
  projects: ProjectRepository;
  reloads: ReloadRepository;
}

/** /api/reloads (every hot reload, with its steps and compensations) and POST /api/projects/:id/reload. */
export const reloadRoutes =
  (deps: ReloadRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/reloads',
      { schema: { summary: 'Hot reloads, newest first', tags: ['reloads'], querystring: ReloadListQuery, response: { 200: Type.Object({ items: Type.Array(ReloadView) }), 400: ErrorBody } } },
      async (request) => {
        const { project, limit } = request.query;
        let projectId: string | undefined;
        if (project !== undefined) {
          projectId = deps.projects.find(project)?.id;
          if (!projectId) return { items: [] };
        }
        return { items: deps.reloads.list({ ...(projectId ? { projectId } : {}), limit: limit ?? 50 }) };
      },
    );

    app.get(
      '/api/reloads/:id',
      { schema: { summary: 'One hot reload: from → to, steps with timings, verdict, compensations', tags: ['reloads'], params: IdParams, response: { 200: ReloadView, 404: ErrorBody } } },
      async (request) => {
        const reload = deps.reloads.get(request.params.id);
        if (!reload) throw new HttpError(404, ErrorCode.notFound, `no reload with id '${request.params.id}'`);
        return reload;
      },
    );

    app.post(
      '/api/projects/:id/reload',
      {
        schema: {
          summary: "Release a commit of the project by hand (default: its default branch's tip), through its queue",
          tags: ['reloads'],
          params: IdParams,
          body: ReloadRequestBody,
          response: { 202: ReloadRequested, 400: ErrorBody, 404: ErrorBody, 503: ErrorBody },
        },
      },
      async (request, reply) => {
        const project = deps.projects.find(request.params.id);
        if (!project) throw new HttpError(404, ErrorCode.notFound, `no project with id or name '${request.params.id}'`);
        const wanted = request.body?.commit ?? project.defaultBranch;
        const toCommit = await resolveCommit(project.repoPath, `${wanted}^{commit}`);
        if (!toCommit) throw fieldError(request.body?.commit ? 'body.commit' : 'project.defaultBranch', `names no commit of ${project.repoPath}: '${wanted}'`);
        let position: number;
        try {
          ({ position } = await callTemporal(deps.client.connection, 'queueing the reload', () =>
            submitToQueue(deps.client, deps.taskQueue ?? TASK_QUEUE, project.id, { kind: 'reload', toCommit, trigger: ReloadTrigger.manual }),
          ));
        } catch (err) {
          if (err instanceof HttpError) throw err;
          throw new HttpError(503, ErrorCode.serviceUnavailable, `could not queue the reload: ${(err as Error).message}`);
        }
        return reply.code(202).send({ projectId: project.id, toCommit, position, queueWorkflowId: integrationWorkflowId(project.id) });
      },
    );
  };
