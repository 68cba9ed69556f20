import fs from 'node:fs';
import path from 'node:path';
import { runGit } from './run-git.js';

/** A multi-step git operation left unfinished in a worktree. */
export type GitOperation = 'merge' | 'rebase' | 'cherry-pick' | 'revert';

// Files git keeps in a worktree's own git dir while an operation waits for the user.
const MARKERS: ReadonlyArray<[string, GitOperation]> = [
  ['MERGE_HEAD', 'merge'],
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['REVERT_HEAD', 'revert'],
];

/** Returns the unfinished operation in the worktree at `worktreePath`, or undefined. Throws `GitError` outside a repository. */
export async function operationInProgress(worktreePath: string): Promise<GitOperation | undefined> {
  const gitDir = (await runGit(worktreePath, ['rev-parse', '--absolute-git-dir'])).stdout.trim();
  return MARKERS.find(([marker]) => fs.existsSync(path.join(gitDir, marker)))?.[1];
}

/**
 * Returns true when the worktree at `worktreePath` has staged, unstaged or untracked changes
 * (files matched by .gitignore do not count). Throws `GitError` outside a repository.
 */
export async function isDirty(worktreePath: string): Promise<boolean> {
  const { stdout } = await runGit(worktreePath, ['status', '--porcelain', '-z', '--untracked-files=normal']);
  return stdout.length > 0;
}
