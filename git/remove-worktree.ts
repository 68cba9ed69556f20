import { assertBranchName } from './branch-name.js';
import { BranchNotMergedError, GitError, WorktreeStateError } from './git-errors.js';
import { findWorktreeAt, isHalfAdded, listWorktrees } from './list-worktrees.js';
import { branchTip, isAncestor } from './read-refs.js';
import { runGit } from './run-git.js';

export interface RemoveWorktreeInput {
  repoPath: string;
  worktreePath: string;
  /** Also delete this branch (normally the task branch) once the worktree is gone. */
  deleteBranch?: string;
  /** Delete the branch even when it holds unmerged work (`git branch -D`). */
  force?: boolean;
  /**
   * The branch its work must be merged into before it may go (the default branch). Without it,
   * git's `-d` judges against the HEAD of `repoPath`'s checkout, which may be on any branch.
   */
  mergedInto?: string;
}

export interface RemoveWorktreeResult {
  /** False when no worktree was registered there any more (a re-run). */
  worktreeRemoved: boolean;
  /** False when no branch was asked for or it no longer existed. */
  branchDeleted: boolean;
}

/**
 * Removes the worktree at `worktreePath` with `git worktree remove --force`, discarding anything
 * uncommitted there, so call it only once its work is merged or abandoned (a registration whose
 * folder is gone is pruned instead); then deletes `deleteBranch` if asked (`git branch -d`, or `-D` with `force`, or
 * after checking it is merged into `mergedInto`).
 * Already-removed worktrees and branches are fine. A folder at the path that is not a registered
 * worktree is left alone. Throws `WorktreeStateError` (locked) for a worktree someone locked,
 * `BranchNotMergedError` when the branch holds unmerged work,
 * `InvalidBranchNameError` for an unusable name and `GitError` for other failures.
 */
export async function removeWorktree(input: RemoveWorktreeInput): Promise<RemoveWorktreeResult> {
  const { repoPath, worktreePath, deleteBranch, force = false } = input;
  if (deleteBranch !== undefined) assertBranchName(deleteBranch);
  const entry = findWorktreeAt(await listWorktrees(repoPath), worktreePath);
  const live = entry && !entry.prunable ? entry : undefined;
  if (live?.locked && !isHalfAdded(live)) {
    throw new WorktreeStateError(live.path, 'locked', `the worktree ${live.path} is locked${live.lockReason ? ` (${live.lockReason})` : ''}: unlock it (git worktree unlock) to let it go`);
  }
  if (live) {
    // A second --force also clears the lock a killed `git worktree add` left; other locks are respected.
    const forceFlags = isHalfAdded(live) ? ['--force', '--force'] : ['--force'];
    await runGit(repoPath, ['worktree', 'remove', ...forceFlags, live.path]);
  } else {
    // `worktree remove` deregisters what it removes; a registration whose folder is gone needs a prune.
    await runGit(repoPath, ['worktree', 'prune']);
  }

  const tip = deleteBranch === undefined ? undefined : await branchTip(repoPath, deleteBranch);
  if (deleteBranch === undefined || !tip) return { worktreeRemoved: live !== undefined, branchDeleted: false };
  if (!force && input.mergedInto !== undefined) {
    const target = await branchTip(repoPath, input.mergedInto);
    if (!target || !(await isAncestor(repoPath, tip, target))) {
      throw new BranchNotMergedError(deleteBranch, `${deleteBranch} is not merged into ${input.mergedInto}`);
    }
    // Merged where it counts: -D, since -d would compare with whatever the checkout has out.
    await runGit(repoPath, ['branch', '-D', '--', deleteBranch]);
    return { worktreeRemoved: live !== undefined, branchDeleted: true };
  }
  try {
    await runGit(repoPath, ['branch', force ? '-D' : '-d', '--', deleteBranch]);
  } catch (err) {
    if (err instanceof GitError && /not fully merged/.test(err.stderrTail)) throw new BranchNotMergedError(deleteBranch, err.stderrTail);
    throw err;
  }
  return { worktreeRemoved: live !== undefined, branchDeleted: true };
}
