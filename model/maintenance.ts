/** Input of `maintenanceWorkflow` (the hourly schedule starts it with none). */
export interface MaintenanceInput {
  /** Say what would be done, do nothing. */
  dryRun?: boolean;
  /** Only the worktrees (`worktree prune`): no backup, no logs, no cache. */
  only?: 'worktrees';
}

/** A task worktree that maintenance removes or cleans up again, with what its cleanup needs. */
export interface TaskCleanup {
  taskId: string;
  title: string;
  hostId: string;
  repoPath: string;
  defaultBranch: string;
  worktreePath: string;
  branch: string;
  baseCommit: string;
  copyFiles: string[];
  /** The task's work reached the default branch (a completed task). */
  merged: boolean;
  /** Why: an earlier cleanup failed, or a kept worktree outlived the retention. */
  reason: 'cleanup-failed' | 'retention';
}

/** The limits hosts keep their files to (from the control plane's settings). */
export interface HostLimits {
  /** A process log (worker.log, api.log, temporal.log) past this is rotated. */
  logMaxBytes: number;
  /** Rotated logs kept per process. */
  logKeep: number;
  /** A finished task's log past this keeps only its head and tail. */
  taskLogMaxBytes: number;
  /** The prompt index cache is evicted, oldest first, down to this. */
  cacheMaxBytes: number;
}

/** What maintenance did on one host. */
export interface HostMaintenanceReport {
  hostId: string;
  removedWorktrees: { taskId: string; worktreePath: string; note: string }[];
  failedCleanups: { taskId: string; error: string }[];
  prunedRepositories: number;
  rotatedLogs: string[];
  trimmedTaskLogs: string[];
  evictedCacheBytes: number;
}

/** What `maintenanceWorkflow` returns. */
export interface MaintenanceReport {
  dryRun: boolean;
  backup: { file: string; removed: string[] } | null;
  hosts: HostMaintenanceReport[];
  /** Hosts that did not answer (not running): their part is left for the next run. */
  unreachableHosts: string[];
  expiredIdempotencyKeys: number;
}

/** The Temporal Schedule that runs maintenance. */
export const MAINTENANCE_SCHEDULE_ID = 'ringmaster-maintenance';
