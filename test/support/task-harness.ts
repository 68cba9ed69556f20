import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { isFinalStatus, type TaskStatus } from '../../model/task-status.js';
import type { TaskRecord } from '../../store/task-repository.js';
import { eventually } from './processes.js';
import { makeTempDir, removeDir } from './temp-dir.js';
import { startTestSpawner } from './spawned-workers.js';
import { startTestApp, type TestApp } from './test-app.js';
import { startTestWorkers, type TestWorkers } from './temporal.js';
import { uniqueTaskQueue } from './test-env.js';
import type { Tracing } from '../../telemetry/tracing.js';

/** Absolute path of a scripted agent program in test/fixtures/agents/. */
export function scriptedAgent(name: string): string {
  return fileURLToPath(new URL(`../fixtures/agents/${name}`, import.meta.url));
}

/** Runs git in `cwd` and returns its trimmed output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@ringmaster.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** One Ringmaster (API + workers) on its own task queue and data dir, against the run's Temporal server. */
export interface Harness {
  home: string;
  taskQueue: string;
  api: TestApp;
  app: FastifyInstance;
  workers: TestWorkers;
  /** The workers run only while this runs. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Waits until the task reaches one of `statuses` (default: any final one). */
  waitFor(taskId: string, statuses?: TaskStatus[], timeoutMs?: number): Promise<TaskRecord>;
  close(): Promise<void>;
}

/**
 * `spawner`: the API can spawn real `ringmaster worker` processes (POST /api/workers/spawn), stopped
 * on close. `port`: the port the test will make the API listen on (its Host is served). `tracing`:
 * the API, its client, the workers and their client trace into it (telemetry/tracing.ts).
 */
export async function startHarness(
  label: string,
  options: { agentSlots?: number; spawner?: boolean; port?: number; hostLostMinutes?: number; labels?: string[]; tracing?: Tracing } = {},
): Promise<Harness> {
  const home = makeTempDir(`ringmaster-${label}-`);
  const taskQueue = uniqueTaskQueue(label);
  const spawner = options.spawner ? startTestSpawner(home, taskQueue, { parentHostId: label }) : undefined;
  const api = await startTestApp(
    home,
    { taskQueue, workerTaskQueues: [taskQueue], ...(spawner ? { workerSpawner: spawner } : {}), ...(options.tracing ? { tracing: options.tracing } : {}) },
    { ...(options.port ? { port: options.port } : {}) },
  );
  const workers = await startTestWorkers(taskQueue, {
    home,
    store: api.store,
    ...(options.agentSlots ? { agentSlots: options.agentSlots } : {}),
    ...(options.hostLostMinutes ? { hostLostMinutes: options.hostLostMinutes } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
    ...(options.tracing ? { tracing: options.tracing } : {}),
  });
  return {
    home,
    taskQueue,
    api,
    app: api.app,
    workers,
    run: (fn) => workers.runUntil(fn),
    waitFor: (taskId, statuses, timeoutMs = 60_000) =>
      eventually(
        () => {
          const task = api.store.tasks.get(taskId);
          if (!task) return undefined;
          return (statuses ? statuses.includes(task.status) : isFinalStatus(task.status)) ? task : undefined;
        },
        `task ${taskId} to reach ${statuses?.join('/') ?? 'a final status'}`,
        timeoutMs,
      ),
    async close() {
      await spawner?.close();
      await workers.close();
      await api.close();
      removeDir(home);
    },
  };
}
