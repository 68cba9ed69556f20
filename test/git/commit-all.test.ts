import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { commitAll } from '../../git/commit-all.js';
import { createWorktree } from '../../git/create-worktree.js';
import { ForbiddenFileError, WorktreeStateError } from '../../git/git-errors.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo, writeFiles } from './test-repo.js';

let dir: string;
let repo: string;
let worktreePath: string;
beforeAll(isolateGitConfig);
beforeEach(async () => {
  dir = fs.realpathSync(makeTempDir());
  repo = await makeRepo(dir);
  await commitFiles(repo, { '.gitignore': '*.log\n' }, 'ignore');
  ({ worktreePath } = await createWorktree({ repoPath: repo, worktreePath: path.join(dir, 'wt'), branch: 'ringmaster/t', baseBranch: 'main' }));
});
afterEach(() => removeDir(dir));

/** The raw message stored in a commit object (everything after the header). */
async function storedMessage(commit: string): Promise<string> {
  const { stdout } = await execa('git', ['cat-file', 'commit', commit], { cwd: repo, stripFinalNewline: false });
  return stdout.slice(stdout.indexOf('\n\n') + 2);
}

describe('commitAll', () => {
  it('commits modified, deleted and untracked files but not ignored ones', async () => {
    fs.appendFileSync(path.join(worktreePath, 'app.txt'), 'line 4\n');
    fs.rmSync(path.join(worktreePath, 'README.md'));
    writeFiles(worktreePath, { 'src/new.ts': 'export {};\n', 'debug.log': 'noise' });
    const commit = await commitAll({ worktreePath, message: 'task work' });
    expect(commit).toBe(await git(worktreePath, 'rev-parse', 'HEAD'));
    expect((await git(worktreePath, 'show', '--name-status', '--format=', 'HEAD')).split('\n').sort()).toEqual(['A\tsrc/new.ts', 'D\tREADME.md', 'M\tapp.txt']);
    expect(await git(worktreePath, 'status', '--porcelain')).toBe('');
    expect(fs.existsSync(path.join(worktreePath, 'debug.log'))).toBe(true);
  });

  it('returns undefined and commits nothing when there is nothing to commit', async () => {
    const before = await git(worktreePath, 'rev-parse', 'HEAD');
    writeFiles(worktreePath, { 'only.log': 'ignored' });
    expect(await commitAll({ worktreePath, message: 'nothing' })).toBeUndefined();
    expect(await git(worktreePath, 'rev-parse', 'HEAD')).toBe(before);
  });

  it('is harmless to repeat: the second run finds nothing to commit', async () => {
    writeFiles(worktreePath, { 'a.txt': 'a' });
    const first = await commitAll({ worktreePath, message: 'work' });
    expect(first).toBeDefined();
    expect(await commitAll({ worktreePath, message: 'work' })).toBeUndefined();
    expect(await git(worktreePath, 'rev-list', '--count', 'main..HEAD')).toBe('1');
  });

  it('stores any message verbatim', async () => {
    const message = 'Fix "quotes" and \'apostrophes\'\n\n$(touch pwned) `touch pwned` ${HOME} \\n; rm -rf / #\n# not a comment\n  indented  \n\n\nlast line without newline';
    writeFiles(worktreePath, { 'a.txt': 'a' });
    const commit = await commitAll({ worktreePath, message });
    expect(await storedMessage(commit as string)).toBe(message);
    expect(fs.existsSync(path.join(worktreePath, 'pwned'))).toBe(false);
  });

  it('commits as Ringmaster on a machine without git identity config', async () => {
    writeFiles(worktreePath, { 'a.txt': 'a' });
    const commit = await commitAll({ worktreePath, message: 'work' });
    expect(await git(worktreePath, 'show', '-s', '--format=%an <%ae>|%cn <%ce>', commit as string)).toBe('Ringmaster <ringmaster@localhost>|Ringmaster <ringmaster@localhost>');
    expect(await git(repo, 'config', '--local', '--list')).not.toMatch(/user\./);
  });

  it('names the given author exactly, with Ringmaster as committer', async () => {
    writeFiles(worktreePath, { 'a.txt': 'a' });
    const commit = await commitAll({ worktreePath, message: 'work', author: { name: 'Claude Code (task t)', email: 'agent+t@localhost' } });
    expect(await git(worktreePath, 'show', '-s', '--format=%an <%ae>|%cn <%ce>', commit as string)).toBe('Claude Code (task t) <agent+t@localhost>|Ringmaster <ringmaster@localhost>');
  });

  it('refuses while a merge is unfinished, leaving it as it was', async () => {
    await commitFiles(repo, { 'app.txt': 'main version\n' });
    await commitFiles(worktreePath, { 'app.txt': 'task version\n' });
    await expect(git(worktreePath, 'merge', 'main')).rejects.toThrow();
    const error = await commitAll({ worktreePath, message: 'x' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WorktreeStateError);
    expect((error as WorktreeStateError).reason).toBe('operation-in-progress');
    expect(fs.existsSync(path.join(await git(worktreePath, 'rev-parse', '--absolute-git-dir'), 'MERGE_HEAD'))).toBe(true);
  });

  it('refuses to commit a copied file, committing nothing, or leaves it out of a WIP commit', async () => {
    await commitFiles(repo, { 'config/app.env': 'tracked=1\n' }, 'a tracked file a project copies');
    await git(worktreePath, 'merge', '--quiet', 'main');
    writeFiles(worktreePath, { 'config/app.env': 'SECRET=from-the-user-checkout\n', 'a.txt': 'work' });
    const before = await git(worktreePath, 'rev-parse', 'HEAD');
    const error = await commitAll({ worktreePath, message: 'work', forbidden: ['config/app.env'] }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ForbiddenFileError);
    expect((error as Error).message).toContain('refusing to commit config/app.env');
    expect(await git(worktreePath, 'rev-parse', 'HEAD')).toBe(before);
    expect(await git(worktreePath, 'diff', '--cached', '--name-only')).toBe('');
    // Under a copied folder too.
    await expect(commitAll({ worktreePath, message: 'work', forbidden: ['config'] })).rejects.toThrow(ForbiddenFileError);
    const wip = await commitAll({ worktreePath, message: 'WIP', forbidden: ['config/app.env'], onForbidden: 'leave-out' });
    expect(await git(worktreePath, 'show', '--name-only', '--format=', wip as string)).toBe('a.txt');
  });

  it("runs none of the repository's hooks and no fsmonitor: both are programs an agent can name", async () => {
    const marker = path.join(dir, 'hook-ran');
    const hooks = path.join(repo, '.git', 'hooks');
    fs.mkdirSync(hooks, { recursive: true });
    for (const hook of ['pre-commit', 'commit-msg', 'post-commit']) {
      fs.writeFileSync(path.join(hooks, hook), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    }
    await git(repo, 'config', 'core.fsmonitor', `touch ${marker}`);
    writeFiles(worktreePath, { 'a.txt': 'a' });
    expect(await commitAll({ worktreePath, message: 'work' })).toBeDefined();
    expect(fs.existsSync(marker)).toBe(false);
  });
});
