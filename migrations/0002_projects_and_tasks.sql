-- Projects: git repositories tasks are filed against. Commands are JSON argv arrays.
CREATE TABLE projects (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  repo_path      TEXT NOT NULL,
  default_branch TEXT NOT NULL,
  test_command   TEXT,
  setup_command  TEXT,
  copy_files     TEXT NOT NULL DEFAULT '[]',
  agent          TEXT NOT NULL,
  max_iterations INTEGER NOT NULL,
  budget_usd     REAL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);

-- Tasks as users query them; Temporal holds the truth of what runs (workflow_id).
CREATE TABLE tasks (
  id               TEXT PRIMARY KEY,
  workflow_id      TEXT NOT NULL UNIQUE,
  project_id       TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  title            TEXT NOT NULL,
  description      TEXT NOT NULL DEFAULT '',
  priority         TEXT NOT NULL,
  agent            TEXT NOT NULL,
  agent_options    TEXT NOT NULL DEFAULT '{}',
  max_iterations   INTEGER NOT NULL,
  budget_usd       REAL,
  timeout_minutes  INTEGER NOT NULL,
  status           TEXT NOT NULL,
  step             TEXT NOT NULL DEFAULT '',
  outcome          TEXT,
  error            TEXT,
  question         TEXT,
  host_id          TEXT,
  branch           TEXT,
  worktree_path    TEXT,
  worktree_kept    INTEGER NOT NULL DEFAULT 0,
  base_commit      TEXT,
  final_commit     TEXT,
  iterations       INTEGER NOT NULL DEFAULT 0,
  tokens_in        INTEGER NOT NULL DEFAULT 0,
  tokens_out       INTEGER NOT NULL DEFAULT 0,
  cost_usd         REAL NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  finished_at      TEXT
);
CREATE INDEX tasks_by_created ON tasks (created_at DESC, id DESC);
CREATE INDEX tasks_by_project ON tasks (project_id, created_at DESC);
CREATE INDEX tasks_by_status ON tasks (status, created_at DESC);

-- One row per agent run of a task.
CREATE TABLE task_iterations (
  task_id      TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  number       INTEGER NOT NULL,
  outcome      TEXT NOT NULL,
  summary      TEXT NOT NULL DEFAULT '',
  tokens_in    INTEGER NOT NULL DEFAULT 0,
  tokens_out   INTEGER NOT NULL DEFAULT 0,
  cost_usd     REAL,
  duration_ms  INTEGER NOT NULL,
  exit_code    INTEGER,
  tests_passed INTEGER,
  log_path     TEXT,
  prompt_path  TEXT,
  started_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL,
  PRIMARY KEY (task_id, number)
);

-- Questions agents asked and the answers people gave.
CREATE TABLE task_decisions (
  task_id     TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  iteration   INTEGER NOT NULL,
  question    TEXT NOT NULL,
  answer      TEXT,
  asked_at    TEXT NOT NULL,
  answered_at TEXT,
  PRIMARY KEY (task_id, iteration)
);
