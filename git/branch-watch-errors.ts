/** Where a branch watch failed while running: reading the tip, in the caller's onChange, or in the file watcher. */
export type BranchWatchStage = 'read-tip' | 'on-change' | 'watcher';

/**
 * Reported (never thrown) through `watchDefaultBranch`'s `onError` when something fails while
 * watching; the watch goes on. `cause` is the original error (a `GitError` for `read-tip`).
 */
export class BranchWatchError extends Error {
  override readonly name = 'BranchWatchError';
  constructor(
    readonly stage: BranchWatchStage,
    readonly repoPath: string,
    readonly branch: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`watching '${branch}' in ${repoPath}: ${stage} failed: ${why}`, { cause });
  }
}

/**
 * Thrown by `watchDefaultBranch` for a repository whose refs are not kept in files (e.g.
 * `extensions.refStorage = reftable`), where watching `refs/heads` would never see a change.
 */
export class UnsupportedRefStorageError extends Error {
  override readonly name = 'UnsupportedRefStorageError';
  constructor(
    readonly repoPath: string,
    readonly refStorage: string,
  ) {
    super(`${repoPath} keeps its refs in '${refStorage}' storage; only the 'files' ref storage can be watched for new commits`);
  }
}
