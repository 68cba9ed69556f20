-- Users with the role `host`: the tokens of host workers (`ringmaster worker --control`), for the
-- routes a host calls and nothing else. A table of their own, because users' CHECK on role cannot
-- change without rebuilding it, and migrations only add (older releases keep running on them).
CREATE TABLE host_users (
  name       TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT
);
