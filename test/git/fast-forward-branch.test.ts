import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fastForwardBranch } from '../../git/fast-forward-branch.js';
import { DefaultCheckoutBlockedError, NotFastForwardError } from '../../git/git-errors.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo, tipOf } from './test-repo.js';

let dir: string;
let repo: string;
beforeAll(isolateGitConfig);
beforeEach(async () => {
  dir = fs.realpathSync(makeTempDir());
  repo = await makeRepo(dir);
});
afterEach(() => removeDir(dir));

/** A commit on branch `side` (not checked out) one ahead of main's tip. */
async function sideCommit(): Promise<string> {
  await git(repo, 'checkout', '--quiet', '-b', 'side');
  const tip = await commitFiles(repo, { 'side.txt': 'side\n' });
  await git(repo, 'checkout', '--quiet', 'main');
  return tip;
}

const reason = 'test: fast-forward';

describe('fastForwardBranch', () => {
  it('moves a branch checked out nowhere with update-ref', async () => {
    const from = await tipOf(repo, 'main');
    const to = await sideCommit();
    await git(repo, 'checkout', '--quiet', '--detach');
    expect(await fastForwardBranch({ repoPath: repo, branch: 'main', from, to, reason })).toBe('advanced');
    expect(await tipOf(repo, 'main')).toBe(to);
    expect(await git(repo, 'reflog', '-1', '--format=%gs', 'refs/heads/main')).toBe(reason);
  });

  it('answers `moved` and changes nothing when the branch is no longer where the caller saw it', async () => {
    const from = await tipOf(repo, 'main');
    const to = await sideCommit();
    await git(repo, 'checkout', '--quiet', '--detach');
    const moved = await commitFiles(repo, { 'other.txt': 'other\n' });
    await git(repo, 'update-ref', 'refs/heads/main', moved);
    expect(await fastForwardBranch({ repoPath: repo, branch: 'main', from, to, reason })).toBe('moved');
    expect(await tipOf(repo, 'main')).toBe(moved);
  });

  it('answers `moved` when the checked-out branch gained a commit the new tip lacks', async () => {
    const from = await tipOf(repo, 'main');
    const to = await sideCommit();
    const moved = await commitFiles(repo, { 'other.txt': 'other\n' });
    expect(await fastForwardBranch({ repoPath: repo, branch: 'main', from, to, reason })).toBe('moved');
    expect(await tipOf(repo, 'main')).toBe(moved);
  });

  it('answers `moved` when the checked-out branch is already past the new tip', async () => {
    const from = await tipOf(repo, 'main');
    const to = await sideCommit();
    await git(repo, 'checkout', '--quiet', 'side');
    const past = await commitFiles(repo, { 'more.txt': 'more\n' });
    await git(repo, 'checkout', '--quiet', 'main');
    await git(repo, 'merge', '--quiet', '--ff-only', past);
    expect(await fastForwardBranch({ repoPath: repo, branch: 'main', from, to, reason })).toBe('moved');
    expect(await tipOf(repo, 'main')).toBe(past);
  });

  it('never moves a branch backwards or sideways', async () => {
    const from = await tipOf(repo, 'main');
    const to = await sideCommit();
    const sideways = await commitFiles(repo, { 'main.txt': 'main\n' });
    for (const checkedOut of [true, false]) {
      await git(repo, 'checkout', '--quiet', checkedOut ? 'side' : '--detach');
      await expect(fastForwardBranch({ repoPath: repo, branch: 'side', from: to, to: from, reason })).rejects.toBeInstanceOf(NotFastForwardError);
      await expect(fastForwardBranch({ repoPath: repo, branch: 'side', from: to, to: sideways, reason })).rejects.toBeInstanceOf(NotFastForwardError);
      expect(await tipOf(repo, 'side')).toBe(to);
    }
    expect(fs.existsSync(path.join(repo, 'side.txt'))).toBe(true);
  });

  it('waits for a checkout locked by another git process (a merge at the same moment), then moves it', async () => {
    const from = await tipOf(repo, 'main');
    const to = await sideCommit();
    const lock = path.join(repo, '.git', 'index.lock');
    fs.writeFileSync(lock, '');
    const unlock = setTimeout(() => fs.rmSync(lock), 500);
    try {
      expect(await fastForwardBranch({ repoPath: repo, branch: 'main', from, to, reason })).toBe('advanced');
    } finally {
      clearTimeout(unlock);
    }
    expect(await tipOf(repo, 'main')).toBe(to);
    expect(fs.existsSync(path.join(repo, 'side.txt'))).toBe(true);
  });

  it('gives up on a lock that stays, as a blocked checkout', async () => {
    const from = await tipOf(repo, 'main');
    const to = await sideCommit();
    fs.writeFileSync(path.join(repo, '.git', 'index.lock'), '');
    await expect(fastForwardBranch({ repoPath: repo, branch: 'main', from, to, reason })).rejects.toBeInstanceOf(DefaultCheckoutBlockedError);
    expect(await tipOf(repo, 'main')).toBe(from);
  });
});
