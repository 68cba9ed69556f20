import { AgentOutcome } from './agent-outcome.js';
import { TASK_LIMITS } from './task-input.js';

/** What a person decides about a task waiting for review (needs_review). */
export const ReviewAction = {
  /** More iterations (and budget), with the reviewer's note in the next prompt. */
  retry: 'retry',
  /** The work as it stands goes through the test gate and the merge queue. */
  accept: 'accept',
  /** The task ends failed. */
  abandon: 'abandon',
} as const;
export type ReviewAction = (typeof ReviewAction)[keyof typeof ReviewAction];

export const REVIEW_ACTIONS: readonly ReviewAction[] = Object.values(ReviewAction);

/** Longest reviewer's note (it goes into the next prompt). */
export const MAX_REVIEW_NOTE_LENGTH = 20_000;

/** Update `reviewTask` argument. */
export interface ReviewDecision {
  action: ReviewAction;
  /** For retry: how many more iterations (default: the task's maxIterations again). */
  maxIterations?: number;
  /** For retry: how much more it may spend, in USD (required when it stopped at its budget). */
  budgetUsd?: number;
  /** For retry: what the agent should know, put in the next prompt. */
  note?: string;
  /** Who reviewed (the API's user); absent when sent through Temporal directly. */
  reviewedBy?: string;
}

/** Why a run's stop goes to review rather than failing: the outcomes where a person can help. */
const ESCALATING: readonly AgentOutcome[] = [AgentOutcome.incomplete, AgentOutcome.agentError, AgentOutcome.timeout, AgentOutcome.budgetExceeded, AgentOutcome.failed, AgentOutcome.stalled];

/** True when a task of a project that reviews its stops waits for a person after stopping with `outcome`. */
export function escalates(outcome: AgentOutcome): boolean {
  return ESCALATING.includes(outcome);
}

/**
 * Returns why `decision` cannot be applied to a task that stopped with `outcome`, or undefined
 * when it can. Pure: the workflow's update validator throws the message.
 */
export function reviewProblem(decision: Partial<ReviewDecision> | undefined, outcome: AgentOutcome): string | undefined {
  const action: unknown = decision?.action;
  if (typeof action !== 'string' || !REVIEW_ACTIONS.includes(action as ReviewAction)) return `action must be one of ${REVIEW_ACTIONS.join(', ')}`;
  const { maxIterations, budgetUsd, note } = decision!;
  if (action !== ReviewAction.retry && (maxIterations !== undefined || budgetUsd !== undefined || note !== undefined)) return `maxIterations, budgetUsd and note go with retry, not ${action}`;
  const { min, max } = TASK_LIMITS.maxIterations;
  if (maxIterations !== undefined && (!Number.isInteger(maxIterations) || maxIterations < min || maxIterations > max)) return `maxIterations must be an integer from ${min} to ${max}`;
  if (budgetUsd !== undefined && (typeof budgetUsd !== 'number' || !(budgetUsd > 0))) return 'budgetUsd must be a positive amount';
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_REVIEW_NOTE_LENGTH)) return `note must be a string of at most ${MAX_REVIEW_NOTE_LENGTH} characters`;
  if (action === ReviewAction.retry && outcome === AgentOutcome.budgetExceeded && budgetUsd === undefined) return 'budgetUsd is required to retry a task that spent its budget';
  return undefined;
}

/** The step of a task waiting for review; a decomposed task waiting on failed subtasks (`subtasks`) takes retry or abandon only. */
export function describeReviewWait(error: string, timeoutMinutes: number, subtasks = false): string {
  return `needs review: ${error}; ${subtasks ? 'retry its failed subtasks or abandon it' : 'retry, accept or abandon it'} (POST /api/tasks/:id/review) within ${timeoutMinutes} minute(s)`;
}
