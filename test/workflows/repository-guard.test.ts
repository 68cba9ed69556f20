import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// An agent that steps outside its worktree through git: the real workflow, workers and git.

let h: Harness;
const repos: string[] = [];
beforeEach(async () => {
  h = await startHarness('guard');
});
afterEach(async () => {
  await h.close();
  for (const repo of repos.splice(0)) removeDir(repo);
});

async function runEscape(mode: 'branch' | 'hook' | 'config') {
  const repo = makeTempGitRepo({ 'README.md': '# demo\n' });
  repos.push(repo);
  const config = fs.readFileSync(path.join(repo, '.git', 'config'), 'utf8');
  const main = git(repo, 'rev-parse', 'main');
  const name = `guard-${mode}`;
  expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name, repoPath: repo } })).statusCode).toBe(201);
  const filed = await h.app.inject({
    method: 'POST',
    url: '/api/tasks',
    payload: { project: name, title: `Escape by ${mode}`, agent: 'command', agentOptions: { command: [process.execPath, scriptedAgent('escape-worktree.mjs'), mode] } },
  });
  const task = await h.run(() => h.waitFor(filed.json<{ id: string }>().id));
  return { repo, task, config, main };
}

describe('an agent stepping outside its worktree', () => {
  it('that moves the default branch fails its iteration, and the branch is put back', async () => {
    const { repo, task, main } = await runEscape('branch');
    expect(task).toMatchObject({ status: 'failed', outcome: 'policy_violation' });
    expect(task.error).toMatch(/^the agent stepped outside its worktree: moved main from \w{12} to \w{12}; put back at \w{12}/);
    expect(git(repo, 'rev-parse', 'main')).toBe(main);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('that plants a hook fails its iteration, and the hook is gone', async () => {
    const { repo, task } = await runEscape('hook');
    expect(task).toMatchObject({ status: 'failed', outcome: 'policy_violation' });
    expect(task.error).toContain('changed hooks/post-merge');
    expect(fs.existsSync(path.join(repo, '.git', 'hooks', 'post-merge'))).toBe(false);
  });

  it('that edits the shared git config fails its iteration, and the config is restored', async () => {
    const { repo, task, config } = await runEscape('config');
    expect(task).toMatchObject({ status: 'failed', outcome: 'policy_violation' });
    expect(task.error).toContain(`changed ${path.join(repo, '.git', 'config')}`);
    expect(fs.readFileSync(path.join(repo, '.git', 'config'), 'utf8')).toBe(config);
  });
});
