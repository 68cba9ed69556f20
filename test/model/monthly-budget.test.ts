import { describe, expect, it } from '@jest/globals';
import { calendarMonth, describeBudgetWait, monthlyBudgetVerdict } from '../../model/monthly-budget.js';

describe('calendarMonth', () => {
  it('is the UTC month, the last one of the year ending with the next year', () => {
    expect(calendarMonth(new Date('2026-12-03T15:07:06Z'))).toEqual({ start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
    expect(calendarMonth(new Date('2027-02-28T23:59:59Z'))).toEqual({ start: '2027-02-01T00:00:00.000Z', end: '2027-03-01T00:00:00.000Z' });
  });
});

describe('monthlyBudgetVerdict', () => {
  const now = new Date('2026-12-03T15:00:00Z');
  it('lets a project without a budget, or with budget left, go on', () => {
    expect(monthlyBudgetVerdict(null, 1e9, now)).toEqual({ ok: true });
    expect(monthlyBudgetVerdict(10, 9.99, now)).toEqual({ ok: true });
  });

  it('holds once the month spent the budget, until the next month', () => {
    const verdict = monthlyBudgetVerdict(10, 10, now);
    expect(verdict).toEqual({ ok: false, spentUsd: 10, budgetUsd: 10, resetsAt: '2027-01-01T00:00:00.000Z' });
    expect(describeBudgetWait(verdict as Extract<typeof verdict, { ok: false }>)).toBe(
      'waiting for budget: the project spent $10.00 of its $10.00 for the month; resumes at 2027-01-01T00:00:00.000Z, or when the budget is raised',
    );
  });
});
