import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { isFinalStatus } from '../../model/task-status.js';
import { eventually, firstPidIn, isAlive, waitForExit } from '../support/processes.js';
import { startTestSpawner } from '../support/spawned-workers.js';
import { git, scriptedAgent } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp } from '../support/test-app.js';
import { startTestWorkers } from '../support/temporal.js';
import { uniqueTaskQueue } from '../support/test-env.js';

// `DELETE /api/workers/:id` drains a spawned worker: the agent it runs is not killed, the task
// whose worktree is on its host finishes there, and only then does the worker exit.

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('stopping a spawned worker', () => {
  it('lets its running agent and its task finish, then exits', async () => {
    const home = makeTempDir('ringmaster-stop-');
    const repo = makeTempGitRepo({ 'a.txt': 'a\n' });
    cleanup.push(() => {
      removeDir(home);
      removeDir(repo);
    });
    const taskQueue = uniqueTaskQueue('stop');
    const spawner = startTestSpawner(home, taskQueue, { parentHostId: 'stop' });
    cleanup.push(() => spawner.close());
    const api = await startTestApp(home, { taskQueue, workerTaskQueues: [taskQueue], workerSpawner: spawner });
    cleanup.push(() => api.close());
    await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'stop', repoPath: repo } });

    // The spawned worker is the only one: the task and its agent land there.
    const worker = (await api.app.inject({ method: 'POST', url: '/api/workers/spawn', payload: { slots: 1 } })).json<{ id: string; pid: number }>();
    const started = path.join(home, 'agent-runs');
    // The agent works until the test lets it go, so it is surely running when the stop comes.
    const gate = path.join(home, 'agent-may-finish');
    const filed = await api.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: {
        project: 'stop',
        title: 'Work through a stop',
        agent: 'command',
        agentOptions: { command: [process.execPath, scriptedAgent('slow-write.mjs'), started, '500', 'b.txt', 'b\n', gate] },
      },
    });
    const { id } = filed.json<{ id: string }>();
    const agentPid = await eventually(() => firstPidIn(started), 'the agent to start', 60_000);
    expect(api.store.tasks.get(id)?.hostId).toBe(worker.id);

    // Another worker (another host) takes the merge the task hands on; the task's own steps
    // stay on the spawned worker's host, where its worktree is.
    const helper = await startTestWorkers(taskQueue, { home, store: api.store, hostId: 'helper' });
    cleanup.push(() => helper.close());
    await helper.runUntil(async () => {
      const stop = await api.app.inject({ method: 'DELETE', url: `/api/workers/${worker.id}` });
      expect(stop.statusCode).toBe(202);
      const stoppedAt = Date.now();
      expect(isAlive(agentPid)).toBe(true);
      expect((await spawner.list()).find((w) => w.id === worker.id)?.state).toBe('draining');
      // Draining, the worker lets its running agent finish: let it.
      fs.writeFileSync(gate, '');

      const task = await eventually(
        () => {
          const t = api.store.tasks.get(id);
          return t && isFinalStatus(t.status) ? t : undefined;
        },
        'the task to finish',
        90_000,
      );
      const doneAt = Date.now();
      expect(task).toMatchObject({ status: 'completed', iterations: 1, hostId: worker.id });
      // The agent ran once, to its end: it was neither killed nor run again.
      expect(fs.readFileSync(started, 'utf8').trim().split('\n')).toEqual([String(agentPid)]);
      expect(api.store.iterations.list(id)[0]).toMatchObject({ outcome: 'success', exitCode: 0 });
      expect(git(repo, 'show', 'main:b.txt')).toBe('b');

      await waitForExit(worker.pid, 30_000);
      console.log(`task completed ${doneAt - stoppedAt} ms after the stop; the worker exited ${Date.now() - doneAt} ms after that`);
      expect(await spawner.list()).toEqual([]);
    });
  }, 180_000);
});
