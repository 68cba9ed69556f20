-- What a project may spend on agents per calendar month (UTC), in USD; null: no limit. Once spent,
-- its tasks wait (waiting_for_budget) before their next iteration until the month ends or it is raised.
ALTER TABLE projects ADD COLUMN budget_usd_per_month REAL;
