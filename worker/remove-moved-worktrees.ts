import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../config/logger.js';
import { taskBranchName } from '../git/branch-name.js';
import { removeWorktree } from '../git/remove-worktree.js';
import { runGit } from '../git/run-git.js';
import { isTaskId } from '../model/ids.js';

/** The task worktrees under a data dir's `worktrees/<project>/<taskId>` (integration and rollback ones, dot-named, left out). */
function taskWorktrees(worktreesDir: string): { taskId: string; dir: string }[] {
  const found: { taskId: string; dir: string }[] = [];
  for (const project of fs.existsSync(worktreesDir) ? fs.readdirSync(worktreesDir) : []) {
    const projectDir = path.join(worktreesDir, project);
    if (!fs.statSync(projectDir).isDirectory()) continue;
    for (const taskId of fs.readdirSync(projectDir)) if (!taskId.startsWith('.') && isTaskId(taskId)) found.push({ taskId, dir: path.join(projectDir, taskId) });
  }
  return found;
}

/**
 * On start, removes the worktrees (and local task branches) of tasks that went on on another host
 * while this one was lost: `movedAway` says which (the control plane's records). Their work is not
 * lost: the task went on from what this host had pushed. Returns the task ids whose worktree went;
 * a worktree it cannot remove is logged and left.
 */
export async function removeMovedWorktrees(input: { worktreesDir: string; movedAway: (taskIds: string[]) => Promise<string[]>; logger: Logger }): Promise<string[]> {
  const local = taskWorktrees(input.worktreesDir);
  const moved = new Set(await input.movedAway(local.map((w) => w.taskId)));
  const removed: string[] = [];
  for (const { taskId, dir } of local.filter((w) => moved.has(w.taskId))) {
    try {
      // The repository it belongs to (a mirror, or a checkout) is its common git dir.
      const common = (await runGit(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir'])).stdout.trim();
      const repoPath = path.basename(common) === '.git' ? path.dirname(common) : common;
      await removeWorktree({ repoPath, worktreePath: dir, deleteBranch: taskBranchName(taskId), force: true });
      removed.push(taskId);
    } catch (err) {
      input.logger.warn({ taskId, dir, err: (err as Error).message }, 'could not remove the worktree of a task that moved to another host');
    }
  }
  if (removed.length) input.logger.info({ removed }, 'removed the worktrees of tasks that moved to another host while this one was away');
  return removed;
}
