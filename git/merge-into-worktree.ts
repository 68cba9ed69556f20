import { identityConfigArgs } from './commit-identity.js';
import { GitError } from './git-errors.js';
import { resolveCommit } from './read-refs.js';
import { runGit } from './run-git.js';

export type WorktreeMergeResult = { outcome: 'merged'; commit: string } | { outcome: 'conflict'; conflictFiles: string[] };

/** Returns the paths git could not merge by itself (unmerged index entries), sorted. */
async function unmergedFiles(worktreePath: string): Promise<string[]> {
  const { stdout } = await runGit(worktreePath, ['diff', '--name-only', '--diff-filter=U', '-z']);
  return stdout
    .split('\0')
    .filter((file) => file !== '')
    .sort();
}

/**
 * Merges `commit` into the branch checked out at `worktreePath` with a merge commit carrying
 * `message`, and returns that commit. On conflicts it aborts the merge, leaving the worktree and
 * branch as they were, and returns the conflicting files. The worktree must be clean. Throws
 * `GitError` for any other failure (after aborting a merge it had started).
 */
export async function mergeIntoWorktree(worktreePath: string, commit: string, message: string): Promise<WorktreeMergeResult> {
  try {
    // --no-ff so a `merge.ff=only` setting cannot refuse; the caller merges only diverged histories.
    await runGit(worktreePath, [...identityConfigArgs(), 'merge', '--no-ff', '--no-edit', '--no-rerere-autoupdate', '-m', message, commit]);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    const conflictFiles = await unmergedFiles(worktreePath);
    if (await resolveCommit(worktreePath, 'MERGE_HEAD')) await runGit(worktreePath, ['merge', '--abort']);
    if (conflictFiles.length > 0) return { outcome: 'conflict', conflictFiles };
    throw err;
  }
  return { outcome: 'merged', commit: (await runGit(worktreePath, ['rev-parse', 'HEAD'])).stdout.trim() };
}
