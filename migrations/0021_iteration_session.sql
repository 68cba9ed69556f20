-- The agent's session (conversation) id an iteration ran in, when its CLI reports one, and whether
-- the iteration continued the previous one's session instead of starting afresh.
ALTER TABLE task_iterations ADD COLUMN session_id TEXT;
ALTER TABLE task_iterations ADD COLUMN resumed INTEGER NOT NULL DEFAULT 0;
