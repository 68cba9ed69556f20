import { AgentOutcome, type AgentRunSummary } from './agent-outcome.js';
import { MergeOutcome, type MergeVerdict } from './merge-queue.js';
import { afterRateLimit, type RateLimitContext } from './rate-limit.js';
import { ReloadStatus } from './reload.js';
import { TaskStatus } from './task-status.js';

/** What the previous iteration tells the next one's prompt. */
export interface Carry {
  /** The agent's own summary of what it did last time. */
  previousSummary?: string;
  /** The failing output of the project's tests (tail). */
  testFailure?: { command: string; output: string };
  /** A question the agent asked and the person's answer. */
  decision?: { question: string; answer: string };
  /** The merge queue could not merge the branch onto the moved default branch. */
  mergeConflict?: { defaultBranch: string; files: string[] };
  /** What the person who reviewed the stopped task wants the agent to know (retry). */
  reviewNote?: string;
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
  /** A rate limit: wait, then run the iteration again without counting it. */
  | { kind: 'wait-for-rate-limit'; waitMs: number; resumesAt: string }
  | { kind: 'iterate'; carry: Carry }
  | { kind: 'stop'; outcome: AgentOutcome; error: string }
  | { kind: 'finish'; status: TaskStatus; error: string | null; finalCommit: string | null; merged: boolean };

function budgetSpent(position: LoopPosition): boolean {
  return position.budgetUsd !== null && position.totalCostUsd >= position.budgetUsd;
}

function noIterationsLeft(position: LoopPosition): boolean {
  return position.iteration >= position.maxIterations;
}

const money = (usd: number) => `$${usd.toFixed(4)}`;

/**
 * Decides what follows an agent run. Success goes to the test gate even when it spent the last
 * of the budget (the work is done; the tests decide). A rate limit waits for its reset (even
 * after the last iteration: the run does not count) unless the project fails on them. Any other
 * outcome stops when the budget is spent or no iteration is left, else the next iteration
 * carries the agent's summary.
 */
export function nextAfterAgent(run: AgentRunSummary, position: LoopPosition, rateLimit: RateLimitContext): NextStep {
  switch (run.outcome) {
    case AgentOutcome.success:
      return { kind: 'run-tests' };
    case AgentOutcome.failed:
      return { kind: 'stop', outcome: run.outcome, error: `the agent is blocked: ${run.blockedReason ?? run.summary}` };
    case AgentOutcome.cancelled:
      return { kind: 'stop', outcome: run.outcome, error: 'cancelled' };
    case AgentOutcome.budgetExceeded:
      return { kind: 'stop', outcome: run.outcome, error: `the agent stopped at its budget: ${run.summary}` };
    case AgentOutcome.policyViolation:
      return { kind: 'stop', outcome: run.outcome, error: `the agent stepped outside its worktree: ${run.summary}` };
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
  if (run.outcome === AgentOutcome.rateLimited) {
    const decision = afterRateLimit(run, rateLimit);
    if (decision.kind === 'fail') return { kind: 'stop', outcome: run.outcome, error: decision.error };
    return { kind: 'wait-for-rate-limit', waitMs: decision.waitMs, resumesAt: decision.resumesAt };
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

/**
 * Decides what follows the merge queue's verdict: done when merged and released; failed (but
 * merged) when the release was rolled back or rejected; another iteration to merge the moved
 * default branch after a conflict, or to fix the tests failing on the merged result, while
 * iterations and budget are left.
 */
export function nextAfterVerdict(verdict: MergeVerdict, summary: string, position: LoopPosition, defaultBranch: string): NextStep {
  const unmerged = (status: TaskStatus, error: string): NextStep => ({ kind: 'finish', status, error, finalCommit: null, merged: false });
  switch (verdict.outcome) {
    case MergeOutcome.merged: {
      const reload = verdict.reload;
      if (!reload || reload.status === ReloadStatus.deployed) {
        return { kind: 'finish', status: TaskStatus.completed, error: null, finalCommit: verdict.commit ?? null, merged: true };
      }
      const restored = reload.revertCommit ? `; the change was reverted on ${defaultBranch} by ${reload.revertCommit}` : '';
      const how = reload.status === ReloadStatus.rollbackFailed ? 'failed and could not be undone' : `was ${reload.status.replace('_', ' ')}`;
      return {
        kind: 'finish',
        status: TaskStatus.failed,
        error: `merged as ${verdict.commit ?? '?'}, but the release ${how}: ${reload.error ?? 'no reason given'}${restored}`,
        finalCommit: verdict.commit ?? null,
        merged: true,
      };
    }
    case MergeOutcome.conflict: {
      const files = verdict.conflictFiles ?? [];
      if (noIterationsLeft(position) || budgetSpent(position)) {
        return unmerged(TaskStatus.conflict, `merge conflict with ${defaultBranch}${files.length ? `: ${files.join(', ')}` : ''}`);
      }
      return { kind: 'iterate', carry: { previousSummary: summary, mergeConflict: { defaultBranch, files } } };
    }
    case MergeOutcome.testsFailed: {
      const tests = verdict.tests ?? { command: 'the tests', output: '' };
      const next = nextAfterFailedTests({ command: tests.command, output: `On your branch merged with the current ${defaultBranch}:\n${tests.output}` }, summary, position);
      return next.kind === 'stop' ? unmerged(TaskStatus.failed, `the tests fail on the merged result with ${defaultBranch}: ${tests.output.split('\n').slice(-3).join(' | ')}`) : next;
    }
    default:
      return unmerged(TaskStatus.failed, `the merge queue could not merge the branch: ${verdict.error ?? 'no reason given'}`);
  }
}
