import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Connection } from '@temporalio/client';
import os from 'node:os';
import { Type } from 'typebox';
import { DEFAULT_AGENT_SLOTS, type TemporalSettings } from '../../config/settings.js';
import { TASK_QUEUE } from '../../model/task-queues.js';
import type { TaskRepository } from '../../store/task-repository.js';
import { NotSpawnedError, SpawnerUnavailableError, WorkerSpawnError, type SpawnedWorker, type WorkerSpawner } from '../../supervisor/worker-spawner.js';
import { listWorkers, type WorkerInfo } from '../../temporal/worker-registry.js';
import { TEMPORAL_CALL_MS } from '../temporal-call.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { fieldError } from '../field-error.js';
import { IdParams } from '../schemas/project-schemas.js';
import { SpawnedWorkerView, SpawnWorkerBody, WorkerView } from '../schemas/worker-schemas.js';

export interface WorkerRouteDeps {
  connection: Connection;
  temporal: Pick<TemporalSettings, 'namespace'>;
  taskQueue?: string;
  tasks: TaskRepository;
  /** Starts and stops local workers; without one, spawning answers 503. */
  workerSpawner?: WorkerSpawner | undefined;
}

const unavailable = (message: string) => new HttpError(503, ErrorCode.serviceUnavailable, message);

/** A live worker with what this Ringmaster knows of it: did it spawn it, is it draining. */
function withSpawnInfo(worker: WorkerInfo, spawned: SpawnedWorker | undefined): WorkerView {
  return {
    ...worker,
    status: spawned?.state === 'draining' ? 'draining' : worker.status,
    spawned: spawned !== undefined,
    tmuxSession: spawned?.tmuxSession ?? null,
  };
}

/** A spawned worker the cluster has not heard from yet (starting, or restarting after a crash). */
function starting(spawned: SpawnedWorker, runningTasks: string[]): WorkerView {
  return {
    id: spawned.id,
    hostName: os.hostname(),
    pid: spawned.pid,
    status: spawned.state === 'draining' ? 'draining' : 'starting',
    queues: [],
    capabilities: spawned.capabilities,
    slots: { used: 0, total: spawned.slots },
    runningTasks,
    lastHeartbeat: null,
    version: '',
    commit: '',
    sdkVersion: '',
    spawned: true,
    tmuxSession: spawned.tmuxSession,
  };
}

/** /api/workers: the live workers (from their heartbeats to the cluster), spawning and stopping local ones. */
export const workerRoutes =
  (deps: WorkerRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const spawner = (): WorkerSpawner => {
      if (!deps.workerSpawner) throw unavailable('this API cannot spawn workers (no spawner configured)');
      return deps.workerSpawner;
    };
    const spawnedList = async (): Promise<SpawnedWorker[]> => {
      if (!deps.workerSpawner) return [];
      try {
        return await deps.workerSpawner.list();
      } catch (err) {
        if (err instanceof SpawnerUnavailableError) return [];
        throw err;
      }
    };
    const liveWorkers = async (): Promise<WorkerInfo[]> => {
      try {
        return await deps.connection.withDeadline(Date.now() + TEMPORAL_CALL_MS, () =>
          listWorkers(deps.connection, {
            namespace: deps.temporal.namespace,
            baseQueue: deps.taskQueue ?? TASK_QUEUE,
            tasksOnHost: (hostId) => deps.tasks.unfinishedOnHost(hostId),
          }),
        );
      } catch (err) {
        throw unavailable(`cannot list the workers: Temporal did not answer (${(err as Error).message})`);
      }
    };

    app.get(
      '/api/workers',
      {
        schema: {
          summary: 'Every live worker: host id, queues, capabilities, agent slots, running tasks, last heartbeat, version',
          tags: ['workers'],
          response: { 200: Type.Object({ items: Type.Array(WorkerView) }), 503: ErrorBody },
        },
      },
      async () => {
        const [live, spawned] = await Promise.all([liveWorkers(), spawnedList()]);
        const items = live.map((worker) =>
          withSpawnInfo(
            worker,
            spawned.find((s) => s.id === worker.id),
          ),
        );
        for (const worker of spawned) {
          if (!live.some((w) => w.id === worker.id)) items.push(starting(worker, deps.tasks.unfinishedOnHost(worker.id)));
        }
        return { items };
      },
    );

    app.post(
      '/api/workers/spawn',
      {
        schema: {
          summary: 'Start another local worker process (under the supervisor when there is one), optionally in a tmux session',
          tags: ['workers'],
          body: SpawnWorkerBody,
          response: { 201: SpawnedWorkerView, 400: ErrorBody, 503: ErrorBody },
        },
        // Schema validation coerces scalars (1 → "1"); a capability that is not a string is a mistake.
        preValidation: async (request) => {
          const { capabilities } = (request.body ?? {}) as { capabilities?: unknown };
          if (!Array.isArray(capabilities)) return;
          const at = capabilities.findIndex((capability) => typeof capability !== 'string');
          if (at >= 0) throw fieldError(`body.capabilities.${at}`, 'must be string');
        },
      },
      async (request, reply) => {
        const body = request.body ?? {};
        try {
          const worker = await spawner().spawn({ capabilities: body.capabilities ?? [], slots: body.slots ?? DEFAULT_AGENT_SLOTS, tmux: body.tmux === true });
          return reply.code(201).send(worker);
        } catch (err) {
          if (err instanceof WorkerSpawnError || err instanceof SpawnerUnavailableError) throw unavailable(err.message);
          throw err;
        }
      },
    );

    app.delete(
      '/api/workers/:id',
      {
        schema: {
          summary: 'Drain a worker this Ringmaster spawned: it takes no new task, finishes the tasks it holds (agents are not killed), then exits',
          tags: ['workers'],
          params: IdParams,
          response: { 202: SpawnedWorkerView, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if ((await spawnedList()).some((worker) => worker.id === id)) {
          try {
            return reply.code(202).send(await spawner().stop(id));
          } catch (err) {
            // It exited between the two calls.
            if (!(err instanceof NotSpawnedError)) throw err;
          }
        }
        if ((await liveWorkers()).some((worker) => worker.id === id)) {
          throw new HttpError(409, ErrorCode.conflict, `worker ${id} was not spawned by this Ringmaster, so it cannot be stopped from here; send it SIGUSR2 where it runs to drain it`);
        }
        throw new HttpError(404, ErrorCode.notFound, `no worker with id '${id}'`);
      },
    );
  };
