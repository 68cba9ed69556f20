import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import type { LocalWorkerSpawner } from '../../supervisor/local-worker-spawner.js';
import { findOnPath } from '../../toolchain/find-executable.js';
import { eventually, waitForExit } from '../support/processes.js';
import { startTestSpawner } from '../support/spawned-workers.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { uniqueTaskQueue } from '../support/test-env.js';

// `POST /api/workers/spawn { tmux: true }`: the worker runs in a tmux session named after it, so a
// person can attach and watch; stopping it drains it and the session ends with it.

const hasSession = (session: string) => spawnSync('tmux', ['has-session', '-t', session]).status === 0;

let home: string;
let spawner: LocalWorkerSpawner;
let api: TestApp;
beforeAll(async () => {
  if (!findOnPath('tmux')) throw new Error('this test needs tmux on the PATH (apt-get install tmux); it is not skipped');
  home = makeTempDir('ringmaster-tmux-');
  const taskQueue = uniqueTaskQueue('tmux');
  // Log level info: the session shows the worker's start-up line.
  spawner = startTestSpawner(home, taskQueue, { parentHostId: 'tmux-test', env: { RINGMASTER_LOG_LEVEL: 'info' } });
  api = await startTestApp(home, { taskQueue, workerTaskQueues: [taskQueue], workerSpawner: spawner });
});
afterAll(async () => {
  await spawner?.close();
  await api?.close();
  removeDir(home);
});

describe('spawning a worker in tmux', () => {
  it('runs it in a session named after it, lists it live, and ends the session when it is stopped', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/workers/spawn', payload: { tmux: true, capabilities: ['watched'] } });
    expect(res.statusCode).toBe(201);
    const spawned = res.json<{ id: string; pid: number; tmuxSession: string }>();
    expect(spawned).toMatchObject({ id: expect.stringMatching(/^tmux-test-w[0-9a-f]{4}$/), tmuxSession: `ringmaster-${spawned.id}`, logFile: null, state: 'running' });
    expect(hasSession(spawned.tmuxSession)).toBe(true);
    // tmux runs the worker itself (no shell in between): the pane's process is the worker.
    expect(execFileSync('tmux', ['display-message', '-p', '-t', spawned.tmuxSession, '#{pane_pid}'], { encoding: 'utf8' }).trim()).toBe(String(spawned.pid));

    const live = await eventually(
      async () => {
        const { items } = (await api.app.inject({ method: 'GET', url: '/api/workers' })).json<{ items: { id: string; status: string; capabilities: string[]; tmuxSession: string | null }[] }>();
        return items.find((w) => w.id === spawned.id && w.status === 'running');
      },
      'the tmux worker to heartbeat',
      30_000,
    );
    expect(live).toMatchObject({ tmuxSession: spawned.tmuxSession, capabilities: expect.arrayContaining(['command', 'watched']) });
    const screen = execFileSync('tmux', ['capture-pane', '-p', '-t', spawned.tmuxSession], { encoding: 'utf8' });
    // The pane wraps long log lines, at a space or inside a word: compare without whitespace.
    expect(screen.replace(/\s/g, '')).toContain('"msg":"workerstarted"');

    const stop = await api.app.inject({ method: 'DELETE', url: `/api/workers/${spawned.id}` });
    expect(stop.statusCode).toBe(202);
    await waitForExit(spawned.pid, 30_000);
    await eventually(() => (hasSession(spawned.tmuxSession) ? undefined : true), 'the tmux session to end', 5_000);
    await eventually(async () => ((await spawner.list()).length === 0 ? true : undefined), 'the spawner to forget the worker', 5_000);
  }, 90_000);
});
