import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ActivityCancelledError, ActivityNotFoundError, ActivityPausedError, ActivityResetError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from 'typebox';
import { EXTERNAL_CLAIMED_SIGNAL, ExternalWorkStatus, type ExternalClaim, type ExternalResult } from '../../model/external-work.js';
import type { ExternalWork, ExternalWorkRepository } from '../../store/external-work-repository.js';
import type { TaskRepository } from '../../store/task-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { refuseIfEnded } from '../tasks/refuse-ended.js';
import { callTemporal } from '../temporal-call.js';
import { ExternalResultBody, ExternalResultView, HeartbeatBody, HeartbeatView, PulledTask, WorkerParams } from '../schemas/external-work-schemas.js';
import { IdParams } from '../schemas/project-schemas.js';

export interface ExternalWorkRouteDeps {
  client: Client;
  tasks: TaskRepository;
  externalWork: ExternalWorkRepository;
}

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** How long a pull waits for the claimed task's activity to start (so a heartbeat right after works). */
const PULL_START_WAIT_MS = 10_000;

/** Turns what the cluster says about an activity token into a 409 the worker can act on. */
function claimError(err: unknown, claim: ExternalWork): never {
  const who = `worker ${claim.workerId ?? '?'}`;
  if (err instanceof ActivityNotFoundError) {
    throw new HttpError(409, ErrorCode.conflict, `${who} lost its claim on task ${claim.taskId} (no heartbeat within ${claim.heartbeatTimeoutSeconds} s, or the iteration ended); pull again`);
  }
  if (err instanceof ActivityCancelledError) throw new HttpError(409, ErrorCode.conflict, `task ${claim.taskId} was cancelled; stop working on it`);
  if (err instanceof ActivityPausedError || err instanceof ActivityResetError) {
    throw new HttpError(409, ErrorCode.conflict, `the activity of task ${claim.taskId} was ${err instanceof ActivityPausedError ? 'paused' : 'reset'} in Temporal`);
  }
  throw err;
}

/**
 * The pull protocol of external workers (agent `external`): pull the next ready task, heartbeat
 * while working on it, report the result. The workflow waits on an activity these complete.
 */
