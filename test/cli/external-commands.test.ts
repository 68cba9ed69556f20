import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { runCliAsync } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { eventually } from '../support/processes.js';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// `ringmaster pull | heartbeat | report-result`, run as an external worker runs them, against
// a real API listening on a port and real workers.

let h: Harness;
let repo: string;
let apiUrl: string;
let stopWorkers: () => void;
let workersDone: Promise<unknown>;

beforeAll(async () => {
  const port = await freePort();
  h = await startHarness('cli-external', { port });
  repo = makeTempGitRepo({ 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('hello.txt') ? 0 : 1);\n" });
  await h.app.listen({ host: '127.0.0.1', port });
  apiUrl = `http://127.0.0.1:${port}`;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  stopWorkers = release;
  workersDone = h.run(() => released);
  const res = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo, testCommand: `${process.execPath} check.mjs` } });
  expect(res.statusCode).toBe(201);
});

afterAll(async () => {
  stopWorkers();
  await workersDone;
  await h.close();
  removeDir(repo);
});

// The CLI finds the token where `ringmaster up` leaves it: in the data dir.
const cli = (...args: string[]) => runCliAsync([...args, '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: h.home });

/** Files an external task and waits until it is offered to workers. */
async function offeredTask(title: string, agentOptions: Record<string, unknown> = {}): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'demo', title, agent: 'external', agentOptions } });
  expect(res.statusCode).toBe(201);
  const { id } = res.json<{ id: string }>();
  await eventually(() => h.api.store.externalWork.get(id), `task ${id} to be offered`, 30_000);
  return id;
}

describe('ringmaster pull / heartbeat / report-result', () => {
  it('exits 3 when nothing is ready (also under its older name pull-bead)', async () => {
    const text = await cli('pull-bead', 'idle-worker');
    expect(text).toMatchObject({ status: 3, stdout: 'Nothing ready for worker idle-worker.\n', stderr: '' });
    const json = await cli('pull', 'idle-worker', '--json');
    expect(json).toMatchObject({ status: 3, stdout: '{"task":null}\n' });
  });

  it('pull --run runs the command in the worktree, heart-beating past the timeout, and reports completed', async () => {
    const id = await offeredTask('Say hello from a worker', { heartbeatTimeoutSeconds: 5 });
    // The command takes 7 s: longer than the 5 s heartbeat timeout, so only the heartbeats keep the claim.
    const command = `${process.execPath} ${scriptedAgent('commit-file.mjs')} hello.txt "made outside" 7000`;
    const run = await cli('pull', 'runner-1', '--run', command);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Pulled task ${id} \\(iteration 1\\) of demo: Say hello from a worker; running .* in .*, heartbeat every 1\\.667 s$`, 'm'));
    expect(run.stdout).toContain(`Committed hello.txt as runner-1 on task ${id} (iteration 1).`);
    expect(run.stdout).toContain(`Reported completed for task ${id}; follow it with: ringmaster task show ${id}`);

    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'completed', finalCommit: git(repo, 'rev-parse', 'main') });
    expect(fs.readFileSync(path.join(repo, 'hello.txt'), 'utf8')).toBe('made outside');
    expect(git(repo, 'log', '--format=%an %s', 'main')).toContain('External Worker Add hello.txt');
    expect(h.api.store.iterations.list(id)[0]!.summary).toMatch(/exited 0\nCommitted hello\.txt/);
    fs.rmSync(path.join(repo, 'hello.txt'));
    git(repo, 'commit', '-qam', 'Remove hello.txt again');
  });

  it('works by hand: pull --json, heartbeat, build-prompt, a commit, report-result', async () => {
    const id = await offeredTask('Say hello by hand');
    const pulled = await cli('pull', 'person-1', '--json');
    expect(pulled.status).toBe(0);
    const { task } = JSON.parse(pulled.stdout) as { task: { id: string; worktreePath: string; promptUrl: string } };
    expect(task).toMatchObject({ id, promptUrl: `/api/tasks/${id}/prompt` });

    const beat = await cli('heartbeat', id, '--worker', 'person-1');
    expect(beat).toMatchObject({ status: 0, stdout: `Heartbeat for task ${id} (worker person-1); send the next within 60 s\n` });
    const other = await cli('heartbeat', id, '--worker', 'person-2');
    expect(other).toMatchObject({ status: 1, stderr: `ringmaster: task ${id} is claimed by worker person-1, not person-2\n` });
    const prompt = await cli('build-prompt', id);
    expect(prompt.status).toBe(0);
    expect(prompt.stdout).toContain('# Task: Say hello by hand');

    fs.writeFileSync(path.join(task.worktreePath, 'hello.txt'), 'by hand\n');
    git(task.worktreePath, 'add', 'hello.txt');
    git(task.worktreePath, 'commit', '-qm', 'Say hello by hand');
    const bad = await cli('report-result', id, '--status', 'done');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("option '--status <status>' argument 'done' is invalid. Allowed choices are completed, failed.");
    const reported = await cli('report-result', id, '--status', 'completed', '--summary', 'wrote hello.txt', '--worker', 'person-1');
    expect(reported).toMatchObject({ status: 0, stdout: `Reported completed for task ${id} (worker person-1); follow it with: ringmaster task show ${id}\n` });
    expect(await h.waitFor(id)).toMatchObject({ status: 'completed' });

    const again = await cli('report-result', id, '--status', 'completed');
    expect(again).toMatchObject({ status: 1, stderr: `ringmaster: task ${id} already ended (completed); stop working on it\n` });
    fs.rmSync(path.join(repo, 'hello.txt'));
    git(repo, 'commit', '-qam', 'Remove hello.txt again');
  });

  it('pull --run reports failed with the output tail when the command fails, and exits 1', async () => {
    const id = await offeredTask('Fail outside');
    const run = await cli('pull', 'runner-2', '--run', `${process.execPath} -e "console.log('no can do'); process.exit(2)"`);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`Reported failed for task ${id}`);
    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(task.error).toMatch(/exited 2\nno can do/);
  });

  it('refuses a --run command that needs a shell before claiming anything', async () => {
    const id = await offeredTask('Never claimed');
    const run = await cli('pull', 'runner-3', '--run', 'make && make install');
    expect(run).toMatchObject({ status: 1, stdout: '' });
    expect(run.stderr).toContain('ringmaster: --run contains the shell operator "&"');
    expect(h.api.store.externalWork.get(id)).toMatchObject({ status: 'ready', workerId: null });
    expect((await h.app.inject({ method: 'POST', url: `/api/tasks/${id}/cancel` })).statusCode).toBe(202);
    await h.waitFor(id);
  });
});
