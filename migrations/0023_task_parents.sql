-- The subtasks of a decomposed task are tasks of their own, each naming the task it is part of
-- (null for a task filed on its own).
ALTER TABLE tasks ADD COLUMN parent_id TEXT REFERENCES tasks (id) ON DELETE SET NULL;
CREATE INDEX tasks_parent_id ON tasks (parent_id) WHERE parent_id IS NOT NULL;
