import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { LocalWorkerSpawner } from '../../supervisor/local-worker-spawner.js';
import { eventually, waitForExit } from '../support/processes.js';
import { startTestSpawner } from '../support/spawned-workers.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startTestWorkers } from '../support/temporal.js';
import { uniqueTaskQueue } from '../support/test-env.js';

// /api/workers with the local spawner an API uses without a supervisor: real `ringmaster worker`
// processes (the compiled CLI) against the run's Temporal server, seen through their heartbeats.

interface Worker {
  id: string;
  pid: number | null;
  status: string;
  capabilities: string[];
  slots: { used: number; total: number };
  spawned: boolean;
  version: string;
  tmuxSession: string | null;
}

const version = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

let home: string;
let taskQueue: string;
let spawner: LocalWorkerSpawner;
let api: TestApp;
beforeAll(async () => {
  home = makeTempDir('ringmaster-workers-');
  taskQueue = uniqueTaskQueue('workers');
  spawner = startTestSpawner(home, taskQueue, { parentHostId: 'api-test' });
  api = await startTestApp(home, { taskQueue, workerTaskQueues: [taskQueue], workerSpawner: spawner });
});
afterAll(async () => {
  await spawner?.close();
  await api?.close();
  removeDir(home);
});

const workers = async () => (await api.app.inject({ method: 'GET', url: '/api/workers' })).json<{ items: Worker[] }>().items;

describe('/api/workers', () => {
  it('spawns a worker that shows up with its capabilities and slots, and stops it: it drains, exits and is gone', async () => {
    const spawnedAt = Date.now();
    const res = await api.app.inject({ method: 'POST', url: '/api/workers/spawn', payload: { capabilities: ['gpu', 'languages=python'], slots: 3 } });
    expect(res.statusCode).toBe(201);
    const spawned = res.json<{ id: string; pid: number; logFile: string }>();
    expect(spawned).toMatchObject({
      id: expect.stringMatching(/^api-test-w[0-9a-f]{4}$/),
      pid: expect.any(Number),
      capabilities: ['gpu', 'languages=python'],
      slots: 3,
      tmuxSession: null,
      state: 'running',
    });
    expect(spawned.logFile).toBe(path.join(home, `worker-${spawned.id}.log`));

    const live = await eventually(async () => (await workers()).find((w) => w.id === spawned.id && w.status === 'running'), 'the spawned worker to heartbeat', 30_000);
    console.log(`spawned worker listed as running ${Date.now() - spawnedAt} ms after POST /api/workers/spawn`);
    expect(live).toMatchObject({ pid: spawned.pid, spawned: true, slots: { used: 0, total: 3 }, version, tmuxSession: null });
    expect(live.capabilities).toEqual(expect.arrayContaining(['command', 'gpu', 'languages=python']));

    const stop = await api.app.inject({ method: 'DELETE', url: `/api/workers/${spawned.id}` });
    expect(stop.statusCode).toBe(202);
    expect(stop.json()).toMatchObject({ id: spawned.id, state: 'draining' });
    expect((await workers()).find((w) => w.id === spawned.id)?.status).toBe('draining');
    // Nothing holds it: it exits at once, and drops out of the list when its heartbeats stop.
    await waitForExit(spawned.pid, 30_000);
    const stoppedAt = Date.now();
    await eventually(async () => ((await workers()).some((w) => w.id === spawned.id) ? undefined : true), 'the stopped worker to drop out', 20_000);
    console.log(`stopped worker gone from GET /api/workers ${Date.now() - stoppedAt} ms after it exited`);
    expect(await spawner.list()).toEqual([]);
  }, 90_000);

  it.each([
    [{ slots: 0 }, 'body.slots'],
    [{ slots: 65 }, 'body.slots'],
    [{ slots: 1.5 }, 'body.slots'],
    [{ capabilities: [1] }, 'body.capabilities.0'],
    [{ capabilities: ['has space'] }, 'body.capabilities.0'],
    [{ capabilities: ['gpu', true] }, 'body.capabilities.1'],
    [{ capabilities: ['gpu', 'gpu'] }, 'body.capabilities'],
    [{ tmux: 'yes' }, 'body.tmux'],
    [{ color: 'red' }, 'body.color'],
  ])('refuses to spawn with %j (400 naming %s)', async (payload, field) => {
    const res = await api.app.inject({ method: 'POST', url: '/api/workers/spawn', payload });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<{ error: { code: string; details: { fields: { field: string }[] } } }>();
    expect(error.code).toBe('validation_failed');
    expect(error.details.fields.map((f) => f.field)).toContain(field);
    expect(await spawner.list()).toEqual([]);
  });

  it('answers 404 for an unknown worker and 409 for a live one it did not spawn', async () => {
    const unknown = await api.app.inject({ method: 'DELETE', url: '/api/workers/nobody' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'not_found', message: "no worker with id 'nobody'" } });

    const others = await startTestWorkers(taskQueue, { home, store: api.store, hostId: 'not-ours' });
    try {
      await others.runUntil(async () => {
        const listed = await eventually(async () => (await workers()).find((w) => w.id === 'not-ours'), 'the in-process worker to heartbeat', 20_000);
        expect(listed).toMatchObject({ spawned: false, status: 'running', tmuxSession: null });
        const res = await api.app.inject({ method: 'DELETE', url: '/api/workers/not-ours' });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toEqual({
          error: { code: 'conflict', message: 'worker not-ours was not spawned by this Ringmaster, so it cannot be stopped from here; send it SIGUSR2 where it runs to drain it' },
        });
      });
    } finally {
      await others.close();
    }
  }, 60_000);

  it('answers 503 to a spawn when the API has no spawner', async () => {
    const bare = await startTestApp(makeTempDir('ringmaster-no-spawner-'), { taskQueue });
    try {
      const res = await bare.app.inject({ method: 'POST', url: '/api/workers/spawn', payload: {} });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: { code: 'service_unavailable', message: 'this API cannot spawn workers (no spawner configured)' } });
    } finally {
      await bare.close();
    }
  });
});
