import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from '../support/processes.js';
import { git, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// External workers (agent `external`) through the REST API: the real API, the real workers on a
// real Temporal server and real git; the test plays the worker (pull, prompt, commit, report).

let harness: Harness | undefined;
const repos: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const repo of repos.splice(0)) removeDir(repo);
});

const node = process.execPath;

interface Pulled {
  task: { id: string; title: string; project: string; worktreePath: string; branch: string; iteration: number; promptUrl: string; heartbeatTimeoutSeconds: number };
}

async function setUp(label: string): Promise<{ h: Harness; dir: string }> {
  harness = await startHarness(label);
  const dir = makeTempGitRepo({ 'README.md': '# demo\n', 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('hello.txt') ? 0 : 1);\n" });
  repos.push(dir);
  const res = await harness.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: dir, testCommand: `${node} check.mjs` } });
  expect(res.statusCode).toBe(201);
  return { h: harness, dir };
}

async function fileTask(h: Harness, body: Record<string, unknown> = {}): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'demo', title: 'Say hello', description: 'Create hello.txt', agent: 'external', ...body } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

const post = (h: Harness, url: string, payload: Record<string, unknown> = {}) => h.app.inject({ method: 'POST', url, payload });

/** Pulls as `workerId` until a task is ready. */
async function pull(h: Harness, workerId: string, timeoutMs = 30_000): Promise<Pulled['task']> {
  return eventually(
    async () => {
      const res = await post(h, `/api/external-workers/${workerId}/pull`);
      if (res.statusCode === 204) return undefined;
      expect(res.statusCode).toBe(200);
      return res.json<Pulled>().task;
    },
    `a task for ${workerId}`,
    timeoutMs,
  );
}

/** What an external worker does: write the file and commit it in the worktree. */
function commitHello(worktreePath: string, content: string): void {
  fs.writeFileSync(path.join(worktreePath, 'hello.txt'), content);
  git(worktreePath, 'add', 'hello.txt');
  git(worktreePath, 'commit', '-q', '-m', 'Add hello.txt');
}

