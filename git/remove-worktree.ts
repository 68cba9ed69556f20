import { assertBranchName } from './branch-name.js';
import { BranchNotMergedError, GitError } from './git-errors.js';
import { findWorktreeAt, isHalfAdded, listWorktrees } from './list-worktrees.js';
import { branchTip } from './read-refs.js';
import { runGit } from './run-git.js';

export interface RemoveWorktreeInput {
  repoPath: string;
  worktreePath: string;
  /** Also delete this branch (normally the task branch) once the worktree is gone. */
  deleteBranch?: string;
  /** Delete the branch even when git does not see it merged into HEAD (`git branch -D`). */
  force?: boolean;
}

export interface RemoveWorktreeResult {
  /** False when no worktree was registered there any more (a re-run). */
  worktreeRemoved: boolean;
  /** False when no branch was asked for or it no longer existed. */
  branchDeleted: boolean;
}

/**
 * Removes the worktree at `worktreePath` with `git worktree remove --force`, discarding anything
 * uncommitted there, so call it only once its work is merged or abandoned; then prunes stale
 * registrations and deletes `deleteBranch` if asked (`git branch -d`, or `-D` with `force`).
 * Already-removed worktrees and branches are fine. A folder at the path that is not a registered
 * worktree is left alone. Throws `BranchNotMergedError` when `-d` refuses an unmerged branch,
 * `InvalidBranchNameError` for an unusable name and `GitError` for other failures.
 */
export async function removeWorktree(input: RemoveWorktreeInput): Promise<RemoveWorktreeResult> {
  const { repoPath, worktreePath, deleteBranch, force = false } = input;
  if (deleteBranch !== undefined) assertBranchName(deleteBranch);
  const entry = findWorktreeAt(await listWorktrees(repoPath), worktreePath);
  const live = entry && !entry.prunable ? entry : undefined;
  if (live) {
    // A second --force also clears the lock a killed `git worktree add` left; other locks are respected.
    const forceFlags = isHalfAdded(live) ? ['--force', '--force'] : ['--force'];
    await runGit(repoPath, ['worktree', 'remove', ...forceFlags, live.path]);
  }
  await runGit(repoPath, ['worktree', 'prune']);

  if (deleteBranch === undefined || !(await branchTip(repoPath, deleteBranch))) return { worktreeRemoved: live !== undefined, branchDeleted: false };
  try {
    await runGit(repoPath, ['branch', force ? '-D' : '-d', '--', deleteBranch]);
  } catch (err) {
    if (err instanceof GitError && /not fully merged/.test(err.stderrTail)) throw new BranchNotMergedError(deleteBranch, err.stderrTail);
    throw err;
  }
  return { worktreeRemoved: live !== undefined, branchDeleted: true };
}
