import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { commitAll } from '../../git/commit-all.js';
import { createWorktree } from '../../git/create-worktree.js';
import { DefaultBranchMovedError, DefaultCheckoutBlockedError, WorktreeStateError } from '../../git/git-errors.js';
import { integrateBranch } from '../../git/integrate-branch.js';
import { removeWorktree } from '../../git/remove-worktree.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo, tipOf, writeFiles } from './test-repo.js';

let dir: string;
let repo: string;
let worktreePath: string;
const branch = 'ringmaster/t1';
const message = 'Merge main into ringmaster/t1';
beforeAll(isolateGitConfig);
beforeEach(async () => {
  dir = fs.realpathSync(makeTempDir());
  repo = await makeRepo(dir);
});
afterEach(() => removeDir(dir));

/** Creates the task worktree from `repoPath` and commits `files` there as the agent's work; returns the task tip. */
async function taskWith(files: Record<string, string>, repoPath = repo): Promise<string> {
  ({ worktreePath } = await createWorktree({ repoPath, worktreePath: path.join(dir, 'worktrees', 't1'), branch, baseBranch: 'main' }));
  writeFiles(worktreePath, files);
  return (await commitAll({ worktreePath, message: 'task work' })) as string;
}

function integrate(repoPath = repo) {
  return integrateBranch({ repoPath, worktreePath, branch, defaultBranch: 'main', message });
}

async function mergeCount(repoPath: string): Promise<number> {
  return Number(await git(repoPath, 'rev-list', '--merges', '--count', 'refs/heads/main'));
}

async function mergeInProgress(worktree: string): Promise<boolean> {
  return fs.existsSync(path.join(await git(worktree, 'rev-parse', '--absolute-git-dir'), 'MERGE_HEAD'));
}

/**
 * Puts a `git` in front of the real one on PATH that, after each merge that is not a fast-forward,
 * moves main by one commit (running `moveMain` in `runIn`), as another writer would between our
 * merge and our fast-forward: every time, or only the first time. (A hook cannot do it: Ringmaster
 * runs git with hooks off.)
 */
function moveMainAfterMerges(runIn: string, moveMain: string, once: boolean): void {
  const marker = path.join(dir, 'moved-once');
  const bin = path.join(dir, 'bin');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const script = [
    '#!/bin/sh',
    `"${realGit}" "$@"`,
    'status=$?',
    'case " $* " in *" merge "*) case " $* " in *" --ff-only "*|*" --abort "*) ;; *)',
    `  if [ $status -eq 0 ]${once ? ` && [ ! -e '${marker}' ]` : ''}; then`,
    `    : > '${marker}'`,
    `    (unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE; cd '${runIn}' && git() { "${realGit}" -c user.name=Mover -c user.email=mover@example.com "$@"; } && ${moveMain.replaceAll('\n', ' && ')})`,
    '  fi;;',
    'esac;; esac',
    'exit $status',
    '',
  ];
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'git'), script.join('\n'), { mode: 0o755 });
  process.env.PATH = `${bin}${path.delimiter}${originalPath}`;
}
const originalPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = originalPath;
});

