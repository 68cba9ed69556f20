-- Webhooks of a project (JSON list of { url, events, secret?, format? }; the secret is a name in
-- the secrets table), and every notification and each attempt to deliver it.
ALTER TABLE projects ADD COLUMN notify TEXT NOT NULL DEFAULT '[]';

CREATE TABLE notifications (
  id          TEXT PRIMARY KEY,
  -- One notification per event of a subject and hook, however often the activity that noticed it runs.
  dedup_key   TEXT NOT NULL UNIQUE,
  event       TEXT NOT NULL,
  project_id  TEXT,
  task_id     TEXT,
  url         TEXT NOT NULL,
  secret_name TEXT,
  body        TEXT NOT NULL,
  -- pending, delivered or failed (gave up)
  status      TEXT NOT NULL DEFAULT 'pending',
  attempts    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX notifications_by_time ON notifications (created_at DESC);

CREATE TABLE notification_attempts (
  notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  attempt         INTEGER NOT NULL,
  at              TEXT NOT NULL,
  status_code     INTEGER,
  error           TEXT,
  duration_ms     INTEGER NOT NULL,
  PRIMARY KEY (notification_id, attempt)
);
