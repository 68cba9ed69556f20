import { describe, expect, it } from '@jest/globals';
import type { AgentRunSummary } from '../../model/agent-outcome.js';
import { nextAfterAgent, nextAfterFailedTests } from '../../model/task-loop.js';

const run = (outcome: AgentRunSummary['outcome'], extra: Partial<AgentRunSummary> = {}): AgentRunSummary => ({
  outcome,
  summary: `did ${outcome}`,
  usage: { inputTokens: 1, outputTokens: 1, costUsd: 0.1 },
  ...extra,
});
const clock = { nowMs: Date.parse('2026-12-04T10:00:00Z'), waitsSoFar: 0 };
const at = (iteration: number, totalCostUsd = 0, budgetUsd: number | null = null) => ({ iteration, maxIterations: 3, totalCostUsd, budgetUsd });

describe('nextAfterAgent', () => {
  it('sends success to the test gate, even with the budget spent', () => {
    expect(nextAfterAgent(run('success'), at(1), clock)).toEqual({ kind: 'run-tests' });
    expect(nextAfterAgent(run('success'), at(3, 5, 1), clock)).toEqual({ kind: 'run-tests' });
  });

  it('asks the question of needs_decision', () => {
    expect(nextAfterAgent(run('needs_decision', { question: 'Which?' }), at(1), clock)).toEqual({ kind: 'ask', question: 'Which?' });
  });

  it('iterates on incomplete, timeout and agent errors while iterations are left, carrying the summary', () => {
    for (const outcome of ['incomplete', 'timeout', 'agent_error'] as const) {
      expect(nextAfterAgent(run(outcome), at(2), clock)).toEqual({ kind: 'iterate', carry: { previousSummary: `did ${outcome}` } });
    }
  });

  it('stops at the last iteration, naming the last outcome', () => {
    expect(nextAfterAgent(run('incomplete'), at(3), clock)).toEqual({ kind: 'stop', outcome: 'incomplete', error: 'not done after 3 iteration(s); last outcome incomplete: did incomplete' });
  });

  it('stops when the budget is spent', () => {
    expect(nextAfterAgent(run('incomplete'), at(1, 2, 2), clock)).toEqual({
      kind: 'stop',
      outcome: 'budget_exceeded',
      error: 'budget exceeded: spent $2.0000 of $2.0000 after 1 iteration(s)',
    });
  });

  it('stops for a blocked agent, a cancellation and an agent that hit its own budget', () => {
    expect(nextAfterAgent(run('failed', { blockedReason: 'no access' }), at(1), clock)).toEqual({ kind: 'stop', outcome: 'failed', error: 'the agent is blocked: no access' });
    expect(nextAfterAgent(run('cancelled'), at(1), clock)).toMatchObject({ kind: 'stop', outcome: 'cancelled' });
    expect(nextAfterAgent(run('budget_exceeded'), at(1), clock)).toMatchObject({ kind: 'stop', outcome: 'budget_exceeded' });
  });
});

describe('nextAfterFailedTests', () => {
  const failure = { command: 'npm test', output: 'expected 1' };

  it('iterates with the failing output while iterations are left', () => {
    expect(nextAfterFailedTests(failure, 'done', at(1))).toEqual({ kind: 'iterate', carry: { previousSummary: 'done', testFailure: failure } });
  });

  it('stops at the last iteration or with the budget spent', () => {
    expect(nextAfterFailedTests(failure, 'done', at(3))).toEqual({ kind: 'stop', outcome: 'incomplete', error: 'tests still failing after 3 iteration(s)' });
    expect(nextAfterFailedTests(failure, 'done', at(1, 3, 1))).toMatchObject({ kind: 'stop', outcome: 'budget_exceeded' });
  });
});

describe('nextAfterAgent on a rate limit', () => {
  it('waits even after the last iteration, and stops when the project fails on rate limits', () => {
    const limited = run('rate_limited', { rateLimit: { retryAfterSeconds: 5 } });
    expect(nextAfterAgent(limited, at(3), clock)).toEqual({ kind: 'wait-for-rate-limit', waitMs: 5000, resumesAt: '2026-12-04T10:00:05.000Z' });
    expect(nextAfterAgent(limited, at(1), { ...clock, policy: { onRateLimit: 'fail', maxWaitMinutes: 60 } })).toMatchObject({ kind: 'stop', outcome: 'rate_limited' });
  });

  it('stops when the budget is spent, whatever the limit', () => {
    expect(nextAfterAgent(run('rate_limited'), at(1, 2, 2), clock)).toMatchObject({ kind: 'stop', outcome: 'budget_exceeded' });
  });
});
