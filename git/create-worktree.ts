import fs from 'node:fs';
import path from 'node:path';
import { assertBranchName } from './branch-name.js';
import { canonicalPath } from './canonical-path.js';
import { BranchNotFoundError, WorktreeConflictError } from './git-errors.js';
import { findCheckoutOf, findWorktreeAt, isHalfAdded, listWorktrees, type WorktreeEntry } from './list-worktrees.js';
import { branchTip, mergeBase } from './read-refs.js';
import { runGit } from './run-git.js';

export interface CreateWorktreeInput {
  repoPath: string;
  /** Where the worktree goes (outside the repository); missing parent folders are created. */
  worktreePath: string;
  /** The task branch, e.g. `ringmaster/<taskId>`. */
  branch: string;
  /** The branch a new task branch starts from: the project's default branch. */
  baseBranch: string;
}

export interface CreateWorktreeResult {
  /** The worktree's absolute path with symlinks resolved (as git records it). */
  worktreePath: string;
  branch: string;
  /** The commit of `baseBranch` the task branch started from (their merge base). */
  baseCommit: string;
  /** False when the worktree already existed on `branch` (a re-run). */
  created: boolean;
}

/** True when something is at `target` that `git worktree add` would refuse (anything but an empty folder). */
function pathTaken(target: string): boolean {
  try {
    return !fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0;
  } catch {
    return false;
  }
}

async function baseCommitOf(repoPath: string, branch: string, baseBranch: string): Promise<string> {
  const base = await mergeBase(repoPath, `refs/heads/${baseBranch}`, `refs/heads/${branch}`);
  if (!base) throw new WorktreeConflictError(repoPath, branch, `branch '${branch}' shares no history with '${baseBranch}'`);
  return base;
}

function describeEntry(entry: WorktreeEntry): string {
  return entry.branch ? `on branch '${entry.branch}'` : entry.bare ? 'the bare repository' : 'with a detached HEAD';
}

/** Drops stale registrations (folder gone) and half-made worktrees of `branch` at `target`. */
async function clearLeftovers(repoPath: string, target: string, branch: string): Promise<WorktreeEntry[]> {
  let entries = await listWorktrees(repoPath);
  const entry = findWorktreeAt(entries, target);
  if (entry && !entry.prunable && entry.branch === branch && isHalfAdded(entry)) {
    await runGit(repoPath, ['worktree', 'remove', '--force', '--force', entry.path]);
    entries = await listWorktrees(repoPath);
  }
  if (entries.some((e) => e.prunable)) {
    await runGit(repoPath, ['worktree', 'prune']);
    entries = await listWorktrees(repoPath);
  }
  return entries;
}

/**
 * Creates a worktree at `worktreePath` on a new branch `branch` started from `baseBranch`, or
 * returns the existing one (`created: false`) when a previous run made it. When the branch exists
 * but its worktree is gone (a crash between steps, a deleted folder), checks the branch out there
 * again. Throws `BranchNotFoundError` when `baseBranch` does not exist, `WorktreeConflictError`
 * when the path holds something else or the branch is checked out elsewhere (nothing is changed
 * then), `InvalidBranchNameError` for unusable names and `GitError` when git fails.
 */
export async function createWorktree(input: CreateWorktreeInput): Promise<CreateWorktreeResult> {
  const { repoPath, branch, baseBranch } = input;
  assertBranchName(branch);
  assertBranchName(baseBranch);
  const target = canonicalPath(input.worktreePath);
  const entries = await clearLeftovers(repoPath, target, branch);
  const baseTip = await branchTip(repoPath, baseBranch);
  if (!baseTip) throw new BranchNotFoundError(repoPath, baseBranch);

  const existing = findWorktreeAt(entries, target);
  if (existing) {
    if (!fs.existsSync(target)) {
      // Only a locked registration survives `git worktree prune` (git never calls it prunable); unlocking is the owner's call.
      throw new WorktreeConflictError(target, branch, `${target} is registered as a locked worktree but its folder is gone; run \`git worktree unlock\` on it`);
    }
    if (existing.branch !== branch) {
      throw new WorktreeConflictError(target, branch, `${target} is already a worktree ${describeEntry(existing)}, not on '${branch}'`);
    }
    return { worktreePath: target, branch, baseCommit: await baseCommitOf(repoPath, branch, baseBranch), created: false };
  }
  if (pathTaken(target)) {
    throw new WorktreeConflictError(target, branch, `${target} already exists and is not a worktree of this repository; move it away first`);
  }
  const elsewhere = findCheckoutOf(entries, branch);
  if (elsewhere) {
    throw new WorktreeConflictError(target, branch, `branch '${branch}' is already checked out in ${elsewhere.path}`);
  }

  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (await branchTip(repoPath, branch)) {
    const baseCommit = await baseCommitOf(repoPath, branch, baseBranch);
    await runGit(repoPath, ['worktree', 'add', target, branch]);
    return { worktreePath: target, branch, baseCommit, created: true };
  }
  // Start from the commit, not the name, so `baseCommit` is exactly what the branch started at.
  await runGit(repoPath, ['worktree', 'add', '-b', branch, target, baseTip]);
  return { worktreePath: target, branch, baseCommit: baseTip, created: true };
}
