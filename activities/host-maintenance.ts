import fs from 'node:fs';
import path from 'node:path';
import { dataPaths } from '../config/paths.js';
import { runGit } from '../git/run-git.js';
import { evictCache } from '../maintenance/evict-cache.js';
import { rotateLog } from '../maintenance/rotate-log.js';
import { trimLog } from '../maintenance/trim-log.js';
import type { HostLimits, HostMaintenanceReport, MaintenanceInput, TaskCleanup } from '../model/maintenance.js';
import type { TaskPlan } from '../model/task.js';
import { removeWorktree } from '../git/remove-worktree.js';
import { cleanUp, type HostDeps } from './worktree-activities.js';

// A task log untouched this long belongs to a finished iteration: it may be cut.
const QUIET_MS = 60 * 60_000;

function processLogs(logsDir: string): string[] {
  try {
    return fs
      .readdirSync(logsDir)
      .filter((name) => /^[\w.-]+\.log$/.test(name))
      .map((name) => path.join(logsDir, name));
  } catch {
    return [];
  }
}

function quietTaskLogs(tasksDir: string, now: number): string[] {
  const found: string[] = [];
  let tasks: string[];
  try {
    tasks = fs.readdirSync(tasksDir);
  } catch {
    return found;
  }
  for (const task of tasks) {
    const dir = path.join(tasksDir, task);
    let files: string[];
    try {
      files = fs.readdirSync(dir).filter((name) => name.endsWith('.log'));
    } catch {
      continue;
    }
    for (const name of files) {
      const file = path.join(dir, name);
      if (now - fs.statSync(file).mtimeMs > QUIET_MS) found.push(file);
    }
  }
  return found;
}

async function cleanUpOne(cleanup: TaskCleanup): Promise<{ removed: boolean; note: string }> {
  if (cleanup.reason === 'retention') {
    // Kept past the retention: its unmerged work goes with it.
    await removeWorktree({ repoPath: cleanup.repoPath, worktreePath: cleanup.worktreePath, deleteBranch: cleanup.branch, force: true });
    return { removed: true, note: 'kept past the retention: worktree and branch removed' };
  }
  const plan = { taskId: cleanup.taskId, title: cleanup.title, repoPath: cleanup.repoPath, defaultBranch: cleanup.defaultBranch, copyFiles: cleanup.copyFiles } as TaskPlan;
  const result = await cleanUp({
    plan,
    worktreePath: cleanup.worktreePath,
    branch: cleanup.branch,
    baseCommit: cleanup.baseCommit,
    merged: cleanup.merged,
    ending: cleanup.merged ? 'completed' : 'failed',
  });
  return { removed: result.removed, note: result.note };
}

/** Builds the host side of maintenance: worktrees, git metadata, logs and the cache of this host. */
export function createHostMaintenanceActivities(deps: HostDeps) {
  return {
    /**
     * Cleans up this host's listed worktrees (again, or past their retention), prunes the stale
     * worktree registrations of their repositories, rotates process logs, cuts quiet task logs to
     * head and tail, evicts the prompt cache; with `dryRun` only says what it would do.
     */
    async maintainHost(input: { cleanups: TaskCleanup[]; limits: HostLimits } & MaintenanceInput): Promise<HostMaintenanceReport> {
      const paths = dataPaths(deps.home);
      const report: HostMaintenanceReport = { hostId: deps.hostId, removedWorktrees: [], failedCleanups: [], prunedRepositories: 0, rotatedLogs: [], trimmedTaskLogs: [], evictedCacheBytes: 0 };
      const mine = input.cleanups.filter((cleanup) => cleanup.hostId === deps.hostId);
      for (const cleanup of mine) {
        if (input.dryRun) {
          report.removedWorktrees.push({ taskId: cleanup.taskId, worktreePath: cleanup.worktreePath, note: `would clean up (${cleanup.reason})` });
          continue;
        }
        try {
          const { removed, note } = await cleanUpOne(cleanup);
          if (removed) report.removedWorktrees.push({ taskId: cleanup.taskId, worktreePath: cleanup.worktreePath, note });
        } catch (err) {
          report.failedCleanups.push({ taskId: cleanup.taskId, error: (err as Error).message });
        }
      }
      for (const repoPath of new Set(mine.map((cleanup) => cleanup.repoPath))) {
        if (input.dryRun || !fs.existsSync(repoPath)) continue;
        await runGit(repoPath, ['worktree', 'prune']);
        report.prunedRepositories++;
      }
      if (input.only === 'worktrees' || input.dryRun) return report;
      for (const file of processLogs(paths.logs)) if (rotateLog(file, input.limits.logMaxBytes, input.limits.logKeep)) report.rotatedLogs.push(file);
      for (const file of quietTaskLogs(path.join(paths.logs, 'tasks'), Date.now())) if (trimLog(file, input.limits.taskLogMaxBytes)) report.trimmedTaskLogs.push(file);
      report.evictedCacheBytes = evictCache(paths.indexCache, input.limits.cacheMaxBytes);
      return report;
    },
  };
}

export type HostMaintenanceActivities = ReturnType<typeof createHostMaintenanceActivities>;
