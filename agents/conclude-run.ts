import { AgentOutcome, type AgentRunSummary, type Usage } from '../model/agent-outcome.js';
import type { ProcessExit } from '../process/run-process.js';
import { readRateLimit } from '../model/rate-limit.js';
import { findCompletionMarker, withoutMarkers } from './completion-markers.js';

/** Longest summary kept, in characters. */
export const SUMMARY_MAX_CHARS = 2000;

/** Usage of a run that reported none. */
export const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, costUsd: null });

/** A failure read from the CLI's structured output or its exit, which decides the outcome before any marker. */
export interface RunFailure {
  outcome: typeof AgentOutcome.agentError | typeof AgentOutcome.incomplete | typeof AgentOutcome.budgetExceeded;
  summary: string;
}

/** What a parser learned from one run. */
export interface RunFacts {
  /** The agent's final message, when it gave one: completion markers are read from it. */
  finalText?: string;
  failure?: RunFailure;
  usage: Usage;
  sessionId?: string;
  /** Which end of a long final text the summary keeps: the head (default) or, for logs, the tail. */
  summaryKeeps?: 'head' | 'tail';
}

/** Returns `text` trimmed and cut to `maxChars`, keeping its head (or its tail, for logs). */
export function capText(text: string, maxChars = SUMMARY_MAX_CHARS, keep: 'head' | 'tail' = 'head'): string {
  const trimmed = text.trim();
  if (trimmed.length <= maxChars) return trimmed;
  return keep === 'head' ? `${trimmed.slice(0, maxChars - 1)}…` : `…${trimmed.slice(-(maxChars - 1))}`;
}

/** Returns `message`, followed by `detail` after a colon when there is any. */
export function withDetail(message: string, detail: string | undefined): string {
  return detail?.trim() ? `${message}: ${detail.trim()}` : message;
}

function interrupted(message: string, facts: RunFacts): string {
  const last = facts.finalText?.trim();
  return last ? `${message} Last message: ${last}` : message;
}

/**
 * Returns the run's summary. Precedence: a timeout or cancellation (whatever the output), then a
 * structured failure (rate_limited when its text names a rate or usage limit), then the completion marker in the final text; with no marker the outcome is
 * `withoutMarker` (incomplete unless the adapter says otherwise). Never throws.
 */
export function concludeRun(facts: RunFacts, exit: ProcessExit, withoutMarker: AgentRunSummary['outcome'] = AgentOutcome.incomplete): AgentRunSummary {
  const base = { usage: facts.usage, ...(facts.sessionId ? { sessionId: facts.sessionId } : {}) };
  const keep = facts.summaryKeeps ?? 'head';
  if (exit.timedOut) {
    return { ...base, outcome: AgentOutcome.timeout, summary: capText(interrupted('The agent ran past its time limit and was stopped.', facts), undefined, keep) };
  }
  if (exit.stalled) {
    return { ...base, outcome: AgentOutcome.stalled, summary: capText(interrupted('The agent wrote no output for its stall limit and was stopped.', facts), undefined, keep) };
  }
  if (exit.cancelled) {
    return { ...base, outcome: AgentOutcome.cancelled, summary: capText(interrupted('The task was cancelled while the agent ran.', facts), undefined, keep) };
  }
  if (facts.failure) {
    const summary = capText(facts.failure.summary, undefined, keep);
    // Whatever the CLI, an error that names a rate or usage limit is a wait, not a failure.
    const rateLimit = facts.failure.outcome === AgentOutcome.agentError ? readRateLimit(facts.failure.summary) : undefined;
    if (rateLimit) return { ...base, outcome: AgentOutcome.rateLimited, summary, rateLimit };
    return { ...base, outcome: facts.failure.outcome, summary };
  }

  const finalText = facts.finalText ?? '';
  const summary = capText(withoutMarkers(finalText), undefined, keep) || 'The agent gave no final message.';
  const marker = findCompletionMarker(finalText);
  switch (marker?.kind) {
    case 'complete':
      return { ...base, outcome: AgentOutcome.success, summary };
    case 'decision':
      return { ...base, outcome: AgentOutcome.needsDecision, summary, question: capText(marker.question) };
    case 'blocked':
      return { ...base, outcome: AgentOutcome.failed, summary, blockedReason: capText(marker.reason) };
    default:
      return { ...base, outcome: withoutMarker, summary };
  }
}
