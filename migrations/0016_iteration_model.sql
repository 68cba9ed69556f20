-- The model an iteration ran on (reported by the CLI or named by the task), and whether its cost
-- was estimated from the tokens and the price table because the CLI reports none.
ALTER TABLE task_iterations ADD COLUMN model TEXT;
ALTER TABLE task_iterations ADD COLUMN cost_estimated INTEGER NOT NULL DEFAULT 0;
