-- A task can run again after it failed (POST /api/tasks/:id/retry): how many runs it had. Pinned
-- tasks keep their worktree and branch past RINGMASTER_KEEP_WORKTREES_DAYS.
ALTER TABLE tasks ADD COLUMN runs INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tasks ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
