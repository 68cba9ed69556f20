import { describe, expect, it } from '@jest/globals';
import { describeReviewWait, escalates, reviewProblem } from '../../model/review.js';

describe('escalates', () => {
  it('sends the stops a person can help with to review, not cancellations or policy violations', () => {
    expect(['incomplete', 'agent_error', 'timeout', 'budget_exceeded', 'failed', 'stalled'].every((outcome) => escalates(outcome as never))).toBe(true);
    expect(['cancelled', 'policy_violation', 'rate_limited', 'needs_decision', 'success'].some((outcome) => escalates(outcome as never))).toBe(false);
  });
});

describe('reviewProblem', () => {
  it('accepts the three actions, with retry taking more iterations, budget and a note', () => {
    expect(reviewProblem({ action: 'accept' }, 'incomplete')).toBeUndefined();
    expect(reviewProblem({ action: 'abandon' }, 'failed')).toBeUndefined();
    expect(reviewProblem({ action: 'retry', maxIterations: 3, budgetUsd: 2, note: 'Use the v2 API.' }, 'budget_exceeded')).toBeUndefined();
  });

  it('says what is wrong, naming the field', () => {
    expect(reviewProblem(undefined, 'failed')).toBe('action must be one of retry, accept, abandon');
    expect(reviewProblem({ action: 'accept', note: 'x' }, 'failed')).toBe('maxIterations, budgetUsd and note go with retry, not accept');
    expect(reviewProblem({ action: 'retry', maxIterations: 0 }, 'failed')).toBe('maxIterations must be an integer from 1 to 50');
    expect(reviewProblem({ action: 'retry', budgetUsd: -1 }, 'failed')).toBe('budgetUsd must be a positive amount');
    expect(reviewProblem({ action: 'retry', note: 'x'.repeat(20_001) }, 'failed')).toBe('note must be a string of at most 20000 characters');
    expect(reviewProblem({ action: 'retry' }, 'budget_exceeded')).toBe('budgetUsd is required to retry a task that spent its budget');
  });
});

describe('describeReviewWait', () => {
  it('names the actions that apply: retry or abandon for a decomposed task waiting on failed subtasks', () => {
    expect(describeReviewWait('not done', 60)).toBe('needs review: not done; retry, accept or abandon it (POST /api/tasks/:id/review) within 60 minute(s)');
    expect(describeReviewWait('subtask a failed', 60, true)).toBe('needs review: subtask a failed; retry its failed subtasks or abandon it (POST /api/tasks/:id/review) within 60 minute(s)');
  });
});
