import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { GitError } from '../../git/git-errors.js';
import { branchExists, currentBranch, isAncestor, mergeBase, resolveCommit } from '../../git/read-refs.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo } from './test-repo.js';

let dir: string;
beforeAll(isolateGitConfig);
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('branchExists', () => {
  it('tells existing local branches from missing ones', async () => {
    const repo = await makeRepo(dir);
    await git(repo, 'branch', 'ringmaster/abc');
    await git(repo, 'tag', 'v1');
    expect(await branchExists(repo, 'main')).toBe(true);
    expect(await branchExists(repo, 'ringmaster/abc')).toBe(true);
    expect(await branchExists(repo, 'ringmaster')).toBe(false);
    expect(await branchExists(repo, 'v1')).toBe(false);
  });

  it('throws a GitError outside a repository', async () => {
    await expect(branchExists(path.join(dir, 'missing'), 'main')).rejects.toBeInstanceOf(GitError);
  });
});

describe('ref helpers', () => {
  it('resolve commits, ancestry, merge bases and the current branch', async () => {
    const repo = await makeRepo(dir);
    const first = await git(repo, 'rev-parse', 'HEAD');
    const second = await commitFiles(repo, { 'b.txt': 'b' });
    expect(await resolveCommit(repo, 'refs/heads/main')).toBe(second);
    expect(await resolveCommit(repo, 'refs/heads/none')).toBeUndefined();
    expect(await isAncestor(repo, first, second)).toBe(true);
    expect(await isAncestor(repo, second, first)).toBe(false);
    expect(await isAncestor(repo, second, second)).toBe(true);
    expect(await mergeBase(repo, first, second)).toBe(first);
    expect(await currentBranch(repo)).toBe('main');
    await git(repo, 'checkout', '--quiet', '--detach');
    expect(await currentBranch(repo)).toBeUndefined();
  });
});
