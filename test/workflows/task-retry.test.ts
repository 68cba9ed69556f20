import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { isFinalStatus } from '../../model/task-status.js';
import { eventually } from '../support/processes.js';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// POST /api/tasks/:id/retry: a failed task runs again as a new run of the same task.

let harness: Harness | undefined;
const repos: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const repo of repos.splice(0)) removeDir(repo);
});

const node = process.execPath;
const check =
  "import fs from 'node:fs'; const want = String(6 * 7); const got = fs.readFileSync('answer.txt', 'utf8').trim(); if (got !== want) { console.error(`expected ${want}, got ${got}`); process.exit(1); }\n";

describe('retrying a task', () => {
  it('runs a failed task again from its kept branch, numbering its iterations on and keeping its history', async () => {
    harness = await startHarness('retry');
    const h = harness;
    const repo = makeTempGitRepo({ 'check.mjs': check });
    repos.push(repo);
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'answers', repoPath: repo, testCommand: [node, 'check.mjs'] } });
    const filed = await h.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'answers', title: 'Find the answer', agent: 'command', maxIterations: 1, agentOptions: { command: [node, scriptedAgent('fix-after-failing-tests.mjs')] } },
    });
    const id = filed.json<{ id: string }>().id;
    const { failed, retried, done } = await h.run(async () => {
      const failed = await h.waitFor(id);
      const retried = await h.app.inject({ method: 'POST', url: `/api/tasks/${id}/retry`, payload: { maxIterations: 2 } });
      const done = await eventually(
        () => {
          const task = h.api.store.tasks.get(id)!;
          return task.runs === 2 && isFinalStatus(task.status) ? task : undefined;
        },
        'the second run to end',
        90_000,
      );
      return { failed, retried, done };
    });
    expect(failed).toMatchObject({ status: 'failed', worktreeKept: true, runs: 1 });
    expect(failed.error).toContain('tests still failing after 1 iteration(s)');
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ id, status: 'queued', runs: 2, error: null });
    expect(done).toMatchObject({ status: 'completed', runs: 2, iterations: 3, error: null });
    expect(h.api.store.iterations.list(id).map((it) => [it.number, it.testsPassed])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(fs.readFileSync(path.join(repo, 'answer.txt'), 'utf8')).toBe('42\n');
    // The first run's kept work (its WIP commit) is in what was merged: it went on from there.
    expect(git(repo, 'log', '--format=%s', 'main')).toContain('WIP: Find the answer (task failed)');
    expect(git(repo, 'branch', '--list', `ringmaster/${id}`)).toBe('');

    // A completed task does not run again.
    const again = await h.app.inject({ method: 'POST', url: `/api/tasks/${id}/retry` });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { message: string } }>().error.message).toBe(`task ${id} is completed: only a failed or conflicting task runs again`);
  }, 180_000);
});