describe('integrateBranch in a repository with main checked out', () => {
  it('fast-forwards main when it has not moved, updating the user checkout', async () => {
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' });
    expect(await integrate()).toEqual({ outcome: 'merged', method: 'fast-forward', commit: taskTip });
    expect(await tipOf(repo, 'main')).toBe(taskTip);
    expect(fs.readFileSync(path.join(repo, 'feature.txt'), 'utf8')).toBe('feature\n');
    expect(await git(repo, 'status', '--porcelain')).toBe('');
  });

  it('merges a moved main into the task branch first, then fast-forwards main to that merge', async () => {
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' });
    const mainTip = await commitFiles(repo, { 'README.md': '# demo, edited on main\n' });
    const result = await integrate();
    expect(result).toEqual({ outcome: 'merged', method: 'merge-commit', commit: await tipOf(repo, 'main') });
    const merge = await tipOf(repo, 'main');
    expect(await tipOf(repo, branch)).toBe(merge);
    expect(await git(repo, 'show', '-s', '--format=%P|%B|%cn', merge)).toBe(`${taskTip} ${mainTip}|${message}\n|Ringmaster`);
    expect(fs.readFileSync(path.join(repo, 'feature.txt'), 'utf8')).toBe('feature\n');
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# demo, edited on main\n');
    expect(await git(repo, 'status', '--porcelain')).toBe('');
  });

  it('makes its merge commit even when the repository is configured for fast-forward merges only', async () => {
    await git(repo, 'config', 'merge.ff', 'only');
    await taskWith({ 'feature.txt': 'feature\n' });
    await commitFiles(repo, { 'README.md': 'moved\n' });
    expect(await integrate()).toMatchObject({ outcome: 'merged', method: 'merge-commit' });
  });

  it('lands exactly one merge when called twice', async () => {
    await taskWith({ 'feature.txt': 'feature\n' });
    await commitFiles(repo, { 'README.md': 'moved\n' });
    const first = await integrate();
    const second = await integrate();
    expect(first.outcome).toBe('merged');
    expect(second).toEqual({ outcome: 'already-merged', commit: await tipOf(repo, 'main') });
    expect(await mergeCount(repo)).toBe(1);
  });

  it('reports conflicting files and leaves both branches and the worktree as they were', async () => {
    const taskTip = await taskWith({ 'app.txt': 'line 1\ntask line 2\nline 3\n', 'README.md': '# task readme\n' });
    const mainTip = await commitFiles(repo, { 'app.txt': 'line 1\nmain line 2\nline 3\n', 'README.md': '# main readme\n' });
    expect(await integrate()).toEqual({ outcome: 'conflict', conflictFiles: ['README.md', 'app.txt'] });
    expect(await tipOf(repo, branch)).toBe(taskTip);
    expect(await tipOf(repo, 'main')).toBe(mainTip);
    expect(await mergeInProgress(worktreePath)).toBe(false);
    expect(await git(worktreePath, 'status', '--porcelain')).toBe('');
    expect(fs.readFileSync(path.join(worktreePath, 'app.txt'), 'utf8')).toBe('line 1\ntask line 2\nline 3\n');
  });

  it('keeps the user’s uncommitted changes in the main checkout when they do not overlap', async () => {
    const taskTip = await taskWith({ 'app.txt': 'line 1\nline 2\nline 3\ntask line 4\n' });
    fs.writeFileSync(path.join(repo, 'README.md'), '# demo, being edited by the user\n');
    writeFiles(repo, { 'notes.txt': 'untracked user notes\n', 'staged.txt': 'staged by the user\n' });
    await git(repo, 'add', 'staged.txt');
    expect(await integrate()).toMatchObject({ outcome: 'merged', commit: taskTip });
    expect(fs.readFileSync(path.join(repo, 'app.txt'), 'utf8')).toBe('line 1\nline 2\nline 3\ntask line 4\n');
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toBe('# demo, being edited by the user\n');
    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('untracked user notes\n');
    expect((await git(repo, 'status', '--porcelain')).split('\n').sort()).toEqual([' M README.md', '?? notes.txt', 'A  staged.txt']);
  });

  it('refuses to fast-forward over the user’s overlapping changes, losing nothing, and succeeds once they are stashed', async () => {
    const mainTip = await tipOf(repo, 'main');
    const taskTip = await taskWith({ 'app.txt': 'line 1\ntask line 2\nline 3\n' });
    fs.writeFileSync(path.join(repo, 'app.txt'), 'line 1\nuser line 2\nline 3\n');
    const error = await integrate().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DefaultCheckoutBlockedError);
    expect(error).toMatchObject({ checkoutPath: repo, defaultBranch: 'main' });
    expect((error as Error).message).toMatch(/local changes/);
    expect(await tipOf(repo, 'main')).toBe(mainTip);
    expect(fs.readFileSync(path.join(repo, 'app.txt'), 'utf8')).toBe('line 1\nuser line 2\nline 3\n');
    await git(repo, 'stash', '--quiet');
    expect(await integrate()).toEqual({ outcome: 'merged', method: 'fast-forward', commit: taskTip });
  });

  it('starts over once when the user commits on main between the merge and the fast-forward', async () => {
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' });
    await commitFiles(repo, { 'README.md': 'moved\n' });
    const moveMain = `git -C '${repo}' -c user.name=U -c user.email=u@x commit --quiet --allow-empty -m 'user commit meanwhile'`;
    moveMainAfterMerges(repo, moveMain, true);
    const result = await integrate();
    expect(result).toEqual({ outcome: 'merged', method: 'merge-commit', commit: await tipOf(repo, 'main') });
    expect(await git(repo, 'log', '--format=%s', 'main')).toContain('user commit meanwhile');
    expect(await git(repo, 'merge-base', '--is-ancestor', taskTip, 'main')).toBe('');
    expect(await mergeCount(repo)).toBe(2);
  });

  it('aborts a merge a crashed run left in the worktree before trying again', async () => {
    const taskTip = await taskWith({ 'app.txt': 'task\n' });
    await commitFiles(repo, { 'app.txt': 'main\n' });
    await expect(git(worktreePath, 'merge', 'main')).rejects.toThrow();
    expect(await integrate()).toEqual({ outcome: 'conflict', conflictFiles: ['app.txt'] });
    expect(await mergeInProgress(worktreePath)).toBe(false);
    expect(await tipOf(repo, branch)).toBe(taskTip);
  });

  it('refuses a worktree with uncommitted changes, changing nothing', async () => {
    const mainTip = await tipOf(repo, 'main');
    await taskWith({ 'feature.txt': 'feature\n' });
    writeFiles(worktreePath, { 'uncommitted.txt': 'x' });
    await expect(integrate()).rejects.toMatchObject({ reason: 'dirty' });
    await expect(integrate()).rejects.toBeInstanceOf(WorktreeStateError);
    expect(await tipOf(repo, 'main')).toBe(mainTip);
  });

  it('refuses a worktree that is not on the task branch', async () => {
    await taskWith({ 'feature.txt': 'feature\n' });
    await git(worktreePath, 'checkout', '--quiet', '--detach');
    await expect(integrate()).rejects.toMatchObject({ reason: 'wrong-branch' });
  });

  it('answers a re-run after the worktree was removed from the branch alone', async () => {
    await taskWith({ 'feature.txt': 'feature\n' });
    const merged = await integrate();
    await removeWorktree({ repoPath: repo, worktreePath });
    expect(await integrate()).toEqual({ outcome: 'already-merged', commit: merged.outcome === 'merged' ? merged.commit : '' });
  });

  it('refuses a removed worktree whose branch is not merged', async () => {
    await taskWith({ 'feature.txt': 'feature\n' });
    await removeWorktree({ repoPath: repo, worktreePath });
    await expect(integrate()).rejects.toMatchObject({ reason: 'missing' });
  });

  it('moves main with update-ref when the main checkout is on another branch, leaving it alone', async () => {
    await git(repo, 'checkout', '--quiet', '-b', 'user-topic');
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' });
    expect(await integrate()).toEqual({ outcome: 'merged', method: 'fast-forward', commit: taskTip });
    expect(await tipOf(repo, 'main')).toBe(taskTip);
    expect(await git(repo, 'symbolic-ref', 'HEAD')).toBe('refs/heads/user-topic');
    expect(fs.existsSync(path.join(repo, 'feature.txt'))).toBe(false);
  });
});

