import { isDirty } from './worktree-state.js';
import { runGit } from './run-git.js';

export interface WorktreeChangesInput {
  worktreePath: string;
  /** The commit the task branch started from (`createWorktree`'s `baseCommit`). */
  baseCommit: string;
}

export interface WorktreeChanges {
  /** Uncommitted or untracked changes exist (files matched by .gitignore do not count). */
  dirty: boolean;
  /** Commits on the worktree's HEAD that `baseCommit` does not have. */
  commitsAhead: number;
}

/** Returns what a task has changed in its worktree so far. Throws `GitError` when git fails (e.g. not a worktree). */
export async function worktreeChanges({ worktreePath, baseCommit }: WorktreeChangesInput): Promise<WorktreeChanges> {
  const dirty = await isDirty(worktreePath);
  const { stdout } = await runGit(worktreePath, ['rev-list', '--count', `${baseCommit}..HEAD`]);
  return { dirty, commitsAhead: Number.parseInt(stdout.trim(), 10) };
}
