import fs from 'node:fs';
import path from 'node:path';
import { findWorktreeAt, listWorktrees } from './list-worktrees.js';
import { runGit } from './run-git.js';

/**
 * Creates a worktree at `worktreePath` with a detached HEAD at `commit` (no branch, so nothing is
 * left behind in the repository's branch list), replacing a worktree a crashed run left there.
 * Returns the worktree's path. Throws `GitError` when git fails.
 */
export async function createDetachedWorktree(input: { repoPath: string; worktreePath: string; commit: string }): Promise<string> {
  const { repoPath, worktreePath, commit } = input;
  const existing = findWorktreeAt(await listWorktrees(repoPath), worktreePath);
  if (existing && !existing.prunable) await runGit(repoPath, ['worktree', 'remove', '--force', existing.path]);
  await runGit(repoPath, ['worktree', 'prune']);
  fs.rmSync(worktreePath, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(worktreePath), { recursive: true });
  await runGit(repoPath, ['worktree', 'add', '--detach', worktreePath, commit]);
  return worktreePath;
}
