-- Prompt enrichment: the project's lint command (shown to the agent as a way to verify), its
-- prompt settings (token budget, layers switched off) and a task's acceptance criteria.
ALTER TABLE projects ADD COLUMN lint_command TEXT;
ALTER TABLE projects ADD COLUMN prompt_settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tasks ADD COLUMN acceptance_criteria TEXT NOT NULL DEFAULT '[]';

-- What a project learned from tasks that failed or needed several iterations; read back into the
-- prompts of later tasks by relevance. One lesson per task, rewritten if the task is recorded again.
CREATE TABLE lessons (
  task_id    TEXT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  title      TEXT NOT NULL,
  outcome    TEXT NOT NULL,
  lesson     TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX lessons_by_project ON lessons (project_id, created_at DESC);
