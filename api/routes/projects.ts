import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AgentId } from '../../model/agents.js';
import type { PromptBuilder } from '../../enrich/build-prompt.js';
import { newId } from '../../model/ids.js';
import { DEFAULT_PROMPT_SETTINGS } from '../../model/prompt-settings.js';
import { TASK_DEFAULTS } from '../../model/task.js';
import { TaskStatus } from '../../model/task-status.js';
import { TaskMessage } from '../../model/workflow-types.js';
import type { Client } from '@temporalio/client';
import type { ProjectRepository } from '../../store/project-repository.js';
import { UniqueViolationError } from '../../store/row-mapping.js';
import type { TaskRepository } from '../../store/task-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { resolveProjectFields, type RemoteMirror } from '../projects/resolve-project-fields.js';
import { fieldError } from '../field-error.js';
import { storedSecret } from '../stored-secret.js';
import type { NotifyHook } from '../../model/notifications.js';
import { RemoteFetchError, RemoteSecretError, RemoteUrlError } from '../../git/remote-errors.js';
import { ensureMirror, fetchMirror, useMirrorCredentials } from '../../git/remote-mirror.js';
import { readRemoteCredential } from '../../secrets/remote-credential.js';
import { SecretUnreadableError } from '../../secrets/secret-cipher.js';
import { SecretMissingError, type SecretVault } from '../../secrets/secret-vault.js';
import { parseRemoteUrl } from '../../git/remote-url.js';
import { CreateProjectBody, IdParams, ProjectView, UpdateProjectBody } from '../schemas/project-schemas.js';
import { BuiltPromptView, PromptPreviewBody } from '../schemas/task-schemas.js';
import { promptRequestFor, type PromptRequestDeps } from '../tasks/prompt-request.js';

export interface ProjectRouteDeps extends PromptRequestDeps {
  /** The control plane's data dir: it keeps its own mirror of each project's remote. */
  home: string;
  projects: ProjectRepository;
  tasks: TaskRepository;
  prompts: PromptBuilder;
  vault: Pick<SecretVault, 'resolve'>;
  /** Wakes the tasks waiting for a project's monthly budget when it changes. */
  client: Client;
}

/**
 * Tells the project's tasks that wait for its monthly budget to look again. One that cannot be
 * told (it just ended, Temporal does not answer) looks again on its own within 10 minutes.
 */
async function wakeBudgetWaiters(deps: Pick<ProjectRouteDeps, 'client' | 'tasks'>, projectId: string): Promise<void> {
  await Promise.allSettled(deps.tasks.workflowIdsIn(projectId, TaskStatus.waitingForBudget).map((workflowId) => deps.client.workflow.getHandle(workflowId).signal(TaskMessage.budgetChanged)));
}

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

function conflictOnDuplicate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UniqueViolationError) throw new HttpError(409, ErrorCode.conflict, err.message, { field: `body.${err.column}` });
    throw err;
  }
}

/** Every webhook's secret names a stored secret: a 400 naming the hook otherwise. */
function checkHookSecrets(vault: ProjectRouteDeps['vault'], hooks: readonly NotifyHook[] | undefined): void {
  hooks?.forEach((hook, i) => hook.secret !== undefined && storedSecret(vault, hook.secret, `body.notify.${i}.secret`));
}

/** The git environment of a remote's secret; a secret that is not stored or not taken is a 400 naming body.remoteSecret. */
function remoteCredential(vault: ProjectRouteDeps['vault'], remote: string, remoteSecret: string | null | undefined): Record<string, string> | undefined {
  try {
    return readRemoteCredential(vault, { remote, remoteSecret: remoteSecret ?? null });
  } catch (err) {
    if (err instanceof RemoteSecretError) throw fieldError('body.remoteSecret', err.problem);
    if (err instanceof SecretMissingError || err instanceof SecretUnreadableError) throw fieldError('body.remoteSecret', err.message.replace(/^remoteSecret /, ''));
    if (err instanceof RemoteUrlError) throw fieldError('body.remote', err.message);
    throw err;
  }
}

/**
 * Makes the control plane's mirror of a new project's remote (or, with `existing`, fetches into
 * the one it has), reached with `credential`; a bad or unreachable URL is a 400 naming `field`.
 * A new mirror whose first fetch fails is removed.
 */
async function mirrorRemote(home: string, projectId: string, remote: string, credential: Record<string, string> | undefined, { field = 'body.remote', existing = false } = {}): Promise<RemoteMirror> {
  try {
    const { url } = parseRemoteUrl(remote);
    const path = await ensureMirror({ home, projectId, remoteUrl: url });
    try {
      const { heads } = await fetchMirror(path, { env: credential ?? {} });
      useMirrorCredentials(path, credential);
      return { remote: url, path, heads };
    } catch (err) {
      if (!existing) fs.rmSync(path, { recursive: true, force: true });
      throw err;
    }
  } catch (err) {
    if (err instanceof RemoteUrlError || err instanceof RemoteFetchError) throw fieldError(field, err.message);
    throw err;
  }
}

