import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { commitAll } from '../../git/commit-all.js';
import { createWorktree } from '../../git/create-worktree.js';
import { mergeIntoWorktree } from '../../git/merge-into-worktree.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo, tipOf, writeFiles } from './test-repo.js';

// The merge queue's merge of a moved default branch into a task branch, in the task's worktree.

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

/** Creates the task worktree and commits `files` there as the agent's work; returns the task tip. */
async function taskWith(files: Record<string, string>): Promise<string> {
  ({ worktreePath } = await createWorktree({ repoPath: repo, worktreePath: path.join(dir, 'worktrees', 't1'), branch, baseBranch: 'main' }));
  writeFiles(worktreePath, files);
  return (await commitAll({ worktreePath, message: 'task work' })) as string;
}

async function mergeInProgress(): Promise<boolean> {
  return fs.existsSync(path.join(await git(worktreePath, 'rev-parse', '--absolute-git-dir'), 'MERGE_HEAD'));
}

describe('mergeIntoWorktree', () => {
  it('makes a merge commit of both tips with the message, as Ringmaster', async () => {
    const taskTip = await taskWith({ 'feature.txt': 'feature\n' });
    const mainTip = await commitFiles(repo, { 'README.md': 'moved\n' });
    const result = await mergeIntoWorktree(worktreePath, mainTip, message);
    expect(result).toEqual({ outcome: 'merged', commit: await tipOf(repo, branch) });
    expect(await git(repo, 'show', '-s', '--format=%P|%B|%cn', branch)).toBe(`${taskTip} ${mainTip}|${message}\n|Ringmaster`);
  });

  it('makes its merge commit even when the repository is configured for fast-forward merges only', async () => {
    await git(repo, 'config', 'merge.ff', 'only');
    await taskWith({ 'feature.txt': 'feature\n' });
    const mainTip = await commitFiles(repo, { 'README.md': 'moved\n' });
    expect(await mergeIntoWorktree(worktreePath, mainTip, message)).toMatchObject({ outcome: 'merged' });
  });

  it('reports conflicting files and leaves the branch and the worktree as they were', async () => {
    const taskTip = await taskWith({ 'app.txt': 'line 1\ntask line 2\nline 3\n', 'README.md': '# task readme\n' });
    const mainTip = await commitFiles(repo, { 'app.txt': 'line 1\nmain line 2\nline 3\n', 'README.md': '# main readme\n' });
    expect(await mergeIntoWorktree(worktreePath, mainTip, message)).toEqual({ outcome: 'conflict', conflictFiles: ['README.md', 'app.txt'] });
    expect(await tipOf(repo, branch)).toBe(taskTip);
    expect(await mergeInProgress()).toBe(false);
    expect(await git(worktreePath, 'status', '--porcelain')).toBe('');
    expect(fs.readFileSync(path.join(worktreePath, 'app.txt'), 'utf8')).toBe('line 1\ntask line 2\nline 3\n');
  });

  it('throws for a commit that does not exist, leaving no merge behind', async () => {
    await taskWith({ 'feature.txt': 'feature\n' });
    await expect(mergeIntoWorktree(worktreePath, 'f'.repeat(40), message)).rejects.toThrow(/merge/);
    expect(await mergeInProgress()).toBe(false);
  });
});
