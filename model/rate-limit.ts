/** When an agent stopped by a rate or usage limit may run again, as far as its CLI or model said. */
export interface RateLimit {
  /** An absolute reset time (ISO 8601), when the message gave one. */
  resetAt?: string;
  /** A relative one ("try again in 30s", `retry-after: 30`), when the message gave that instead. */
  retryAfterSeconds?: number;
}

/** What a project does when its agent hits a rate or usage limit. */
export const OnRateLimit = {
  /** Wait (durably, holding no process or slot) until the limit resets, then run the iteration again. */
  wait: 'wait',
  /** End the task as failed. */
  fail: 'fail',
} as const;
export type OnRateLimit = (typeof OnRateLimit)[keyof typeof OnRateLimit];

export interface RateLimitPolicy {
  onRateLimit: OnRateLimit;
  /** The longest single wait; a limit that resets later fails the task. */
  maxWaitMinutes: number;
}

export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = { onRateLimit: OnRateLimit.wait, maxWaitMinutes: 6 * 60 };

/** With no reset in the message: 1, 2, 4 … minutes, at most 30. */
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 30 * 60_000;

const LIMIT_WORDS = /\b429\b|rate[ _-]?limit|too many requests|usage limit|quota exceeded|exceeded your current quota|resource[ _]exhausted|resource has been exhausted/i;
const UNITS: Record<string, number> = { ms: 0.001, s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hr: 3600, hour: 3600 };
const RELATIVE = /(?:try again|retry|retrying|reset[s]?|available again)\s+(?:after|in)\s+(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?|m|min|minutes?|h|hr|hours?)\b/i;
const RETRY_AFTER = /retry[-_ ]after["']?\s*[:=]\s*["']?(\d+(?:\.\d+)?)/i;
const ISO = /\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))\b/;
// Claude Code's usage limit: "Claude AI usage limit reached|1767225600" (epoch seconds).
const EPOCH_AFTER_PIPE = /limit reached\|(\d{10})\b/i;

function unitSeconds(unit: string): number {
  const key = unit.toLowerCase().replace(/s$/, '');
  return UNITS[key] ?? UNITS[unit.toLowerCase()] ?? 1;
}

/**
 * Returns the rate limit a CLI's error text reports (429, "rate limit", "usage limit", Gemini's
 * RESOURCE_EXHAUSTED …) with its reset when the text gives one, or undefined when the text is
 * about something else. Pure; never throws.
 */
export function readRateLimit(text: string): RateLimit | undefined {
  if (!LIMIT_WORDS.test(text)) return undefined;
  const epoch = EPOCH_AFTER_PIPE.exec(text);
  if (epoch) return { resetAt: new Date(Number(epoch[1]) * 1000).toISOString() };
  const iso = ISO.exec(text);
  if (iso && !Number.isNaN(Date.parse(iso[1]!))) return { resetAt: new Date(Date.parse(iso[1]!)).toISOString() };
  const relative = RELATIVE.exec(text);
  if (relative) return { retryAfterSeconds: Math.ceil(Number(relative[1]) * unitSeconds(relative[2]!)) };
  const after = RETRY_AFTER.exec(text);
  if (after) return { retryAfterSeconds: Math.ceil(Number(after[1])) };
  return {};
}

/** What a task does after its agent hit a rate limit. */
export type RateLimitDecision = { kind: 'wait'; waitMs: number; resumesAt: string } | { kind: 'fail'; error: string };

/**
 * Decides the wait after the `waitsSoFar + 1`-th rate limit in a row at `nowMs`: until the reset
 * the agent reported (at least a second), else an exponential backoff; a project that fails on
 * rate limits, or a reset past its maximum wait, fails the task. Pure.
 */
export function decideRateLimitWait(limit: RateLimit | undefined, policy: RateLimitPolicy, nowMs: number, waitsSoFar: number): RateLimitDecision {
  if (policy.onRateLimit === OnRateLimit.fail) return { kind: 'fail', error: 'the agent hit a rate limit and the project fails on rate limits (onRateLimit "fail")' };
  const reported = limit?.resetAt !== undefined ? Date.parse(limit.resetAt) - nowMs : limit?.retryAfterSeconds !== undefined ? limit.retryAfterSeconds * 1000 : undefined;
  const waitMs = Math.max(1000, reported ?? Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** waitsSoFar));
  const resumesAt = new Date(nowMs + waitMs).toISOString();
  if (waitMs > policy.maxWaitMinutes * 60_000) {
    return { kind: 'fail', error: `the agent hit a rate limit that resets at ${resumesAt}, later than the project's maximum wait of ${policy.maxWaitMinutes} minute(s)` };
  }
  return { kind: 'wait', waitMs, resumesAt };
}

/** What a rate-limited run is decided against: the project's policy, the workflow's clock, the waits in a row so far. */
export interface RateLimitContext {
  policy?: RateLimitPolicy;
  nowMs: number;
  waitsSoFar: number;
}

/** What follows a run stopped by a rate limit (a task's or a planning run): the wait, or the failure naming what the agent said. Pure. */
export function afterRateLimit(run: { rateLimit?: RateLimit; summary: string }, context: RateLimitContext): RateLimitDecision {
  const decision = decideRateLimitWait(run.rateLimit, context.policy ?? DEFAULT_RATE_LIMIT_POLICY, context.nowMs, context.waitsSoFar);
  return decision.kind === 'fail' ? { kind: 'fail', error: `${decision.error}: ${run.summary}` } : decision;
}

/** The step of a task waiting for a rate limit to reset. */
export function describeRateLimitWait(agent: string, resumesAt: string, reason: string): string {
  return `rate limited: ${agent} hit a rate limit (${reason}); resumes at ${resumesAt}`;
}
