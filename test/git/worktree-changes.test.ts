import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { createWorktree } from '../../git/create-worktree.js';
import { worktreeChanges } from '../../git/worktree-changes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo, writeFiles } from './test-repo.js';

let dir: string;
let worktreePath: string;
let baseCommit: string;
beforeAll(isolateGitConfig);
beforeEach(async () => {
  dir = fs.realpathSync(makeTempDir());
  const repo = await makeRepo(dir);
  await commitFiles(repo, { '.gitignore': 'node_modules/\n*.log\n' }, 'ignore');
  ({ worktreePath, baseCommit } = await createWorktree({ repoPath: repo, worktreePath: path.join(dir, 'wt'), branch: 'ringmaster/t', baseBranch: 'main' }));
});
afterEach(() => removeDir(dir));

const changes = () => worktreeChanges({ worktreePath, baseCommit });

describe('worktreeChanges', () => {
  it('reports a fresh worktree as clean with no commits', async () => {
    expect(await changes()).toEqual({ dirty: false, commitsAhead: 0 });
  });

  it('ignores files matched by .gitignore', async () => {
    writeFiles(worktreePath, { 'node_modules/x/index.js': 'x', 'debug.log': 'log' });
    expect(await changes()).toEqual({ dirty: false, commitsAhead: 0 });
  });

  it('counts an untracked file as dirty', async () => {
    writeFiles(worktreePath, { 'src/new.ts': 'export {};\n' });
    expect((await changes()).dirty).toBe(true);
  });

  it('counts a modified, a staged and a deleted file as dirty', async () => {
    fs.appendFileSync(path.join(worktreePath, 'app.txt'), 'more\n');
    expect((await changes()).dirty).toBe(true);
    await git(worktreePath, 'add', 'app.txt');
    expect((await changes()).dirty).toBe(true);
    await git(worktreePath, 'commit', '--quiet', '-m', 'edit');
    expect(await changes()).toEqual({ dirty: false, commitsAhead: 1 });
    fs.rmSync(path.join(worktreePath, 'README.md'));
    expect(await changes()).toEqual({ dirty: true, commitsAhead: 1 });
  });

  it('counts commits ahead of the base, not of the moving default branch', async () => {
    await commitFiles(worktreePath, { 'a.txt': 'a' });
    await commitFiles(worktreePath, { 'b.txt': 'b' });
    await commitFiles(path.join(dir, 'repo'), { 'main.txt': 'main moved' });
    expect(await changes()).toEqual({ dirty: false, commitsAhead: 2 });
  });
});
