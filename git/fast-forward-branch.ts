import { DefaultCheckoutBlockedError, GitError, NotFastForwardError } from './git-errors.js';
import { findCheckoutOf, listWorktrees } from './list-worktrees.js';
import { branchTip, currentBranch, isAncestor } from './read-refs.js';
import { runGit } from './run-git.js';

export interface FastForwardInput {
  repoPath: string;
  branch: string;
  /** The tip the caller saw; the move is refused if `branch` has since moved elsewhere. */
  from: string;
  /** The new tip; `from` must be one of its ancestors. */
  to: string;
  /** Reflog message of the move; starts with `ringmaster:`. */
  reason: string;
}

/** `advanced`: the branch now points at `to`. `moved`: someone else moved it first; nothing was changed. */
export type FastForwardOutcome = 'advanced' | 'moved';

// Another git process holds the checkout's lock (two tasks merging at the same moment): wait, then try again.
const LOCKED = /Unable to create '[^']*\.lock'|\.lock': File exists|Another git process seems to be running/;
const LOCK_WAIT_MS = 100;
const LOCK_TRIES = 30;

/** Runs git in `cwd`, trying again while another git process holds a lock there. */
async function runGitPastLocks(cwd: string, args: string[], env: Record<string, string>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runGit(cwd, args, { env });
      return;
    } catch (err) {
      if (!(err instanceof GitError) || !LOCKED.test(err.stderrTail) || attempt >= LOCK_TRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS));
    }
  }
}

/**
 * After a refused update, tells a lost race (`moved`) or someone else's identical move
 * (`advanced`) from a refusal that has another cause (`undefined`).
 */
async function afterRefusal(input: FastForwardInput, viaCheckout: boolean): Promise<FastForwardOutcome | undefined> {
  const now = await branchTip(input.repoPath, input.branch);
  if (now === input.to) return 'advanced';
  if (now === input.from) return undefined;
  // `merge --ff-only` starts from wherever the branch is now, so only a move off `to`'s history stopped it.
  if (viaCheckout && now && (await isAncestor(input.repoPath, now, input.to))) return undefined;
  return 'moved';
}

/**
 * Moves `branch` from `from` to `to`, fast-forward only, never forced. Where the branch is checked
 * out (usually the user's main checkout) it runs `git merge --ff-only` there, which also updates
 * the files and keeps the user's uncommitted changes; elsewhere a compare-and-swap `update-ref`.
 * Returns `moved` when the branch no longer is at `from` and cannot be fast-forwarded to `to`, or
 * its checkout switched to another branch meanwhile.
 * A checkout locked by another git process (another task's merge at the same moment) is waited
 * for, up to 3 seconds.
 * Throws `NotFastForwardError` when `to` does not contain `from`, `DefaultCheckoutBlockedError`
 * when the checkout refuses (changes in the way, a merge there in progress) and `GitError` for
 * other failures.
 */
export async function fastForwardBranch(input: FastForwardInput): Promise<FastForwardOutcome> {
  const { repoPath, branch, from, to, reason } = input;
  if (!(await isAncestor(repoPath, from, to))) throw new NotFastForwardError(branch, from, to);
  const checkout = findCheckoutOf(await listWorktrees(repoPath), branch);
  try {
    if (checkout) {
      // The user may have switched branches there since the listing: start over rather than move theirs.
      if ((await currentBranch(checkout.path)) !== branch) return 'moved';
      // The reflog entry says Ringmaster moved it (the repository guard tells its moves from an agent's).
      await runGitPastLocks(checkout.path, ['merge', '--ff-only', '--no-edit', to], { GIT_REFLOG_ACTION: reason });
      // `merge` also succeeds ("Already up to date") when the branch has meanwhile moved past `to`.
      return (await branchTip(repoPath, branch)) === to ? 'advanced' : 'moved';
    } else {
      await runGit(repoPath, ['update-ref', '-m', reason, `refs/heads/${branch}`, to, from]);
      return 'advanced';
    }
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    const outcome = await afterRefusal(input, checkout !== undefined);
    if (outcome) return outcome;
    if (checkout) throw new DefaultCheckoutBlockedError(checkout.path, branch, err.stderrTail);
    throw err;
  }
}
