import { identityConfigArgs } from './commit-identity.js';
import { createDetachedWorktree } from './detached-worktree.js';
import { fastForwardBranch } from './fast-forward-branch.js';
import { BranchNotFoundError, DefaultBranchMovedError, RevertConflictError } from './git-errors.js';
import { branchTip, isAncestor } from './read-refs.js';
import { removeWorktree } from './remove-worktree.js';
import { runGit } from './run-git.js';

const MAX_ATTEMPTS = 3;

export interface RevertRangeInput {
  repoPath: string;
  branch: string;
  /** The content before the failed change (the last good release, or the tip before the merge). */
  from: string;
  /** The failed change's last commit. */
  to: string;
  message: string;
  /** A scratch worktree is made (and removed) here. */
  workDir: string;
}

/** What a revert did: nothing (nothing to undo, or the change is not on the branch), or a new commit. */
export type RevertOutcome = { kind: 'nothing'; why: string } | { kind: 'reverted'; commit: string; onto: string };

async function treeOf(repoPath: string, rev: string): Promise<string> {
  return (await runGit(repoPath, ['rev-parse', `${rev}^{tree}`])).stdout.trim();
}

/**
 * Undoes the change `from..to` on `branch` without touching what landed after it: the inverse of
 * that change is merged onto the branch's tip (git merge-recursive with `to` as the base, the
 * same three-way merge `git revert` does), committed on top and fast-forwarded (never forced).
 * Starts over when the branch moves meanwhile. Throws RevertConflictError, the branch untouched,
 * when later commits changed the same lines; BranchNotFoundError; DefaultBranchMovedError after
 * three moves; the errors of fastForwardBranch.
 */
export async function revertRange(input: RevertRangeInput): Promise<RevertOutcome> {
  const { repoPath, branch, from, to, message, workDir } = input;
  if ((await treeOf(repoPath, from)) === (await treeOf(repoPath, to))) return { kind: 'nothing', why: 'the change left the content as it was' };
  for (let attempt = 1; ; attempt++) {
    const tip = await branchTip(repoPath, branch);
    if (!tip) throw new BranchNotFoundError(repoPath, branch);
    if (!(await isAncestor(repoPath, to, tip))) return { kind: 'nothing', why: `${to.slice(0, 12)} is not on ${branch}` };
    await createDetachedWorktree({ repoPath, worktreePath: workDir, commit: tip });
    let revert: string;
    try {
      const merged = await runGit(workDir, ['merge-recursive', to, '--', 'HEAD', from], { okExitCodes: [1] });
      if (merged.exitCode !== 0) {
        const conflicts = (await runGit(workDir, ['diff', '--name-only', '--diff-filter=U'])).stdout.split('\n').filter(Boolean);
        throw new RevertConflictError(branch, from, to, conflicts);
      }
      const tree = (await runGit(workDir, ['write-tree'])).stdout.trim();
      if (tree === (await treeOf(repoPath, tip))) return { kind: 'nothing', why: `${branch} no longer holds the change` };
      revert = (await runGit(repoPath, [...identityConfigArgs(), 'commit-tree', tree, '-p', tip, '-F', '-'], { input: message })).stdout.trim();
    } finally {
      await removeWorktree({ repoPath, worktreePath: workDir });
    }
    const outcome = await fastForwardBranch({ repoPath, branch, from: tip, to: revert, reason: `ringmaster: roll back ${to.slice(0, 12)}` });
    if (outcome === 'advanced') return { kind: 'reverted', commit: revert, onto: tip };
    if (attempt >= MAX_ATTEMPTS) throw new DefaultBranchMovedError(branch, attempt);
  }
}
