import { canonicalPath } from './canonical-path.js';
import { parseWorktreeList, type WorktreeEntry } from './parse-worktree-list.js';
import { runGit } from './run-git.js';

export type { WorktreeEntry } from './parse-worktree-list.js';

/**
 * Returns every worktree of the repository at `repoPath`, the main one first. Throws `GitError`
 * when `repoPath` is not a repository.
 */
export async function listWorktrees(repoPath: string): Promise<WorktreeEntry[]> {
  const { stdout } = await runGit(repoPath, ['worktree', 'list', '--porcelain']);
  return parseWorktreeList(stdout);
}

/** Returns the entry registered at `worktreePath` (compared with symlinks resolved), if any. */
export function findWorktreeAt(entries: readonly WorktreeEntry[], worktreePath: string): WorktreeEntry | undefined {
  const wanted = canonicalPath(worktreePath);
  return entries.find((entry) => canonicalPath(entry.path) === wanted);
}

// While `git worktree add` runs, git locks the new worktree with this reason; a lock still
// holding it means that run was killed half way.
const ADD_IN_PROGRESS_LOCK = 'initializing';

/** Returns true for a worktree whose `git worktree add` was killed before it finished. */
export function isHalfAdded(entry: WorktreeEntry): boolean {
  return entry.locked && entry.lockReason === ADD_IN_PROGRESS_LOCK;
}

/** Returns the live (not bare, not prunable) worktree where `branch` is checked out, if any. */
export function findCheckoutOf(entries: readonly WorktreeEntry[], branch: string): WorktreeEntry | undefined {
  return entries.find((entry) => entry.branch === branch && !entry.bare && !entry.prunable);
}
