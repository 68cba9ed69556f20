-- Whether a project's tasks wait for a person's review (needs_review) when they stop short, and
-- how long an agent run may stay silent before it is stopped as stalled (minutes; null: no limit).
ALTER TABLE projects ADD COLUMN review_on_stop INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN stall_minutes REAL;
