import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { startCli, type RunningCli } from '../support/cli.js';
import { eventually, firstPidIn, isAlive } from '../support/processes.js';
import { git, scriptedAgent } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp } from '../support/test-app.js';
import { testRunEnv, uniqueTaskQueue } from '../support/test-env.js';
import { connectClient } from '../support/temporal.js';
import { listWorkers } from '../../temporal/worker-registry.js';

// A rolling restart drains the old worker (SIGUSR2): the agent run it has in flight finishes
// there, is not killed or run again, and the new worker carries the task on.

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function worker(env: NodeJS.ProcessEnv): RunningCli {
  const cli = startCli(['worker'], env);
  cleanup.push(async () => {
    if (cli.child.exitCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  });
  return cli;
}

describe('draining a worker', () => {
  it('lets the agent run it has in flight finish while a new worker takes the rest', async () => {
    const home = makeTempDir('ringmaster-drain-');
    const repo = makeTempGitRepo({ 'a.txt': 'a\n' });
    cleanup.push(() => {
      removeDir(home);
      removeDir(repo);
    });
    const taskQueue = uniqueTaskQueue('drain');
    const api = await startTestApp(home, { taskQueue, workerTaskQueues: [taskQueue] });
    cleanup.push(() => api.close());
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: testRunEnv().temporalAddress,
      RINGMASTER_HOME: home,
      RINGMASTER_TASK_QUEUE: taskQueue,
      RINGMASTER_HOST_ID: 'drain-host',
      RINGMASTER_LOG_LEVEL: 'warn',
    };
    await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'drain', repoPath: repo } });
    const started = path.join(home, 'agent-runs');
    const gate = path.join(home, 'agent-may-finish');
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: {
        project: 'drain',
        title: 'Work through a reload',
        agent: 'command',
        agentOptions: { command: [process.execPath, scriptedAgent('slow-write.mjs'), started, '0', 'b.txt', 'b\n', gate] },
      },
    });
    const { id } = res.json<{ id: string }>();

    const old = worker(env);
    const agentPid = await eventually(() => firstPidIn(started), 'the agent to start', 60_000);
    const fresh = worker(env);
    const connection = await connectClient();
    cleanup.push(() => connection.close());
    const workers = () => listWorkers(connection, { namespace: 'default', baseQueue: taskQueue });
    await eventually(async () => ((await workers()).some((w) => w.pid === fresh.child.pid) ? true : undefined), 'the new worker to poll', 60_000);
    old.child.kill('SIGUSR2');
    // Draining, the old worker keeps its agent run going: both are alive until the agent may finish.
    await eventually(async () => ((await workers()).find((w) => w.pid === old.child.pid)?.status === 'draining' ? true : undefined), 'the old worker to drain', 30_000);
    expect([old.child.exitCode, isAlive(agentPid)]).toEqual([null, true]);
    fs.writeFileSync(gate, '');
    const drainedAt = Date.now();
    // The old worker stays until its agent run is over, then leaves on its own.
    expect(await old.exited).toBe(0);
    expect(isAlive(agentPid)).toBe(false);
    console.log(`drained worker exited ${Date.now() - drainedAt} ms after its agent run could finish`);

    const task = await eventually(
      () => {
        const t = api.store.tasks.get(id);
        return t && ['completed', 'failed', 'cancelled', 'conflict'].includes(t.status) ? t : undefined;
      },
      'the task to finish on the new worker',
      90_000,
    );
    expect(task).toMatchObject({ status: 'completed', iterations: 1 });
    expect(fs.readFileSync(started, 'utf8').trim().split('\n')).toEqual([String(agentPid)]);
    expect(api.store.iterations.list(id)[0]).toMatchObject({ outcome: 'success', exitCode: 0 });
    expect(git(repo, 'show', 'main:b.txt')).toBe('b');
    fresh.child.kill('SIGTERM');
    expect(await fresh.exited).toBe(0);
  }, 180_000);
});
