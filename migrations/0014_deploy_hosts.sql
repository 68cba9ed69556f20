-- Where a project's releases run: every live host with one of these labels (JSON array of
-- strings); empty, the control plane's host, as before.
ALTER TABLE projects ADD COLUMN deploy_hosts TEXT NOT NULL DEFAULT '[]';
