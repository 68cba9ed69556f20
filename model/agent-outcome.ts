import type { RateLimit } from './rate-limit.js';

/** How one agent iteration ended. */
export const AgentOutcome = {
  /** The agent signalled completion (the test gate decides whether it really is done). */
  success: 'success',
  /** The agent stopped without signalling completion: another iteration may finish the work. */
  incomplete: 'incomplete',
  /** The agent said it is blocked and cannot go on. */
  failed: 'failed',
  /** The agent asked a question that a person must answer. */
  needsDecision: 'needs_decision',
  /** The spend limit was reached. */
  budgetExceeded: 'budget_exceeded',
  /** The iteration ran past its time limit and was killed. */
  timeout: 'timeout',
  /** The agent produced no output for the task's stall limit and was killed. */
  stalled: 'stalled',
  /** The CLI itself failed: crashed, bad usage, API error, no result. */
  agentError: 'agent_error',
  /** A rate or usage limit of the model stopped the agent: the task waits for the reset and runs the iteration again. */
  rateLimited: 'rate_limited',
  /** The task was cancelled while the agent ran. */
  cancelled: 'cancelled',
  /**
   * The agent changed the project's repository outside its worktree (moved the default branch
   * past the merge queue, edited the shared git config, planted a hook); the change was undone.
   */
  policyViolation: 'policy_violation',
} as const;
export type AgentOutcome = (typeof AgentOutcome)[keyof typeof AgentOutcome];

export const AGENT_OUTCOMES: readonly AgentOutcome[] = Object.values(AgentOutcome);

/** Tokens and money one iteration used; cost is null when neither the CLI reports it nor its model has a price. */
export interface Usage {
  /** All input tokens, the cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** Of the input, tokens read from the provider's prompt cache (priced lower), when the CLI says. */
  cacheReadTokens?: number;
  /** Of the input, tokens written to the prompt cache, when the CLI says. */
  cacheWriteTokens?: number;
  costUsd: number | null;
  /** True when Ringmaster estimated the cost from the tokens and the price table (the CLI reports none). */
  costEstimated?: boolean;
  /** The model the run used, when the CLI reports it or the task names it. */
  model?: string;
}

/** What an agent adapter concludes from one run of the CLI. */
export interface AgentRunSummary {
  outcome: AgentOutcome;
  /** The agent's final message, or what went wrong, in a few lines. */
  summary: string;
  /** For needs_decision: the question for a person. */
  question?: string;
  /** For failed: why the agent says it is blocked. */
  blockedReason?: string;
  usage: Usage;
  /** The CLI's session or thread id, when it reports one. */
  sessionId?: string;
  /** For rate_limited: when the limit resets, as far as the CLI or the model said. */
  rateLimit?: RateLimit;
}
