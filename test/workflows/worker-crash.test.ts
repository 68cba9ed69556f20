import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { startCli, type RunningCli } from '../support/cli.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { git, scriptedAgent } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testRunEnv, uniqueTaskQueue } from '../support/test-env.js';

// A worker process SIGKILLed while its agent runs: a new worker takes over and nothing is lost.

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function startWorkerProcess(env: NodeJS.ProcessEnv): RunningCli {
  const worker = startCli(['worker'], env);
  cleanup.push(async () => {
    if (worker.child.exitCode === null) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
  });
  return worker;
}

describe('a worker crash', () => {
  it('loses nothing: a new worker finishes the task, one merge lands, no worktree is left', async () => {
    const home = makeTempDir('ringmaster-crash-');
    const dir = makeTempGitRepo({ 'a.txt': 'a\n' });
    cleanup.push(async () => {
      removeDir(home);
      removeDir(dir);
    });
    const taskQueue = uniqueTaskQueue('crash');
    const api: TestApp = await startTestApp(home, { taskQueue, workerTaskQueues: [taskQueue] });
    cleanup.push(() => api.close());
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: testRunEnv().temporalAddress,
      RINGMASTER_HOME: home,
      RINGMASTER_TASK_QUEUE: taskQueue,
      RINGMASTER_HOST_ID: 'crash-host',
      RINGMASTER_LOG_LEVEL: 'warn',
    };

    expect((await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'crashy', repoPath: dir } })).statusCode).toBe(201);
    const started = path.join(home, 'agent-runs');
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'crashy', title: 'Survive a crash', agent: 'command', agentOptions: { command: [process.execPath, scriptedAgent('slow-first-time.mjs'), started, 'b.txt', 'b\n'] } },
    });
    const { id } = res.json<{ id: string }>();

    const first = startWorkerProcess(env);
    const firstAgent = await eventually(() => (fs.existsSync(started) ? Number(fs.readFileSync(started, 'utf8').trim()) : undefined), 'the agent to start', 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    // The agent runs in its own process group, so it outlives its worker.
    expect(isAlive(firstAgent)).toBe(true);

    const second = startWorkerProcess(env);
    const task = await eventually(() => {
      const current = api.store.tasks.get(id);
      return current && ['completed', 'failed', 'cancelled', 'conflict'].includes(current.status) ? current : undefined;
    }, 'the task to finish on the new worker', 120_000);

    expect(task).toMatchObject({ status: 'completed', iterations: 1 });
    // The retried attempt killed the first attempt's agent before running its own.
    await waitForExit(firstAgent, 5000);
    expect(fs.readFileSync(started, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(fs.readFileSync(path.join(dir, 'b.txt'), 'utf8')).toBe('b\n');
    expect(git(dir, 'log', '--format=%H', `--grep=Ringmaster-Task: ${id}`, 'main').split('\n').filter(Boolean)).toHaveLength(1);
    expect(git(dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(fs.existsSync(task.worktreePath!)).toBe(false);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);
});
