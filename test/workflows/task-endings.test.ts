import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// Every task reaches a final status and frees what it holds, whatever its cleanup meets.

let harness: Harness | undefined;
const repos: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const repo of repos.splice(0)) removeDir(repo);
});

const node = process.execPath;

async function file(h: Harness, body: Record<string, unknown>): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: body });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

describe('task endings', () => {
  it("completes and deletes its merged branch while the user's checkout is on another branch", async () => {
    harness = await startHarness('endings-other-branch');
    const h = harness;
    const repo = makeTempGitRepo({ 'README.md': '# demo\n' });
    repos.push(repo);
    git(repo, 'checkout', '-q', '-b', 'my-feature');
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo, defaultBranch: 'main' } });
    const id = await file(h, { project: 'demo', title: 'Add a file', agent: 'command', agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'added.txt', 'added\n'] } });
    const task = await h.run(() => h.waitFor(id));
    expect(task).toMatchObject({ status: 'completed', cleanupError: null, worktreeKept: false });
    expect(git(repo, 'show', 'main:added.txt')).toBe('added');
    expect(git(repo, 'branch', '--list', task.branch!)).toBe('');
    expect(fs.existsSync(task.worktreePath!)).toBe(false);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('my-feature');
  });

  it('ends and frees its project slot and its dependents when its cleanup fails for good, recording why', async () => {
    harness = await startHarness('endings-cleanup-fails');
    const h = harness;
    const repo = makeTempGitRepo({ 'README.md': '# demo\n' });
    repos.push(repo);
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo, maxConcurrentTasks: 1 } });
    const first = await file(h, { project: 'demo', title: 'Locks its worktree', agent: 'command', agentOptions: { command: [node, scriptedAgent('lock-worktree.mjs'), 'first.txt', 'first\n'] } });
    const second = await file(h, {
      project: 'demo',
      title: 'Runs after',
      dependsOn: [first],
      agent: 'command',
      agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'second.txt', 'second\n'] },
    });
    const [done, after] = await h.run(async () => [await h.waitFor(first), await h.waitFor(second)] as const);
    expect(done).toMatchObject({ status: 'completed', worktreeKept: true });
    expect(done.cleanupError).toContain('is locked (kept by the agent)');
    expect(after.status).toBe('completed');
    expect(git(repo, 'show', 'main:second.txt')).toBe('second');
    // The project can be deleted: no task of it holds anything.
    git(repo, 'worktree', 'unlock', done.worktreePath!);
  });
});
