import { authorEnv, identityConfigArgs, type GitIdentity } from './commit-identity.js';
import { WorktreeStateError } from './git-errors.js';
import { runGit } from './run-git.js';
import { operationInProgress } from './worktree-state.js';

export interface CommitAllInput {
  worktreePath: string;
  /** Stored exactly as given: no comment stripping, no whitespace cleanup. */
  message: string;
  /** Author of the commit; Ringmaster by default. The committer is always Ringmaster. */
  author?: GitIdentity;
}

/**
 * Stages every change in the worktree, untracked files included (.gitignore respected), and
 * commits it. Returns the new commit, or undefined when there was nothing to commit (so a re-run
 * after a crash commits nothing twice). Throws `WorktreeStateError` when a merge, rebase,
 * cherry-pick or revert is unfinished there, and `GitError` when git fails (e.g. a hook refuses).
 */
export async function commitAll({ worktreePath, message, author }: CommitAllInput): Promise<string | undefined> {
  const operation = await operationInProgress(worktreePath);
  if (operation) {
    throw new WorktreeStateError(worktreePath, 'operation-in-progress', `a ${operation} is unfinished in ${worktreePath}; finish or abort it first`);
  }
  await runGit(worktreePath, ['add', '--all']);
  const staged = await runGit(worktreePath, ['diff', '--cached', '--quiet'], { okExitCodes: [1] });
  if (staged.exitCode === 0) return undefined;
  // The message goes through stdin, so no character of it is ever an argument or shell syntax.
  await runGit(worktreePath, [...identityConfigArgs(), 'commit', '--quiet', '--cleanup=verbatim', '--file=-'], {
    input: message,
    ...(author ? { env: authorEnv(author) } : {}),
  });
  return (await runGit(worktreePath, ['rev-parse', 'HEAD'])).stdout.trim();
}
