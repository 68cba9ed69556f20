-- One row per pass of a task through its project's merge queue: from its status becoming
-- integrating (its work committed, then waiting in the queue, merged, tested, released) to the
-- queue's verdict (its status leaving integrating). GET /metrics reads the queues' depth (passes
-- not left yet) and their wait (passes that left) from it.
CREATE TABLE merge_queue_passes (
  task_id    TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  entered_at TEXT NOT NULL,
  left_at    TEXT
);
CREATE INDEX merge_queue_passes_by_task ON merge_queue_passes (task_id, left_at);
