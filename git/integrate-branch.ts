import fs from 'node:fs';
import { assertBranchName } from './branch-name.js';
import { BranchNotFoundError, DefaultBranchMovedError, WorktreeStateError } from './git-errors.js';
import { fastForwardBranch } from './fast-forward-branch.js';
import { mergeIntoWorktree } from './merge-into-worktree.js';
import { branchTip, currentBranch, isAncestor } from './read-refs.js';
import { runGit } from './run-git.js';
import { isDirty, operationInProgress } from './worktree-state.js';

export interface IntegrateBranchInput {
  repoPath: string;
  /** The task's worktree, checked out on `branch`. */
  worktreePath: string;
  branch: string;
  defaultBranch: string;
  /** Message of the merge commit made when the default branch has moved since the task started. */
  message: string;
}

export type IntegrateBranchResult =
  | { outcome: 'merged'; method: 'fast-forward' | 'merge-commit'; commit: string }
  | { outcome: 'already-merged'; commit: string }
  | { outcome: 'conflict'; conflictFiles: string[] };

/** Attempts before giving up on a default branch that keeps moving under us. */
const MAX_ATTEMPTS = 2;

/** Checks the worktree is on `branch`, clean, with no operation pending; aborts a merge a crashed run left. */
async function prepareWorktree({ worktreePath, branch }: IntegrateBranchInput): Promise<void> {
  // A merge can only be pending here if an earlier integration died before aborting it:
  // commitAll refuses to run during one, and integration only merges into a clean worktree.
  if ((await operationInProgress(worktreePath)) === 'merge') await runGit(worktreePath, ['merge', '--abort']);
  const operation = await operationInProgress(worktreePath);
  if (operation) {
    throw new WorktreeStateError(worktreePath, 'operation-in-progress', `a ${operation} is unfinished in ${worktreePath}; finish or abort it first`);
  }
  const onBranch = await currentBranch(worktreePath);
  if (onBranch !== branch) {
    throw new WorktreeStateError(worktreePath, 'wrong-branch', `${worktreePath} is on ${onBranch ? `'${onBranch}'` : 'a detached HEAD'}, not on '${branch}'`);
  }
  if (await isDirty(worktreePath)) {
    throw new WorktreeStateError(worktreePath, 'dirty', `${worktreePath} has uncommitted changes; commit them before integrating`);
  }
}

async function defaultTip(repoPath: string, defaultBranch: string): Promise<string> {
  const tip = await branchTip(repoPath, defaultBranch);
  if (!tip) throw new BranchNotFoundError(repoPath, defaultBranch);
  return tip;
}

/** Re-run after the worktree was removed: only an already-merged branch is a success then. */
async function integrateWithoutWorktree(input: IntegrateBranchInput): Promise<IntegrateBranchResult> {
  const { repoPath, worktreePath, branch, defaultBranch } = input;
  const target = await defaultTip(repoPath, defaultBranch);
  const tip = await branchTip(repoPath, branch);
  if (tip && (await isAncestor(repoPath, tip, target))) return { outcome: 'already-merged', commit: target };
  throw new WorktreeStateError(worktreePath, 'missing', `${worktreePath} does not exist and '${branch}' is not merged into '${defaultBranch}'`);
}

/**
 * Lands the task branch on the default branch without ever rewriting either. If the default
 * branch already contains the task branch, returns `already-merged` (so a re-run merges nothing
 * twice). Otherwise, if the default branch moved since the task started, merges it into the task
 * branch in the worktree (`merge-commit`); on conflicts aborts that merge and returns the files,
 * leaving branch and worktree as they were. Then fast-forwards the default branch to the task
 * branch: with `git merge --ff-only` in the checkout where it is checked out (keeping the user's
 * uncommitted changes), else with a compare-and-swap `update-ref`. If the default branch moves in
 * between, starts over once. Returns the new default tip as `commit`. A task branch without
 * commits of its own counts as already merged: check `worktreeChanges` first.
 *
 * Throws `WorktreeStateError` when the worktree is dirty, on another branch, mid-rebase or gone
 * (unless already merged), `BranchNotFoundError` without the default branch,
 * `DefaultCheckoutBlockedError` when the user's changes block the fast-forward,
 * `DefaultBranchMovedError` when the default branch kept moving, and `GitError` otherwise.
 */
export async function integrateBranch(input: IntegrateBranchInput): Promise<IntegrateBranchResult> {
  const { repoPath, worktreePath, branch, defaultBranch, message } = input;
  assertBranchName(branch);
  assertBranchName(defaultBranch);
  if (!fs.existsSync(worktreePath)) return integrateWithoutWorktree(input);
  await prepareWorktree(input);

  let mergeCommitMade = false;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const target = await defaultTip(repoPath, defaultBranch);
    let tip = await branchTip(repoPath, branch);
    if (!tip) throw new BranchNotFoundError(repoPath, branch);
    if (await isAncestor(repoPath, tip, target)) return { outcome: 'already-merged', commit: target };
    if (!(await isAncestor(repoPath, target, tip))) {
      const merge = await mergeIntoWorktree(worktreePath, target, message);
      if (merge.outcome === 'conflict') return merge;
      tip = merge.commit;
      mergeCommitMade = true;
    }
    const reason = `ringmaster: integrate ${branch}`;
    if ((await fastForwardBranch({ repoPath, branch: defaultBranch, from: target, to: tip, reason })) === 'advanced') {
      return { outcome: 'merged', method: mergeCommitMade ? 'merge-commit' : 'fast-forward', commit: tip };
    }
  }
  throw new DefaultBranchMovedError(defaultBranch, MAX_ATTEMPTS);
}
