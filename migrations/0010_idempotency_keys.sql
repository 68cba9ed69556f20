-- POST /api/tasks with an Idempotency-Key: the task a key made, so a client retrying after a
-- timeout gets that task back instead of a second one. Keys are per user; maintenance drops old ones.
CREATE TABLE idempotency_keys (
  principal    TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  task_id      TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (principal, key)
);
