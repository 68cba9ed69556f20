import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { findCheckoutOf, findWorktreeAt, listWorktrees } from '../../git/list-worktrees.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { git, isolateGitConfig, makeRepo } from './test-repo.js';

let dir: string;
beforeAll(isolateGitConfig);
beforeEach(() => {
  dir = fs.realpathSync(makeTempDir());
});
afterEach(() => removeDir(dir));

describe('listWorktrees', () => {
  it('lists the main checkout and linked worktrees as git reports them', async () => {
    const repo = await makeRepo(dir);
    const head = await git(repo, 'rev-parse', 'HEAD');
    await git(repo, 'worktree', 'add', '--quiet', '-b', 'ringmaster/a', path.join(dir, 'a'));
    await git(repo, 'worktree', 'add', '--quiet', '--detach', path.join(dir, 'b'));
    await git(repo, 'worktree', 'add', '--quiet', '-b', 'gone', path.join(dir, 'c'));
    fs.rmSync(path.join(dir, 'c'), { recursive: true });
    const entries = await listWorktrees(repo);
    const plain = { head, bare: false, detached: false, locked: false, prunable: false };
    expect(entries).toEqual([
      { ...plain, path: repo, branch: 'main' },
      { ...plain, path: path.join(dir, 'a'), branch: 'ringmaster/a' },
      { ...plain, path: path.join(dir, 'b'), detached: true },
      { ...plain, path: path.join(dir, 'c'), branch: 'gone', prunable: true },
    ]);
    expect(findCheckoutOf(entries, 'ringmaster/a')?.path).toBe(path.join(dir, 'a'));
    expect(findCheckoutOf(entries, 'gone')).toBeUndefined();
  });

  it('finds a worktree by a path that goes through a symlink', async () => {
    const repo = await makeRepo(dir);
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    await git(repo, 'worktree', 'add', '--quiet', '-b', 'x', path.join(dir, 'link', 'wt'));
    const entries = await listWorktrees(repo);
    expect(findWorktreeAt(entries, path.join(dir, 'link', 'wt'))?.path).toBe(path.join(dir, 'real', 'wt'));
    expect(findWorktreeAt(entries, path.join(dir, 'link', 'other'))).toBeUndefined();
  });
});
