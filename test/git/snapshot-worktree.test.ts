import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { snapshotWorktree } from '../../git/snapshot-worktree.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

const repos: string[] = [];
afterEach(() => repos.splice(0).forEach(removeDir));
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('snapshotWorktree', () => {
  it('commits every change on top of HEAD without touching the branch, the index or the files', async () => {
    const repo = makeTempGitRepo({ 'a.txt': 'a\n', '.gitignore': 'ignored/\n' });
    repos.push(repo);
    const head = git(repo, 'rev-parse', 'HEAD');
    fs.writeFileSync(path.join(repo, 'a.txt'), 'changed\n');
    fs.writeFileSync(path.join(repo, 'new.txt'), 'new\n');
    fs.writeFileSync(path.join(repo, '.env'), 'SECRET=1\n');
    fs.mkdirSync(path.join(repo, 'ignored'));
    fs.writeFileSync(path.join(repo, 'ignored', 'x'), 'x');
    git(repo, 'add', 'new.txt');
    const statusBefore = git(repo, 'status', '--porcelain');

    const snapshot = await snapshotWorktree({ worktreePath: repo, message: 'WIP after iteration 1', forbidden: ['.env'] });
    expect(snapshot).not.toBe(head);
    expect(git(repo, 'rev-parse', `${snapshot}^`)).toBe(head);
    expect(git(repo, 'show', `${snapshot}:a.txt`)).toBe('changed');
    expect(git(repo, 'show', `${snapshot}:new.txt`)).toBe('new');
    expect(git(repo, 'ls-tree', '-r', '--name-only', snapshot).split('\n').sort()).toEqual(['.gitignore', 'a.txt', 'new.txt']);
    expect(git(repo, 'log', '-1', '--format=%B', snapshot)).toBe('WIP after iteration 1');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
  });

  it('returns HEAD when nothing changed', async () => {
    const repo = makeTempGitRepo({ 'a.txt': 'a\n' });
    repos.push(repo);
    expect(await snapshotWorktree({ worktreePath: repo, message: 'nothing' })).toBe(git(repo, 'rev-parse', 'HEAD'));
  });
});
