-- Personal API tokens. Only the SHA-256 of a token is kept; the token is shown once, when the
-- user is added. The install's own token ($RINGMASTER_HOME/api-token) is not a row.
CREATE TABLE users (
  name       TEXT PRIMARY KEY,
  role       TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT
);

-- Secrets, encrypted with AES-256-GCM under the key in $RINGMASTER_HOME/secret-key (never here):
-- `value` is iv (12 bytes) | tag (16 bytes) | ciphertext. `scope` is '' for a named secret
-- (`ringmaster secret set`) and a task id for the values of that task's agentOptions.env, which
-- go when the task ends.
CREATE TABLE secrets (
  scope      TEXT NOT NULL,
  name       TEXT NOT NULL,
  value      BLOB NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT,
  PRIMARY KEY (scope, name)
);

-- Environment variables a project's agents get from named secrets: { ENV_VAR: SECRET_NAME }.
ALTER TABLE projects ADD COLUMN secrets TEXT NOT NULL DEFAULT '{}';

-- Who filed a task and who answered a decision (null: through Temporal directly, or before users).
ALTER TABLE tasks ADD COLUMN created_by TEXT;
ALTER TABLE task_decisions ADD COLUMN answered_by TEXT;

-- Tasks filed before secrets existed kept agentOptions.env values here in clear text: drop them
-- (running workflows carry their own copy; the projection shows names only from now on).
UPDATE tasks SET agent_options = json_remove(agent_options, '$.env') WHERE json_extract(agent_options, '$.env') IS NOT NULL;
