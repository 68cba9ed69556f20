import { AgentOutcome, type AgentRunSummary } from './agent-outcome.js';

/** What the previous iteration tells the next one's prompt. */
export interface Carry {
  /** The agent's own summary of what it did last time. */
  previousSummary?: string;
  /** The failing output of the project's tests (tail). */
  testFailure?: { command: string; output: string };
  /** A question the agent asked and the person's answer. */
  decision?: { question: string; answer: string };
}

/** Where a task stands after one agent run. */
export interface LoopPosition {
  iteration: number;
  maxIterations: number;
  totalCostUsd: number;
  budgetUsd: number | null;
}

/** What the workflow does next. */
export type NextStep =
  | { kind: 'run-tests' }
  | { kind: 'ask'; question: string }
  | { kind: 'iterate'; carry: Carry }
  | { kind: 'stop'; outcome: AgentOutcome; error: string };

function budgetSpent(position: LoopPosition): boolean {
  return position.budgetUsd !== null && position.totalCostUsd >= position.budgetUsd;
}

function noIterationsLeft(position: LoopPosition): boolean {
  return position.iteration >= position.maxIterations;
}

const money = (usd: number) => `$${usd.toFixed(4)}`;

/**
 * Decides what follows an agent run. Success goes to the test gate even when it spent the last
 * of the budget (the work is done; the tests decide). Any other outcome stops when the budget is
 * spent or no iteration is left, else the next iteration carries the agent's summary.
 */
export function nextAfterAgent(run: AgentRunSummary, position: LoopPosition): NextStep {
  switch (run.outcome) {
    case AgentOutcome.success:
      return { kind: 'run-tests' };
    case AgentOutcome.failed:
      return { kind: 'stop', outcome: run.outcome, error: `the agent is blocked: ${run.blockedReason ?? run.summary}` };
    case AgentOutcome.cancelled:
      return { kind: 'stop', outcome: run.outcome, error: 'cancelled' };
    case AgentOutcome.budgetExceeded:
      return { kind: 'stop', outcome: run.outcome, error: `the agent stopped at its budget: ${run.summary}` };
    default:
      break;
  }
  if (budgetSpent(position)) {
    return {
      kind: 'stop',
      outcome: AgentOutcome.budgetExceeded,
      error: `budget exceeded: spent ${money(position.totalCostUsd)} of ${money(position.budgetUsd!)} after ${position.iteration} iteration(s)`,
    };
  }
  if (run.outcome === AgentOutcome.needsDecision && run.question) return { kind: 'ask', question: run.question };
  if (noIterationsLeft(position)) {
    return {
      kind: 'stop',
      outcome: run.outcome,
      error: `not done after ${position.maxIterations} iteration(s); last outcome ${run.outcome}: ${run.summary}`,
    };
  }
  return { kind: 'iterate', carry: { previousSummary: run.summary } };
}

/**
 * Decides what follows a failed test gate: another iteration that sees the failing output, or a
 * stop when the budget is spent or no iteration is left.
 */
export function nextAfterFailedTests(failure: { command: string; output: string }, summary: string, position: LoopPosition): NextStep {
  if (budgetSpent(position)) {
    return {
      kind: 'stop',
      outcome: AgentOutcome.budgetExceeded,
      error: `budget exceeded with tests still failing: spent ${money(position.totalCostUsd)} of ${money(position.budgetUsd!)}`,
    };
  }
  if (noIterationsLeft(position)) {
    return { kind: 'stop', outcome: AgentOutcome.incomplete, error: `tests still failing after ${position.maxIterations} iteration(s)` };
  }
  return { kind: 'iterate', carry: { previousSummary: summary, testFailure: failure } };
}
