import { authorEnv, identityConfigArgs, type GitIdentity } from './commit-identity.js';
import { ForbiddenFileError, WorktreeStateError } from './git-errors.js';
import { runGit } from './run-git.js';
import { operationInProgress } from './worktree-state.js';

export interface CommitAllInput {
  worktreePath: string;
  /** Stored exactly as given: no comment stripping, no whitespace cleanup. */
  message: string;
  /** Author of the commit; Ringmaster by default. The committer is always Ringmaster. */
  author?: GitIdentity;
  /** Paths that must never be committed (copied files such as .env, and what is under them). */
  forbidden?: readonly string[];
  /** `refuse` (default): throw ForbiddenFileError; `leave-out`: commit everything else (a WIP commit that must not fail). */
  onForbidden?: 'refuse' | 'leave-out';
}

/**
 * Stages every change in the worktree, untracked files included (.gitignore respected), and
 * commits it. Returns the new commit, or undefined when there was nothing to commit (so a re-run
 * after a crash commits nothing twice). Throws `WorktreeStateError` when a merge, rebase,
 * cherry-pick or revert is unfinished there, `ForbiddenFileError` (nothing committed) when a
 * forbidden path would be, and `GitError` when git fails.
 */
export async function commitAll({ worktreePath, message, author, forbidden = [], onForbidden = 'refuse' }: CommitAllInput): Promise<string | undefined> {
  const operation = await operationInProgress(worktreePath);
  if (operation) {
    throw new WorktreeStateError(worktreePath, 'operation-in-progress', `a ${operation} is unfinished in ${worktreePath}; finish or abort it first`);
  }
  await runGit(worktreePath, ['add', '--all']);
  if (forbidden.length) {
    const names = (await runGit(worktreePath, ['diff', '--cached', '--name-only', '-z'])).stdout.split('\0').filter(Boolean);
    const caught = names.filter((name) => forbidden.some((file) => name === file || name.startsWith(`${file}/`)));
    if (caught.length && onForbidden === 'refuse') {
      await runGit(worktreePath, ['reset', '--quiet']);
      throw new ForbiddenFileError(worktreePath, caught);
    }
    if (caught.length) await runGit(worktreePath, ['reset', '--quiet', '--', ...caught]);
  }
  const staged = await runGit(worktreePath, ['diff', '--cached', '--quiet'], { okExitCodes: [1] });
  if (staged.exitCode === 0) return undefined;
  // The message goes through stdin, so no character of it is ever an argument or shell syntax.
  await runGit(worktreePath, [...identityConfigArgs(), 'commit', '--quiet', '--cleanup=verbatim', '--file=-'], {
    input: message,
    ...(author ? { env: authorEnv(author) } : {}),
  });
  return (await runGit(worktreePath, ['rev-parse', 'HEAD'])).stdout.trim();
}
