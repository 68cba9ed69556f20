-- The named secret a project's https remote is reached with (user:password or a token); null: the
-- host's own git credentials. Only the name is stored here, the value stays in the secrets table.
ALTER TABLE projects ADD COLUMN remote_secret TEXT;
