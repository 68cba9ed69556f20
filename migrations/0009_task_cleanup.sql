-- Why the last cleanup of a task's worktree failed (null: it did not, or nothing was left to clean).
-- The task still reaches its final status; maintenance tries the cleanup again.
ALTER TABLE tasks ADD COLUMN cleanup_error TEXT;
