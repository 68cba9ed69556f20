import { Type } from 'typebox';
import { TASK_STATUSES } from '../../model/task-status.js';

export const MaintenanceBody = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'Say what would be done, do nothing' })),
    only: Type.Optional(Type.Literal('worktrees', { description: 'Only the worktrees: no backup, logs or cache' })),
  },
  { additionalProperties: false },
);

const HostReport = Type.Object({
  hostId: Type.String(),
  removedWorktrees: Type.Array(Type.Object({ taskId: Type.String(), worktreePath: Type.String(), note: Type.String() })),
  failedCleanups: Type.Array(Type.Object({ taskId: Type.String(), error: Type.String() })),
  prunedRepositories: Type.Integer(),
  rotatedLogs: Type.Array(Type.String()),
  trimmedTaskLogs: Type.Array(Type.String()),
  evictedCacheBytes: Type.Integer(),
});

export const MaintenanceReportView = Type.Object({
  dryRun: Type.Boolean(),
  backup: Type.Union([Type.Object({ file: Type.String(), removed: Type.Array(Type.String()) }), Type.Null()]),
  hosts: Type.Array(HostReport),
  unreachableHosts: Type.Array(Type.String()),
  expiredIdempotencyKeys: Type.Integer(),
});

export const WorktreeView = Type.Object({
  taskId: Type.String(),
  title: Type.String(),
  projectName: Type.String(),
  hostId: Type.String(),
  worktreePath: Type.String(),
  branch: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum([...TASK_STATUSES]),
  kept: Type.Boolean({ description: 'Held after the task ended, because it has unmerged work' }),
  pinned: Type.Boolean(),
  cleanupError: Type.Union([Type.String(), Type.Null()]),
  removableAfter: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When maintenance removes it (kept and not pinned)' }),
});

export const WorktreeQuery = Type.Object({ project: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false });

export const PruneBody = Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