describe('external workers', () => {
  it('pull → prompt → commit in the worktree → report completed: the task merges', async () => {
    const { h, dir } = await setUp('external-happy');
    const id = await fileTask(h);
    const task = await h.run(async () => {
      const pulled = await pull(h, 'worker-a');
      expect(pulled).toMatchObject({ id, title: 'Say hello', project: 'demo', iteration: 1, promptUrl: `/api/tasks/${id}/prompt`, heartbeatTimeoutSeconds: 60 });
      expect(h.api.store.tasks.get(id)).toMatchObject({ status: 'running', step: 'iteration 1: external worker worker-a is working' });
      // Nothing else is ready: another worker gets 204, on the older path (an alias) too.
      expect((await post(h, '/api/external-workers/worker-b/pull')).statusCode).toBe(204);
      expect((await post(h, '/api/workers/worker-b/pull')).statusCode).toBe(204);

      const built = await post(h, pulled.promptUrl);
      expect(built.statusCode).toBe(200);
      expect(built.json<{ prompt: string }>().prompt).toContain('# Task: Say hello');
      const given = (await h.app.inject({ method: 'GET', url: pulled.promptUrl })).json<{ prompts: { iteration: number; text: string }[] }>();
      expect(given.prompts).toEqual([expect.objectContaining({ iteration: 1, text: expect.stringContaining('Create hello.txt') })]);

      const beat = await post(h, `/api/tasks/${id}/heartbeat`, { workerId: 'worker-a' });
      expect(beat.statusCode).toBe(200);
      expect(beat.json()).toEqual({ taskId: id, workerId: 'worker-a', heartbeatTimeoutSeconds: 60 });

      commitHello(pulled.worktreePath, 'hello from outside\n');
      const reported = await post(h, `/api/tasks/${id}/result`, { status: 'completed', summary: 'Wrote hello.txt by hand', workerId: 'worker-a' });
      expect(reported.statusCode).toBe(200);
      expect(reported.json()).toEqual({ taskId: id, workerId: 'worker-a', status: 'completed' });
      // The claim is spent: a second report has nothing to complete.
      expect((await post(h, `/api/tasks/${id}/result`, { status: 'completed' })).statusCode).toBe(409);
      return h.waitFor(id);
    });

    expect(task).toMatchObject({ status: 'completed', outcome: 'success', iterations: 1, error: null });
    expect(git(dir, 'rev-parse', 'main')).toBe(task.finalCommit);
    expect(fs.readFileSync(path.join(dir, 'hello.txt'), 'utf8')).toBe('hello from outside\n');
    expect(git(dir, 'log', '--format=%s', 'main')).toContain('Add hello.txt');
    expect(h.api.store.iterations.list(id)).toEqual([expect.objectContaining({ number: 1, outcome: 'success', summary: 'Wrote hello.txt by hand', testsPassed: true })]);
    expect(h.api.store.externalWork.list()).toEqual([]);
  });

  it('a worker that stops heart-beating loses its claim; another pulls the task and finishes it', async () => {
    const { h, dir } = await setUp('external-vanish');
    const id = await fileTask(h, { agentOptions: { heartbeatTimeoutSeconds: 5 } });
    const task = await h.run(async () => {
      const first = await pull(h, 'worker-a');
      expect(first).toMatchObject({ id, heartbeatTimeoutSeconds: 5 });
      // worker-a vanishes: no heartbeat. After the timeout the task is back in the queue.
      const second = await pull(h, 'worker-b', 30_000);
      expect(second).toMatchObject({ id, iteration: 1, worktreePath: first.worktreePath });
      expect(h.api.store.tasks.get(id)!.step).toBe('iteration 1: external worker worker-b is working');

      const late = await post(h, `/api/tasks/${id}/heartbeat`, { workerId: 'worker-a' });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toEqual({ error: { code: 'conflict', message: `task ${id} is claimed by worker worker-b, not worker-a` } });
      expect((await post(h, `/api/tasks/${id}/result`, { status: 'completed', workerId: 'worker-a' })).statusCode).toBe(409);

      expect((await post(h, `/api/tasks/${id}/heartbeat`, { workerId: 'worker-b' })).statusCode).toBe(200);
      commitHello(second.worktreePath, 'from worker b\n');
      expect((await post(h, `/api/tasks/${id}/result`, { status: 'completed', summary: 'done by b' })).statusCode).toBe(200);
      return h.waitFor(id);
    });
    expect(task).toMatchObject({ status: 'completed', iterations: 1 });
    expect(fs.readFileSync(path.join(dir, 'hello.txt'), 'utf8')).toBe('from worker b\n');
  });

  it('a worker that loses its claim learns it from its next heartbeat', async () => {
    const { h } = await setUp('external-lost');
    const id = await fileTask(h, { agentOptions: { heartbeatTimeoutSeconds: 5 } });
    await h.run(async () => {
      await pull(h, 'worker-a');
      expect((await post(h, `/api/tasks/${id}/heartbeat`)).statusCode).toBe(200);
      // Silent past the timeout: Temporal times the activity out and the workflow puts the task back.
      await eventually(() => (h.api.store.externalWork.get(id)?.status === 'ready' ? true : undefined), 'the task to be back in the queue', 30_000);
      const late = await post(h, `/api/tasks/${id}/heartbeat`, { workerId: 'worker-a' });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toEqual({ error: { code: 'conflict', message: `task ${id} has no live claim: pull it first (POST /api/external-workers/<worker-id>/pull)` } });
      expect(h.api.store.tasks.get(id)).toMatchObject({ status: 'queued', step: 'iteration 1: waiting for an external worker (worker worker-a lost its claim)' });
      expect((await post(h, `/api/tasks/${id}/cancel`)).statusCode).toBe(202);
      await h.waitFor(id);
    });
    // Cancelling the task withdrew its offer.
    expect(h.api.store.tasks.get(id)!.status).toBe('cancelled');
    expect(h.api.store.externalWork.list()).toEqual([]);
  });

  it('report-result failed fails the task with the summary', async () => {
    const { h } = await setUp('external-failed');
    const id = await fileTask(h);
    const task = await h.run(async () => {
      await pull(h, 'worker-a');
      const reported = await post(h, `/api/tasks/${id}/result`, { status: 'failed', summary: 'the spec contradicts itself', workerId: 'worker-a' });
      expect(reported.statusCode).toBe(200);
      return h.waitFor(id);
    });
    expect(task).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(task.error).toContain('the spec contradicts itself');
    expect(h.api.store.iterations.list(id)).toEqual([expect.objectContaining({ outcome: 'failed', summary: 'the spec contradicts itself' })]);
  });

  it('refuses unknown tasks, tasks without a live claim and bad input, naming the field', async () => {
    const { h } = await setUp('external-input');
    expect((await post(h, '/api/external-workers/worker-a/pull')).statusCode).toBe(204);
    const unknown = await post(h, '/api/tasks/nope/result', { status: 'completed' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'not_found', message: "no task with id 'nope'" } });
    // A heartbeat needs no body.
    expect((await h.app.inject({ method: 'POST', url: '/api/tasks/nope/heartbeat' })).statusCode).toBe(404);

    const id = await fileTask(h);
    await h.run(async () => {
      await eventually(() => h.api.store.externalWork.get(id), 'the task to be offered', 30_000);
      const unclaimed = await post(h, `/api/tasks/${id}/result`, { status: 'completed' });
      expect(unclaimed.statusCode).toBe(409);
      expect(unclaimed.json()).toEqual({ error: { code: 'conflict', message: `task ${id} has no live claim: pull it first (POST /api/external-workers/<worker-id>/pull)` } });
      expect((await post(h, `/api/tasks/${id}/heartbeat`)).statusCode).toBe(409);
      expect((await post(h, `/api/tasks/${id}/cancel`)).statusCode).toBe(202);
      await h.waitFor(id);
    });

    const ended = await post(h, `/api/tasks/${id}/heartbeat`);
    expect(ended.json()).toEqual({ error: { code: 'conflict', message: `task ${id} already ended (cancelled); stop working on it` } });
    const bad = await post(h, `/api/tasks/${id}/result`, { status: 'done', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { code: 'validation_failed', details: { fields: expect.arrayContaining([expect.objectContaining({ field: 'body.status' }), { field: 'body.extra', message: 'is not a known field' }]) } },
    });
    const badWorker = await post(h, '/api/external-workers/bad%20name/pull');
    expect(badWorker.statusCode).toBe(400);
    expect(badWorker.json()).toMatchObject({ error: { details: { fields: [expect.objectContaining({ field: 'params.id' })] } } });
    const badTimeout = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'demo', title: 't', agent: 'external', agentOptions: { heartbeatTimeoutSeconds: 2 } } });
    expect(badTimeout.statusCode).toBe(400);
    expect(badTimeout.json()).toMatchObject({ error: { details: { fields: [expect.objectContaining({ field: 'body.agentOptions.heartbeatTimeoutSeconds' })] } } });
  });
});
