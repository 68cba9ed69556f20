-- Work offered to external workers (agent `external`): one row per task while its iteration waits
-- for a worker (ready) or is held by one (claimed). `task_token` is the base64 task token of the
-- activity the API completes when the worker reports; the row goes when the iteration ends.
CREATE TABLE external_work (
  task_id                   TEXT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  iteration                 INTEGER NOT NULL,
  status                    TEXT NOT NULL,
  priority                  TEXT NOT NULL,
  worktree_path             TEXT NOT NULL,
  prompt_path               TEXT,
  heartbeat_timeout_seconds INTEGER NOT NULL,
  worker_id                 TEXT,
  claimed_at                TEXT,
  heartbeat_at              TEXT,
  task_token                TEXT,
  offered_at                TEXT NOT NULL
);
-- Pulling takes the most urgent (P0 first), then the oldest ready row.
CREATE INDEX external_work_ready ON external_work (status, priority, offered_at);