/** /api/projects: register git repositories as projects, read, change and delete them. */
export const projectRoutes =
  (deps: ProjectRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { projects, tasks } = deps;
    const found = (id: string) => {
      const project = projects.find(id);
      if (!project) throw new HttpError(404, ErrorCode.notFound, `no project with id or name '${id}'`);
      return project;
    };

    app.post(
      '/api/projects',
      { schema: { summary: 'Register a git repository as a project', tags: ['projects'], body: CreateProjectBody, response: { 201: ProjectView, ...errors } } },
      async (request, reply) => {
        const id = newId();
        const { remote, remoteSecret } = request.body;
        checkHookSecrets(deps.vault, request.body.notify);
        if (remoteSecret && remote === undefined) throw fieldError('body.remoteSecret', 'is for a project backed by a remote (remote: an https:// URL)');
        const mirror = remote === undefined || request.body.repoPath !== undefined ? undefined : await mirrorRemote(deps.home, id, remote, remoteCredential(deps.vault, remote, remoteSecret));
        let project;
        try {
          const fields = await resolveProjectFields(request.body, undefined, mirror);
          project = conflictOnDuplicate(() =>
            projects.create({
              id,
              name: request.body.name,
              repoPath: fields.repoPath!,
              remote: fields.remote ?? null,
              remoteSecret: fields.remote ? (remoteSecret ?? null) : null,
              defaultBranch: fields.defaultBranch!,
              testCommand: fields.testCommand ?? null,
              setupCommand: fields.setupCommand ?? null,
              copyFiles: fields.copyFiles ?? [],
              agent: fields.agent ?? AgentId.claudeCode,
              maxIterations: fields.maxIterations ?? TASK_DEFAULTS.maxIterations,
              maxConcurrentTasks: fields.maxConcurrentTasks ?? null,
              budgetUsd: fields.budgetUsd ?? null,
              budgetUsdPerMonth: fields.budgetUsdPerMonth ?? null,
              ...(fields.onRateLimit ? { onRateLimit: fields.onRateLimit } : {}),
              ...(fields.rateLimitMaxWaitMinutes ? { rateLimitMaxWaitMinutes: fields.rateLimitMaxWaitMinutes } : {}),
              stallMinutes: fields.stallMinutes ?? null,
              reviewOnStop: fields.reviewOnStop ?? false,
              linkFiles: fields.linkFiles ?? [],
              buildCommand: fields.buildCommand ?? null,
              reloadCommand: fields.reloadCommand ?? null,
              healthUrl: fields.healthUrl ?? null,
              ...(fields.healthCheckSeconds !== undefined ? { healthCheckSeconds: fields.healthCheckSeconds } : {}),
              watch: fields.watch ?? false,
              self: false,
              lintCommand: fields.lintCommand ?? null,
              deployHosts: fields.deployHosts ?? [],
              notify: fields.notify ?? [],
              prompt: fields.prompt ?? DEFAULT_PROMPT_SETTINGS,
            }),
          );
        } catch (err) {
          // A mirror made for a project that is then refused goes with it.
          if (mirror) fs.rmSync(mirror.path, { recursive: true, force: true });
          throw err;
        }
        return reply.code(201).send(project);
      },
    );

    app.get('/api/projects', { schema: { summary: 'List projects', tags: ['projects'], response: { 200: Type.Object({ items: Type.Array(ProjectView) }) } } }, async () => ({
      items: projects.list(),
    }));

    app.get('/api/projects/:id', { schema: { summary: 'One project, by id or name', tags: ['projects'], params: IdParams, response: { 200: ProjectView, ...errors } } }, async (request) =>
      found(request.params.id),
    );

    app.patch(
      '/api/projects/:id',
      { schema: { summary: 'Change a project', tags: ['projects'], params: IdParams, body: UpdateProjectBody, response: { 200: ProjectView, ...errors } } },
      async (request) => {
        const current = found(request.params.id);
        checkHookSecrets(deps.vault, request.body.notify);
        const fields = await resolveProjectFields(request.body, current);
        const { remoteSecret } = request.body;
        if (remoteSecret !== undefined) {
          if (!current.remote) throw fieldError('body.remoteSecret', 'is for a project backed by a remote; this one is a checkout');
          // The new credential must reach the remote before it replaces the one that did.
          await mirrorRemote(deps.home, current.id, current.remote, remoteCredential(deps.vault, current.remote, remoteSecret), { field: 'body.remoteSecret', existing: true });
          fields.remoteSecret = remoteSecret;
        }
        const updated = conflictOnDuplicate(() => projects.update(current.id, fields))!;
        if (request.body.budgetUsdPerMonth !== undefined) await wakeBudgetWaiters(deps, current.id);
        return updated;
      },
    );

    app.delete(
      '/api/projects/:id',
      { schema: { summary: 'Delete a project and its task records', tags: ['projects'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
      async (request, reply) => {
        const project = found(request.params.id);
        const active = tasks.countActive(project.id);
        if (active > 0) {
          throw new HttpError(409, ErrorCode.conflict, `project '${project.name}' has ${active} unfinished task(s); cancel them first`);
        }
        projects.delete(project.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/projects/:id/prompt',
      {
        schema: {
          summary: "Preview the prompt a task with this text would get now, at the tip of the project's default branch",
          tags: ['projects'],
          params: IdParams,
          body: PromptPreviewBody,
          response: { 200: BuiltPromptView, ...errors },
        },
      },
      async (request) => {
        const project = found(request.params.id);
        const { title, description, acceptanceCriteria } = request.body;
        return deps.prompts.build(await promptRequestFor(deps, project, { title, description: description ?? '', acceptanceCriteria: acceptanceCriteria ?? [] }));
      },
    );
  };
