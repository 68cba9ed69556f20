-- How a project is released and reloaded after a merge (all optional), and whether Ringmaster
-- watches its default branch for commits made outside it. `self` marks Ringmaster's own repository.
ALTER TABLE projects ADD COLUMN build_command TEXT;
ALTER TABLE projects ADD COLUMN reload_command TEXT;
ALTER TABLE projects ADD COLUMN health_url TEXT;
ALTER TABLE projects ADD COLUMN watch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN self INTEGER NOT NULL DEFAULT 0;
-- Paths symlinked from the repository into each worktree and release (e.g. node_modules).
ALTER TABLE projects ADD COLUMN link_files TEXT NOT NULL DEFAULT '[]';

-- Commits whose tests passed in the merge queue: a self release is only activated from one.
CREATE TABLE tested_commits (
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  commit_sha TEXT NOT NULL,
  tested_at  TEXT NOT NULL,
  PRIMARY KEY (project_id, commit_sha)
);

-- Every hot reload: what it deployed, each step with its timing, the compensations it ran.
CREATE TABLE reloads (
  id            TEXT PRIMARY KEY,
  project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- A commit released twice (by hand, again) is two runs of one workflow id.
  workflow_id   TEXT NOT NULL,
  trigger       TEXT NOT NULL,
  task_id       TEXT,
  from_commit   TEXT,
  to_commit     TEXT NOT NULL,
  status        TEXT NOT NULL,
  steps         TEXT NOT NULL DEFAULT '[]',
  compensations TEXT NOT NULL DEFAULT '[]',
  error         TEXT,
  revert_commit TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  finished_at   TEXT
);
CREATE INDEX reloads_by_project ON reloads (project_id, created_at DESC);

-- The release each project runs now and the last one that passed its health check.
CREATE TABLE project_releases (
  project_id    TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  current       TEXT,
  last_good     TEXT,
  updated_at    TEXT NOT NULL
);