describe('integrateBranch in a bare repository (main checked out nowhere)', () => {
  let bare: string;
  beforeEach(async () => {
    await git(dir, 'clone', '--quiet', '--bare', repo, 'bare.git');
    bare = path.join(dir, 'bare.git');
  });

  /** Adds a commit on main in the bare repository, as a push would. */
  async function pushToMain(files: Record<string, string>): Promise<string> {
    const clone = path.join(dir, 'clone');
    if (!fs.existsSync(clone)) await git(dir, 'clone', '--quiet', bare, 'clone');
    await git(clone, 'pull', '--quiet', '--ff-only');
    const tip = await commitFiles(clone, files);
    await git(clone, 'push', '--quiet', 'origin', 'main');
    return tip;
  }

  it('fast-forwards main', async () => {
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' }, bare);
    expect(await integrate(bare)).toEqual({ outcome: 'merged', method: 'fast-forward', commit: taskTip });
    expect(await tipOf(bare, 'main')).toBe(taskTip);
  });

  it('merges a moved main, then moves main to the merge; a re-run is already merged', async () => {
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' }, bare);
    const pushed = await pushToMain({ 'README.md': 'pushed\n' });
    const result = await integrate(bare);
    expect(result).toEqual({ outcome: 'merged', method: 'merge-commit', commit: await tipOf(bare, 'main') });
    expect(await git(bare, 'show', '-s', '--format=%P', 'main')).toBe(`${taskTip} ${pushed}`);
    expect(await integrate(bare)).toEqual({ outcome: 'already-merged', commit: await tipOf(bare, 'main') });
    expect(await mergeCount(bare)).toBe(1);
  });

  const bareMoveMain = [
    'tip=$(git rev-parse refs/heads/main) || exit 1',
    'new=$(git commit-tree -p "$tip" -m "pushed meanwhile" "$tip^{tree}") || exit 1',
    'git update-ref refs/heads/main "$new" "$tip"',
  ].join('\n');

  it('starts over once when main moves between the merge and the update', async () => {
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' }, bare);
    await pushToMain({ 'README.md': 'pushed\n' });
    moveMainAfterMerges(bare, bareMoveMain, true);
    expect(await integrate(bare)).toMatchObject({ outcome: 'merged', method: 'merge-commit' });
    expect(await git(bare, 'log', '--format=%s', 'main')).toContain('pushed meanwhile');
    expect(await git(bare, 'merge-base', '--is-ancestor', taskTip, 'main')).toBe('');
  });

  it('gives up clearly when main keeps moving, never rewinding it', async () => {
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' }, bare);
    await pushToMain({ 'README.md': 'pushed\n' });
    moveMainAfterMerges(bare, bareMoveMain, false);
    await expect(integrate(bare)).rejects.toBeInstanceOf(DefaultBranchMovedError);
    const subjects = (await git(bare, 'log', '--format=%s', 'main')).split('\n');
    expect(subjects.slice(0, 2)).toEqual(['pushed meanwhile', 'pushed meanwhile']);
    await expect(git(bare, 'merge-base', '--is-ancestor', taskTip, 'main')).rejects.toThrow();
  });
});
