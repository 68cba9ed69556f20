/** Whether a project may start another iteration this month, and if not, what it spent and when that resets. */
export type MonthlyBudgetVerdict = { ok: true } | { ok: false; spentUsd: number; budgetUsd: number; resetsAt: string };

/** The calendar month (UTC) `now` falls in: its first instant and the first of the next. */
export function calendarMonth(now: Date): { start: string; end: string } {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** Over budget once what the month's iterations cost reaches the budget; no budget (null) never is. */
export function monthlyBudgetVerdict(budgetUsd: number | null, spentUsd: number, now: Date): MonthlyBudgetVerdict {
  if (budgetUsd === null || spentUsd < budgetUsd) return { ok: true };
  return { ok: false, spentUsd, budgetUsd, resetsAt: calendarMonth(now).end };
}

/** The step of a task waiting for its project's budget: how much was spent of how much, and until when it waits. */
export function describeBudgetWait(verdict: Extract<MonthlyBudgetVerdict, { ok: false }>): string {
  const usd = (amount: number) => `$${amount.toFixed(amount >= 1 ? 2 : 4)}`;
  return `waiting for budget: the project spent ${usd(verdict.spentUsd)} of its ${usd(verdict.budgetUsd)} for the month; resumes at ${verdict.resetsAt}, or when the budget is raised`;
}
