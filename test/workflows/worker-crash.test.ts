import { afterEach, describe, expect, it } from '@jest/globals';
import { decodePendingActivityState } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCli, type RunningCli } from '../support/cli.js';
import { eventually, firstPidIn, isAlive, waitForExit } from '../support/processes.js';
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

/** A data dir, a repository and the API on a queue of their own, and the environment of a `ringmaster worker` serving them. */
async function setUp(label: string) {
  const home = makeTempDir(`ringmaster-${label}-`);
  const dir = makeTempGitRepo({ 'a.txt': 'a\n' });
  cleanup.push(async () => {
    removeDir(home);
    removeDir(dir);
  });
  const taskQueue = uniqueTaskQueue(label);
  const api: TestApp = await startTestApp(home, { taskQueue, workerTaskQueues: [taskQueue] });
  cleanup.push(() => api.close());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: testRunEnv().temporalAddress,
    RINGMASTER_HOME: home,
    RINGMASTER_TASK_QUEUE: taskQueue,
    RINGMASTER_HOST_ID: `${label}-host`,
    RINGMASTER_LOG_LEVEL: 'warn',
  };
  return { home, dir, api, env };
}

/** Resolves with the task once it reached a final status. */
const finished = (api: TestApp, id: string) =>
  eventually(
    () => {
      const current = api.store.tasks.get(id);
      return current && ['completed', 'failed', 'cancelled', 'conflict'].includes(current.status) ? current : undefined;
    },
    `task ${id} to finish on the new worker`,
    120_000,
  );

describe('a worker crash', () => {
  it('loses nothing: a new worker finishes the task, one merge lands, no worktree is left', async () => {
    const { home, dir, api, env } = await setUp('crash');
    expect((await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'crashy', repoPath: dir } })).statusCode).toBe(201);
    const started = path.join(home, 'agent-runs');
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'crashy', title: 'Survive a crash', agent: 'command', agentOptions: { command: [process.execPath, scriptedAgent('slow-first-time.mjs'), started, 'b.txt', 'b\n'] } },
    });
    const { id } = res.json<{ id: string }>();

    const first = startWorkerProcess(env);
    const firstAgent = await eventually(() => firstPidIn(started), 'the agent to start', 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    // The agent runs in its own process group, so it outlives its worker.
    expect(isAlive(firstAgent)).toBe(true);

    const second = startWorkerProcess(env);
    const task = await finished(api, id);

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

  it('keeps a merge tested when its worker is killed right after the default branch moved', async () => {
    const { home, dir, api, env } = await setUp('crash-merge');
    // A git in front of the real one that SIGKILLs the worker calling it (through its launcher)
    // right after it fast-forwarded main in the checkout: the moment between the move and the
    // activity's end.
    const bin = path.join(home, 'bin');
    const marker = path.join(home, 'killed');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(
      path.join(bin, 'git'),
      [
        '#!/bin/sh',
        `"${realGit}" "$@"`,
        'status=$?',
        `case " $* " in *" --ff-only "*) if [ $status -eq 0 ] && [ ! -e '${marker}' ]; then : > '${marker}'; worker=$PPID; case "$(tr '\\0' ' ' < /proc/$PPID/cmdline)" in *launcher-child*) worker=$(cut -d' ' -f4 /proc/$PPID/stat);; esac; kill -9 $worker; fi;; esac`,
        'exit $status',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const created = await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'merging', repoPath: dir, testCommand: [process.execPath, '-e', ''] } });
    const projectId = created.json<{ id: string }>().id;
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'merging', title: 'Merge through a crash', agent: 'command', agentOptions: { command: [process.execPath, scriptedAgent('write-file.mjs'), 'c.txt', 'c\n'] } },
    });
    const { id } = res.json<{ id: string }>();

    const first = startWorkerProcess({ ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    await eventually(() => (fs.existsSync(marker) ? true : undefined), 'the worker to move main and be killed', 60_000);
    await first.exited;
    const merged = git(dir, 'rev-parse', 'main');
    expect(git(dir, 'show', 'main:c.txt')).toBe('c');

    const second = startWorkerProcess(env);
    const task = await finished(api, id);
    expect(task).toMatchObject({ status: 'completed', finalCommit: merged });
    // The retry finds the branch merged: the merge is recorded tested, and made once.
    expect(api.store.reloads.isTested(projectId, merged)).toBe(true);
    expect(git(dir, 'log', '--format=%H', `--grep=Ringmaster-Task: ${id}`, 'main').split('\n').filter(Boolean)).toHaveLength(1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);

  it('asks again for an agent slot whose request died with its worker', async () => {
    const { home, dir, api, env: base } = await setUp('crash-slot');
    // One agent slot, held by a slow agent while another task, back from a question, asks its
    // host for a slot: that request runs in the worker, waiting, when the worker is killed.
    const env = { ...base, RINGMASTER_AGENT_SLOTS: '1' };
    await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'slots', repoPath: dir } });
    const started = path.join(home, 'agent-runs');
    const file = async (title: string, command: string[]) =>
      (await api.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'slots', title, agent: 'command', agentOptions: { command } } })).json<{ id: string }>().id;
    const first = startWorkerProcess(env);
    const asker = await file('Asks first', [process.execPath, scriptedAgent('ask-then-do.mjs')]);
    await eventually(() => (api.store.tasks.get(asker)?.status === 'needs_decision' ? true : undefined), 'the question', 60_000);
    const holder = await file('Holds the slot', [process.execPath, scriptedAgent('slow-write.mjs'), started, '6000', 'b.txt', 'b\n']);
    await eventually(() => firstPidIn(started), 'the slow agent to start', 60_000);
    expect((await api.app.inject({ method: 'POST', url: `/api/tasks/${asker}/decision`, payload: { answer: 'red' } })).statusCode).toBe(200);
    await eventually(() => (api.store.tasks.get(asker)?.step.startsWith('waiting for an agent slot') ? true : undefined), 'the answered task to wait for the slot', 30_000);
    // Its request runs in the worker, waiting for the slot: the cluster says the activity started.
    const askerWorkflow = api.client.workflow.getHandle(api.store.tasks.get(asker)!.workflowId);
    await eventually(
      async () => (await askerWorkflow.describe()).raw.pendingActivities?.some((a) => a.activityType?.name === 'holdAgentSlot' && decodePendingActivityState(a.state) === 'STARTED') || undefined,
      'the slot request to run in the worker',
      30_000,
    );
    first.child.kill('SIGKILL');
    await first.exited;

    const second = startWorkerProcess(env);
    const ended = await Promise.all([holder, asker].map((id) => finished(api, id)));
    expect(ended.map((task) => task.status)).toEqual(['completed', 'completed']);
    expect(git(dir, 'show', 'main:colour.txt')).toBe('red');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 200_000);
});
