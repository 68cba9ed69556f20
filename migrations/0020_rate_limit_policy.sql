-- What a project does when its agent hits a rate or usage limit: 'wait' (durably, until the limit
-- resets, then run the iteration again) or 'fail'; and the longest single wait before it fails.
ALTER TABLE projects ADD COLUMN on_rate_limit TEXT NOT NULL DEFAULT 'wait';
ALTER TABLE projects ADD COLUMN rate_limit_max_wait_minutes INTEGER NOT NULL DEFAULT 360;
