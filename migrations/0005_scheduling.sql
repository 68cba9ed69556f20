-- Scheduling: the priority a task runs at now (its own, or a more urgent one inherited from a
-- task waiting on it), the capabilities it requires of a worker, and what it waits for.
ALTER TABLE tasks ADD COLUMN effective_priority TEXT;
ALTER TABLE tasks ADD COLUMN requires TEXT NOT NULL DEFAULT '[]';
-- At most this many of a project's tasks hold an agent slot at once (NULL: no limit).
ALTER TABLE projects ADD COLUMN max_concurrent_tasks INTEGER;
CREATE INDEX tasks_by_queue ON tasks (status, effective_priority, created_at);

-- Task → the tasks it waits for. `dropped` is set when a person lets the task go on without one.
CREATE TABLE task_dependencies (
  task_id    TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  depends_on TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  dropped    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (task_id, depends_on)
);
CREATE INDEX task_dependencies_by_dependency ON task_dependencies (depends_on);
