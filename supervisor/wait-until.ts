/** Thrown when a readiness condition did not hold before its deadline. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What is awaited, for the error message, e.g. "the worker to poll Temporal". */
  what: string;
  /** Stops waiting early (e.g. the child exited or shutdown began), with this reason. */
  abortReason?: () => string | undefined;
}

/**
 * Polls `check` until it returns true. A throwing check counts as "not yet" and its message
 * ends up in the timeout error, so a person sees why the wait failed.
 */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    const aborted = options.abortReason?.();
    if (aborted) throw new NotReadyError(`gave up waiting for ${options.what}: ${aborted}`);
    if (Date.now() >= deadline) {
      throw new NotReadyError(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${lastError ? `: ${lastError}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
