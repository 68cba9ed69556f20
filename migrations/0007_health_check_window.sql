-- How long a new release has to answer its health URL with 2xx before it is rolled back.
ALTER TABLE projects ADD COLUMN health_check_seconds INTEGER NOT NULL DEFAULT 10;
