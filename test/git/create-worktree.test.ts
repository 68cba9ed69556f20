import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { createWorktree } from '../../git/create-worktree.js';
import { BranchNotFoundError, InvalidBranchNameError, WorktreeConflictError } from '../../git/git-errors.js';
import { listWorktrees } from '../../git/list-worktrees.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo, tipOf } from './test-repo.js';

let dir: string;
let repo: string;
let worktreePath: string;
const branch = 'ringmaster/task1';
beforeAll(isolateGitConfig);
beforeEach(async () => {
  dir = fs.realpathSync(makeTempDir());
  repo = await makeRepo(dir);
  worktreePath = path.join(dir, 'data', 'worktrees', 'task1');
});
afterEach(() => removeDir(dir));

function create(overrides: Partial<Parameters<typeof createWorktree>[0]> = {}) {
  return createWorktree({ repoPath: repo, worktreePath, branch, baseBranch: 'main', ...overrides });
}

async function branchesOf(repoPath: string): Promise<string[]> {
  return (await git(repoPath, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')).split('\n');
}

describe('createWorktree', () => {
  it('creates the branch from the base branch and checks it out in a new folder', async () => {
    const mainTip = await tipOf(repo, 'main');
    expect(await create()).toEqual({ worktreePath, branch, baseCommit: mainTip, created: true });
    expect(fs.readFileSync(path.join(worktreePath, 'app.txt'), 'utf8')).toBe('line 1\nline 2\nline 3\n');
    expect(await git(worktreePath, 'symbolic-ref', 'HEAD')).toBe(`refs/heads/${branch}`);
    expect(await tipOf(repo, branch)).toBe(mainTip);
    expect((await listWorktrees(repo)).map((w) => w.path)).toEqual([repo, worktreePath]);
    // The user's checkout is untouched.
    expect(await git(repo, 'status', '--porcelain')).toBe('');
    expect(await git(repo, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
  });

  it('returns the existing worktree on a re-run, with the commit the branch started from', async () => {
    const first = await create();
    await commitFiles(worktreePath, { 'feature.txt': 'work' });
    await commitFiles(repo, { 'other.txt': 'main moved' });
    const again = await create();
    expect(again).toEqual({ ...first, created: false });
    expect(fs.readFileSync(path.join(worktreePath, 'feature.txt'), 'utf8')).toBe('work');
  });

  it('checks the branch out again when the worktree folder was deleted', async () => {
    const first = await create();
    const work = await commitFiles(worktreePath, { 'feature.txt': 'work' });
    fs.rmSync(worktreePath, { recursive: true, force: true });
    expect(await create()).toEqual({ ...first, created: true });
    expect(await git(worktreePath, 'rev-parse', 'HEAD')).toBe(work);
    expect(fs.readFileSync(path.join(worktreePath, 'feature.txt'), 'utf8')).toBe('work');
  });

  it('checks the branch out again when the worktree was removed and pruned', async () => {
    const first = await create();
    const work = await commitFiles(worktreePath, { 'feature.txt': 'work' });
    await git(repo, 'worktree', 'remove', worktreePath);
    await git(repo, 'worktree', 'prune');
    expect(await create()).toEqual({ ...first, created: true });
    expect(await git(worktreePath, 'rev-parse', 'HEAD')).toBe(work);
  });

  it('redoes a worktree whose `git worktree add` was killed half way', async () => {
    await create();
    const adminDir = await git(worktreePath, 'rev-parse', '--absolute-git-dir');
    fs.writeFileSync(path.join(adminDir, 'locked'), 'initializing');
    fs.rmSync(path.join(worktreePath, 'app.txt'));
    expect((await create()).created).toBe(true);
    expect(fs.existsSync(path.join(worktreePath, 'app.txt'))).toBe(true);
    expect((await listWorktrees(repo)).find((w) => w.path === worktreePath)?.locked).toBe(false);
  });

  it('refuses a locked registration whose folder is gone', async () => {
    await create();
    await git(repo, 'worktree', 'lock', worktreePath);
    fs.rmSync(worktreePath, { recursive: true, force: true });
    await expect(create()).rejects.toThrow('is registered as a locked worktree but its folder is gone');
  });

  it('finds its worktree through a symlinked data dir', async () => {
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    const viaLink = path.join(dir, 'link', 'task1');
    const first = await create({ worktreePath: viaLink });
    expect(first.worktreePath).toBe(path.join(dir, 'real', 'task1'));
    expect((await create({ worktreePath: viaLink })).created).toBe(false);
  });

  it('refuses a path that holds something else, changing nothing', async () => {
    fs.mkdirSync(worktreePath, { recursive: true });
    fs.writeFileSync(path.join(worktreePath, 'precious.txt'), 'keep me');
    await expect(create()).rejects.toThrow(WorktreeConflictError);
    await expect(create()).rejects.toThrow('is not a worktree of this repository');
    expect(fs.readFileSync(path.join(worktreePath, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(await branchesOf(repo)).toEqual(['main']);
  });

  it('accepts an existing empty folder', async () => {
    fs.mkdirSync(worktreePath, { recursive: true });
    expect((await create()).created).toBe(true);
  });

  it('refuses a path that is a worktree on another branch', async () => {
    await create({ branch: 'ringmaster/other' });
    await expect(create()).rejects.toThrow(`${worktreePath} is already a worktree on branch 'ringmaster/other', not on '${branch}'`);
  });

  it('refuses a branch checked out in another worktree', async () => {
    await create();
    await expect(create({ worktreePath: path.join(dir, 'elsewhere') })).rejects.toThrow(`branch '${branch}' is already checked out in ${worktreePath}`);
    expect(fs.existsSync(path.join(dir, 'elsewhere'))).toBe(false);
  });

  it('refuses a base branch that does not exist', async () => {
    await expect(create({ baseBranch: 'develop' })).rejects.toThrow(BranchNotFoundError);
    expect(fs.existsSync(worktreePath)).toBe(false);
    expect(await branchesOf(repo)).toEqual(['main']);
  });

  it('refuses a branch name that could be read as an option', async () => {
    await expect(create({ branch: '--detach' })).rejects.toThrow(InvalidBranchNameError);
  });

  it('works from a bare repository', async () => {
    await git(dir, 'clone', '--quiet', '--bare', repo, 'bare.git');
    const bare = path.join(dir, 'bare.git');
    const result = await create({ repoPath: bare });
    expect(result.created).toBe(true);
    expect(result.baseCommit).toBe(await tipOf(bare, 'main'));
    expect(fs.existsSync(path.join(worktreePath, 'README.md'))).toBe(true);
  });
});
