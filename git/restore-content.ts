import { identityConfigArgs } from './commit-identity.js';
import { BranchNotFoundError, DefaultBranchMovedError } from './git-errors.js';
import { fastForwardBranch } from './fast-forward-branch.js';
import { branchTip } from './read-refs.js';
import { runGit } from './run-git.js';

const MAX_ATTEMPTS = 3;

/**
 * Puts the content of `goodCommit` back on `branch` without rewriting history: a new commit on
 * top of the branch's tip whose tree is `goodCommit`'s (a revert of everything since), then a
 * fast-forward of the branch (in its checkout, keeping the user's changes, or by
 * compare-and-swap). Returns the new commit, or undefined when the branch already has that
 * content. Starts over if the branch moves meanwhile (DefaultBranchMovedError after three
 * tries). Throws `BranchNotFoundError` and the errors of `fastForwardBranch`.
 */
export async function restoreContent(input: { repoPath: string; branch: string; goodCommit: string; message: string }): Promise<string | undefined> {
  const { repoPath, branch, goodCommit, message } = input;
  for (let attempt = 1; ; attempt++) {
    const tip = await branchTip(repoPath, branch);
    if (!tip) throw new BranchNotFoundError(repoPath, branch);
    const [goodTree, tipTree] = await Promise.all([goodCommit, tip].map(async (rev) => (await runGit(repoPath, ['rev-parse', `${rev}^{tree}`])).stdout.trim()));
    if (goodTree === tipTree) return undefined;
    const revert = (await runGit(repoPath, [...identityConfigArgs(), 'commit-tree', goodTree!, '-p', tip, '-F', '-'], { input: message })).stdout.trim();
    const outcome = await fastForwardBranch({ repoPath, branch, from: tip, to: revert, reason: 'ringmaster: roll back' });
    if (outcome === 'advanced') return revert;
    if (attempt >= MAX_ATTEMPTS) throw new DefaultBranchMovedError(branch, attempt);
  }
}