export const externalWorkRoutes =
  (deps: ExternalWorkRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { tasks, externalWork } = deps;

    /** The live claim of a task, checked against the worker that says it holds it. */
    const liveClaim = (taskId: string, workerId: string | undefined): ExternalWork & { workerId: string; taskToken: string } => {
      const task = tasks.get(taskId);
      if (!task) throw new HttpError(404, ErrorCode.notFound, `no task with id '${taskId}'`);
      refuseIfEnded(task, 'stop working on it');
      const claim = externalWork.get(taskId);
      if (!claim || claim.status !== ExternalWorkStatus.claimed || !claim.workerId) {
        throw new HttpError(409, ErrorCode.conflict, `task ${taskId} has no live claim: pull it first (POST /api/external-workers/<worker-id>/pull)`);
      }
      if (workerId !== undefined && workerId !== claim.workerId) {
        throw new HttpError(409, ErrorCode.conflict, `task ${taskId} is claimed by worker ${claim.workerId}, not ${workerId}`);
      }
      if (!claim.taskToken) throw new HttpError(409, ErrorCode.conflict, `the claim of worker ${claim.workerId} on task ${taskId} has not started yet; retry in a second`);
      return { ...claim, workerId: claim.workerId, taskToken: claim.taskToken };
    };

    /** Claims the next ready row and tells its workflow; rows of workflows that are gone are dropped. */
    const claimNext = async (workerId: string): Promise<ExternalWork | undefined> => {
      for (;;) {
        const claim = externalWork.claimNext(workerId);
        if (!claim) return undefined;
        const task = tasks.get(claim.taskId);
        if (!task) {
          externalWork.withdraw(claim.taskId);
          continue;
        }
        try {
          const signal: ExternalClaim = { workerId, iteration: claim.iteration };
          await callTemporal(deps.client.connection, 'the claim', () => deps.client.workflow.getHandle(task.workflowId).signal(EXTERNAL_CLAIMED_SIGNAL, signal));
          return claim;
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) {
            externalWork.withdraw(claim.taskId);
            continue;
          }
          externalWork.release(claim.taskId, workerId);
          throw err;
        }
      }
    };

    const pullPaths = [
      { url: '/api/external-workers/:id/pull', summary: 'Claim the most urgent, then oldest, task waiting for an external worker (agent "external"); 204 when none is ready' },
      // The path external workers used before worker processes and external workers had words of their own.
      { url: '/api/workers/:id/pull', summary: 'Alias of POST /api/external-workers/:id/pull', deprecated: true },
    ];
    for (const { url, ...described } of pullPaths) {
      app.post(
        url,
        {
          schema: {
            ...described,
            tags: ['external work'],
            params: WorkerParams,
            response: { 200: PulledTask, 204: Type.Null({ description: 'No task is ready for an external worker' }), ...errors },
          },
        },
        async (request, reply) => {
          const workerId = request.params.id;
          const claim = await claimNext(workerId);
          if (!claim) return reply.code(204).send(null);
          // Wait until the workflow's activity holds the claim, so the worker can heartbeat at once.
          const deadline = Date.now() + PULL_START_WAIT_MS;
          while (Date.now() < deadline) {
            const now = externalWork.get(claim.taskId);
            if (!now || now.workerId !== workerId || now.taskToken) break;
            await sleep(50);
          }
          const task = tasks.get(claim.taskId)!;
          return {
            task: {
              id: task.id,
              title: task.title,
              description: task.description,
              project: task.projectName,
              worktreePath: claim.worktreePath,
              branch: task.branch,
              iteration: claim.iteration,
              promptUrl: `/api/tasks/${encodeURIComponent(task.id)}/prompt`,
              promptPath: claim.promptPath,
              heartbeatTimeoutSeconds: claim.heartbeatTimeoutSeconds,
            },
          };
        },
      );
    }

    app.post(
      '/api/tasks/:id/heartbeat',
      {
        schema: {
          summary: 'An external worker is still working on the task it pulled; 409 when its claim was lost',
          tags: ['external work'],
          params: IdParams,
          body: HeartbeatBody,
          response: { 200: HeartbeatView, ...errors },
        },
        // A bare `POST` (no body) is a heartbeat too.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request) => {
        const claim = liveClaim(request.params.id, request.body.workerId);
        try {
          await callTemporal(deps.client.connection, 'the heartbeat', () => deps.client.activity.heartbeat(Buffer.from(claim.taskToken, 'base64')));
        } catch (err) {
          claimError(err, claim);
        }
        externalWork.touch(claim.taskId, claim.taskToken);
        return { taskId: claim.taskId, workerId: claim.workerId, heartbeatTimeoutSeconds: claim.heartbeatTimeoutSeconds };
      },
    );

    app.post(
      '/api/tasks/:id/result',
      {
        schema: {
          summary: 'An external worker reports how its work on the task ended; the task goes on (tests, merge) as after any agent',
          tags: ['external work'],
          params: IdParams,
          body: ExternalResultBody,
          response: { 200: ExternalResultView, ...errors },
        },
      },
      async (request) => {
        const { status, summary, workerId } = request.body;
        const claim = liveClaim(request.params.id, workerId);
        const result: ExternalResult = { status, summary: summary ?? '', workerId: claim.workerId };
        try {
          await callTemporal(deps.client.connection, 'the result', () => deps.client.activity.complete(Buffer.from(claim.taskToken, 'base64'), result));
        } catch (err) {
          claimError(err, claim);
        }
        externalWork.finish(claim.taskId, claim.taskToken);
        return { taskId: claim.taskId, workerId: claim.workerId, status };
      },
    );
  };
