import { runGit } from './run-git.js';

/** Returns the commit `rev` names in the repository at `cwd`, or undefined when it names none. */
export async function resolveCommit(cwd: string, rev: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { okExitCodes: [1] });
  return exitCode === 0 ? stdout.trim() : undefined;
}

/** Returns the tip of local branch `branch`, or undefined when it does not exist. */
export function branchTip(cwd: string, branch: string): Promise<string | undefined> {
  return resolveCommit(cwd, `refs/heads/${branch}`);
}

/**
 * Returns true when local branch `branch` exists in the repository at `repoPath`. Throws `GitError`
 * when `repoPath` is not a repository.
 */
export async function branchExists(repoPath: string, branch: string): Promise<boolean> {
  const { exitCode } = await runGit(repoPath, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { okExitCodes: [1] });
  return exitCode === 0;
}

/** Returns true when commit `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
  const { exitCode } = await runGit(cwd, ['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [1] });
  return exitCode === 0;
}

/** Returns the best common ancestor of two commits, or undefined when they share no history. */
export async function mergeBase(cwd: string, a: string, b: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(cwd, ['merge-base', a, b], { okExitCodes: [1] });
  return exitCode === 0 ? stdout.trim() : undefined;
}

/** Returns the short name of the branch checked out at `cwd`, or undefined when HEAD is detached. */
export async function currentBranch(cwd: string): Promise<string | undefined> {
  // The full ref, not --short, which prints `heads/x` when a tag is also called x.
  const { stdout, exitCode } = await runGit(cwd, ['symbolic-ref', '--quiet', 'HEAD'], { okExitCodes: [1] });
  const ref = stdout.trim();
  return exitCode === 0 && ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}
