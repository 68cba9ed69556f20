import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { mergeSecretRefs } from '../../model/secrets.js';
import { isFinalStatus } from '../../model/task-status.js';
import { RemoteSecretError } from '../../git/remote-errors.js';
import { readRemoteCredential } from '../../secrets/remote-credential.js';
import { SecretUnreadableError } from '../../secrets/secret-cipher.js';
import { SecretMissingError, type SecretVault } from '../../secrets/secret-vault.js';
import type { ProjectRepository } from '../../store/project-repository.js';
import type { TaskRepository } from '../../store/task-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';

const Params = Type.Object({ hostId: Type.String({ minLength: 1, maxLength: 128 }), taskId: Type.String({ minLength: 1, maxLength: 64 }) });
const ProjectParams = Type.Object({ hostId: Type.String({ minLength: 1, maxLength: 128 }), projectId: Type.String({ minLength: 1, maxLength: 64 }) });
const Body = Type.Object(
  { refs: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String({ minLength: 1, maxLength: 200 }), { description: 'ENV_NAME → secret reference, as in the task plan' }) },
  { additionalProperties: false },
);

/**
 * POST /api/hosts/:hostId/tasks/:taskId/secrets: the values a host worker (`worker --control`,
 * which holds no database) gives the agent it runs for a task. Only while the task is unfinished,
 * only the references the task and its project name, only to the host the task is on.
 */
export const hostSecretRoutes =
  (deps: { vault: SecretVault; tasks: TaskRepository; projects: ProjectRepository }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/hosts/:hostId/tasks/:taskId/secrets',
      {
        schema: {
          summary: 'A host worker reads the secrets of a task it runs (role host)',
          tags: ['hosts'],
          params: Params,
          body: Body,
          response: { 200: Type.Object({ env: Type.Record(Type.String(), Type.String()) }), 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
        },
      },
      async (request) => {
        const { hostId, taskId } = request.params;
        const task = deps.tasks.get(taskId);
        if (!task) throw new HttpError(404, ErrorCode.notFound, `no task '${taskId}'`);
        if (isFinalStatus(task.status)) throw new HttpError(409, ErrorCode.conflict, `task ${taskId} is ${task.status}: its secrets are no longer handed out`);
        if (task.hostId && task.hostId !== hostId) throw new HttpError(409, ErrorCode.conflict, `task ${taskId} runs on host ${task.hostId}, not ${hostId}`);
        const allowed = new Set(Object.values(mergeSecretRefs(deps.projects.get(task.projectId)?.secrets, task.agentOptions.secrets) ?? {}));
        const foreign = Object.entries(request.body.refs).filter(([, ref]) => !allowed.has(ref));
        if (foreign.length) throw new HttpError(409, ErrorCode.conflict, `refs: task ${taskId} does not name ${foreign.map(([, ref]) => ref).join(', ')}`);
        try {
          return { env: deps.vault.resolve(taskId, request.body.refs) };
        } catch (err) {
          if (err instanceof SecretMissingError || err instanceof SecretUnreadableError) throw new HttpError(422, ErrorCode.secretMissing, err.message);
          throw err;
        }
      },
    );

    app.post(
      '/api/hosts/:hostId/projects/:projectId/remote-credential',
      {
        schema: {
          summary: "A host worker reads how to authenticate to a project's https remote (role host)",
          tags: ['hosts'],
          params: ProjectParams,
          response: {
            200: Type.Object({ env: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], { description: 'git environment; null: the host uses its own credentials' }) }),
            404: ErrorBody,
            422: ErrorBody,
          },
        },
      },
      async (request) => {
        const project = deps.projects.get(request.params.projectId);
        if (!project) throw new HttpError(404, ErrorCode.notFound, `no project '${request.params.projectId}'`);
        try {
          return { env: readRemoteCredential(deps.vault, project) ?? null };
        } catch (err) {
          if (err instanceof SecretMissingError || err instanceof SecretUnreadableError || err instanceof RemoteSecretError) {
            throw new HttpError(422, ErrorCode.secretMissing, err.message);
          }
          throw err;
        }
      },
    );
  };
