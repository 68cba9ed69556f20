/** When to restart a crashed child: exponential backoff that forgets crashes after a stable run. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A child that ran at least this long before crashing is considered healthy again. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, stableAfterMs: 60_000 };

/**
 * Returns the crash count after a crash (reset to 1 after a stable run) and the delay before
 * the next start: initial, 2×, 4× ... capped at max.
 */
export function nextRestart(previousCrashes: number, ranForMs: number, policy: BackoffPolicy = DEFAULT_BACKOFF): { crashes: number; delayMs: number } {
  const crashes = ranForMs >= policy.stableAfterMs ? 1 : previousCrashes + 1;
  const delayMs = Math.min(policy.maxMs, policy.initialMs * 2 ** (crashes - 1));
  return { crashes, delayMs };
}
