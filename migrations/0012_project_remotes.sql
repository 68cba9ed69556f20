-- A project can be backed by a git remote (file://, git://, ssh, https) instead of a checkout on
-- the control plane's machine: every host keeps its own mirror of it and pushes work back.
ALTER TABLE projects ADD COLUMN remote TEXT;
