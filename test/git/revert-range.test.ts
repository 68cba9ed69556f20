import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { RevertConflictError } from '../../git/git-errors.js';
import { revertRange } from '../../git/revert-range.js';
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

const revert = (from: string, to: string) => revertRange({ repoPath: repo, branch: 'main', from, to, message: 'Roll back\n', workDir: path.join(dir, 'scratch') });

describe('revertRange', () => {
  it('undoes only the failed change, keeping what people landed after it, on top of history', async () => {
    const good = await tipOf(repo, 'main');
    const bad = await commitFiles(repo, { BROKEN: 'yes\n', 'app.txt': 'line 1\nbad line 2\nline 3\n' }, 'the failed change');
    const later = await commitFiles(repo, { 'LATER.txt': 'a person\n' }, 'landed after it');
    const result = await revert(good, bad);
    expect(result).toMatchObject({ kind: 'reverted', onto: later });
    const tip = await tipOf(repo, 'main');
    expect(await git(repo, 'rev-parse', `${tip}^`)).toBe(later);
    expect(fs.existsSync(path.join(repo, 'BROKEN'))).toBe(false);
    expect(fs.readFileSync(path.join(repo, 'app.txt'), 'utf8')).toBe('line 1\nline 2\nline 3\n');
    expect(fs.readFileSync(path.join(repo, 'LATER.txt'), 'utf8')).toBe('a person\n');
    expect(await git(repo, 'status', '--porcelain')).toBe('');
    expect(await git(repo, 'worktree', 'list')).not.toContain('scratch');
  });

  it('stops, leaving the branch as it is, when later commits changed the same lines', async () => {
    const good = await tipOf(repo, 'main');
    const bad = await commitFiles(repo, { 'app.txt': 'line 1\nbad line 2\nline 3\n' }, 'the failed change');
    const later = await commitFiles(repo, { 'app.txt': 'line 1\nfixed differently\nline 3\n' }, 'a person edits the same line');
    const error = await revert(good, bad).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RevertConflictError);
    expect((error as RevertConflictError).files).toEqual(['app.txt']);
    expect(await tipOf(repo, 'main')).toBe(later);
    expect(await git(repo, 'worktree', 'list')).not.toContain('scratch');
  });

  it('does nothing when the change is not on the branch or changed nothing', async () => {
    const good = await tipOf(repo, 'main');
    await git(repo, 'checkout', '-q', '-b', 'other');
    const elsewhere = await commitFiles(repo, { 'x.txt': 'x' });
    await git(repo, 'checkout', '-q', 'main');
    expect(await revert(good, elsewhere)).toEqual({ kind: 'nothing', why: `${elsewhere.slice(0, 12)} is not on main` });
    expect(await revert(good, good)).toEqual({ kind: 'nothing', why: 'the change left the content as it was' });
    expect(await tipOf(repo, 'main')).toBe(good);
  });
});
