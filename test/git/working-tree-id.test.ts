import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { commitAll } from '../../git/commit-all.js';
import { workingTreeId } from '../../git/working-tree-id.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

const repos: string[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) removeDir(repo);
});

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

function repo(): string {
  const dir = makeTempGitRepo({ 'a.txt': 'a\n', '.gitignore': 'build/\n' });
  repos.push(dir);
  return dir;
}

describe('workingTreeId', () => {
  it('is the tree of HEAD in a clean checkout', async () => {
    const dir = repo();
    await expect(workingTreeId(dir)).resolves.toBe(git(dir, 'rev-parse', 'HEAD^{tree}'));
  });

  it('is the tree the next commit of every change gets, without staging anything', async () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'changed\n');
    fs.writeFileSync(path.join(dir, 'new.txt'), 'untracked\n');
    fs.mkdirSync(path.join(dir, 'build'));
    fs.writeFileSync(path.join(dir, 'build', 'out.js'), 'ignored\n');
    const id = await workingTreeId(dir);
    expect(id).not.toBe(git(dir, 'rev-parse', 'HEAD^{tree}'));
    // Nothing was staged: the real index still matches HEAD.
    expect(git(dir, 'diff', '--cached', '--name-only')).toBe('');
    expect(git(dir, 'status', '--porcelain')).toContain('?? new.txt');
    await commitAll({ worktreePath: dir, message: 'Change' });
    expect(git(dir, 'rev-parse', 'HEAD^{tree}')).toBe(id);
  });

  it('sees a deleted file and a change of the executable bit', async () => {
    const dir = repo();
    const before = await workingTreeId(dir);
    fs.chmodSync(path.join(dir, 'a.txt'), 0o755);
    const executable = await workingTreeId(dir);
    expect(executable).not.toBe(before);
    fs.rmSync(path.join(dir, 'a.txt'));
    const deleted = await workingTreeId(dir);
    expect(git(dir, 'ls-tree', '--name-only', deleted)).toBe('.gitignore');
  });

  it('names the same content the same in two checkouts of different commits', async () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, 'b.txt'), 'b\n');
    const pending = await workingTreeId(dir);
    const other = path.join(dir, '..', `${path.basename(dir)}-wt`);
    repos.push(other);
    git(dir, 'worktree', 'add', '--quiet', '--detach', other, 'HEAD');
    fs.writeFileSync(path.join(other, 'b.txt'), 'b\n');
    await expect(workingTreeId(other)).resolves.toBe(pending);
  });
});
