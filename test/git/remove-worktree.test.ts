import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { createWorktree } from '../../git/create-worktree.js';
import { BranchNotMergedError } from '../../git/git-errors.js';
import { listWorktrees } from '../../git/list-worktrees.js';
import { branchExists } from '../../git/read-refs.js';
import { removeWorktree } from '../../git/remove-worktree.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo, writeFiles } from './test-repo.js';

let dir: string;
let repo: string;
let worktreePath: string;
const branch = 'ringmaster/t1';
beforeAll(isolateGitConfig);
beforeEach(async () => {
  dir = fs.realpathSync(makeTempDir());
  repo = await makeRepo(dir);
  ({ worktreePath } = await createWorktree({ repoPath: repo, worktreePath: path.join(dir, 'worktrees', 't1'), branch, baseBranch: 'main' }));
});
afterEach(() => removeDir(dir));

describe('removeWorktree', () => {
  it('removes the worktree, even with uncommitted files, and keeps the branch unless asked', async () => {
    writeFiles(worktreePath, { 'scratch.txt': 'x' });
    expect(await removeWorktree({ repoPath: repo, worktreePath })).toEqual({ worktreeRemoved: true, branchDeleted: false });
    expect(fs.existsSync(worktreePath)).toBe(false);
    expect((await listWorktrees(repo)).map((w) => w.path)).toEqual([repo]);
    expect(await branchExists(repo, branch)).toBe(true);
  });

  it('is harmless to repeat, and deletes a merged branch with -d', async () => {
    const first = await removeWorktree({ repoPath: repo, worktreePath, deleteBranch: branch });
    const second = await removeWorktree({ repoPath: repo, worktreePath, deleteBranch: branch });
    expect(first).toEqual({ worktreeRemoved: true, branchDeleted: true });
    expect(second).toEqual({ worktreeRemoved: false, branchDeleted: false });
    expect(await branchExists(repo, branch)).toBe(false);
  });

  it('clears the registration of a worktree whose folder was already deleted', async () => {
    fs.rmSync(worktreePath, { recursive: true, force: true });
    expect(await removeWorktree({ repoPath: repo, worktreePath })).toEqual({ worktreeRemoved: false, branchDeleted: false });
    expect((await listWorktrees(repo)).map((w) => w.path)).toEqual([repo]);
  });

  it('keeps an unmerged branch unless forced', async () => {
    await commitFiles(worktreePath, { 'work.txt': 'unmerged work' });
    const error = await removeWorktree({ repoPath: repo, worktreePath, deleteBranch: branch }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(BranchNotMergedError);
    expect(await branchExists(repo, branch)).toBe(true);
    expect(await removeWorktree({ repoPath: repo, worktreePath, deleteBranch: branch, force: true })).toEqual({
      worktreeRemoved: false,
      branchDeleted: true,
    });
    expect(await branchExists(repo, branch)).toBe(false);
  });

  it('removes a worktree whose `git worktree add` was killed half way', async () => {
    const adminDir = await git(worktreePath, 'rev-parse', '--absolute-git-dir');
    fs.writeFileSync(path.join(adminDir, 'locked'), 'initializing');
    expect(await removeWorktree({ repoPath: repo, worktreePath })).toEqual({ worktreeRemoved: true, branchDeleted: false });
    expect((await listWorktrees(repo)).map((w) => w.path)).toEqual([repo]);
  });

  it('respects a lock someone else put on the worktree', async () => {
    await git(repo, 'worktree', 'lock', '--reason', 'in use', worktreePath);
    await expect(removeWorktree({ repoPath: repo, worktreePath })).rejects.toMatchObject({ name: 'WorktreeStateError', reason: 'locked', message: expect.stringContaining('(in use)') });
    expect(fs.existsSync(path.join(worktreePath, 'README.md'))).toBe(true);
  });

  it("judges a branch merged against the default branch, not the checkout's HEAD", async () => {
    await commitFiles(worktreePath, { 'work.txt': 'work' });
    // The user works on another branch, which does not hold the task's work.
    await git(repo, 'checkout', '-q', '-b', 'elsewhere');
    await expect(removeWorktree({ repoPath: repo, worktreePath, deleteBranch: branch, mergedInto: 'main' })).rejects.toThrow('is not merged into main');
    await git(repo, 'branch', '-f', 'main', branch);
    // `git branch -d` would refuse here: HEAD (elsewhere) does not contain it.
    // The worktree went on the first call; the branch waited until it was merged.
    expect(await removeWorktree({ repoPath: repo, worktreePath, deleteBranch: branch, mergedInto: 'main' })).toEqual({ worktreeRemoved: false, branchDeleted: true });
  });

  it('leaves alone a folder at the path that is not a registered worktree', async () => {
    await removeWorktree({ repoPath: repo, worktreePath });
    writeFiles(worktreePath, { 'precious.txt': 'not ours' });
    expect(await removeWorktree({ repoPath: repo, worktreePath })).toEqual({ worktreeRemoved: false, branchDeleted: false });
    expect(fs.readFileSync(path.join(worktreePath, 'precious.txt'), 'utf8')).toBe('not ours');
  });
});
