import type { TaskCleanup } from '../model/maintenance.js';
import type { Project } from '../store/project-repository.js';
import type { TaskRecord } from '../store/task-repository.js';

/** A day in milliseconds. */
const DAY_MS = 24 * 60 * 60_000;

/**
 * The worktrees maintenance cleans up, pure: every task whose cleanup failed (tried again), and
 * every finished task whose kept worktree is older than `keepDays` and not pinned (its unmerged
 * work goes). Tasks without a host, a worktree or a project are skipped.
 */
export function selectCleanups(input: { failed: readonly TaskRecord[]; kept: readonly TaskRecord[]; projects: ReadonlyMap<string, Project>; now: number; keepDays: number }): TaskCleanup[] {
  const cutoff = input.now - input.keepDays * DAY_MS;
  const chosen: TaskCleanup[] = [];
  const add = (task: TaskRecord, reason: TaskCleanup['reason']) => {
    const project = input.projects.get(task.projectId);
    if (!project || !task.hostId || !task.worktreePath || !task.branch || !task.baseCommit) return;
    if (chosen.some((c) => c.taskId === task.id)) return;
    chosen.push({
      taskId: task.id,
      title: task.title,
      hostId: task.hostId,
      repoPath: project.repoPath,
      defaultBranch: project.defaultBranch,
      worktreePath: task.worktreePath,
      branch: task.branch,
      baseCommit: task.baseCommit,
      copyFiles: project.copyFiles,
      merged: task.status === 'completed',
      reason,
    });
  };
  for (const task of input.failed) add(task, 'cleanup-failed');
  for (const task of input.kept) {
    const finished = task.finishedAt ? Date.parse(task.finishedAt) : NaN;
    if (!task.pinned && task.worktreeKept && finished < cutoff) add(task, 'retention');
  }
  return chosen;
}
