/** What a health check saw. */
export interface HealthCheckResult {
  ok: boolean;
  attempts: number;
  /** The last answer or error, for the reload record. */
  detail: string;
}

export interface HealthCheckOptions {
  /** Keep asking for this long (default 10 s); at least one request is made. */
  withinMs?: number;
  /** Pause between two requests (default 1 s). */
  intervalMs?: number;
  /** Longest wait for one answer (default 3 s, never past the window). */
  timeoutMs?: number;
  /** Called before each request (an activity heartbeats there). */
  onAttempt?: (attempt: number) => void;
  /** For Ringmaster itself: the JSON body's `commit` must be this one (the new code answers). */
  expectCommit?: string;
  /** Sent with every request (Ringmaster's own check sends its token). */
  headers?: Record<string, string>;
}

async function once(url: string, options: HealthCheckOptions): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 3000), ...(options.headers ? { headers: options.headers } : {}) });
    const body = await res.text();
    if (res.status < 200 || res.status >= 300) return { ok: false, detail: `${url} answered ${res.status}: ${body.slice(0, 200)}` };
    if (options.expectCommit) {
      let commit: unknown;
      try {
        commit = (JSON.parse(body) as { commit?: unknown }).commit;
      } catch {
        commit = undefined;
      }
      if (commit !== options.expectCommit) return { ok: false, detail: `${url} reports commit ${String(commit)}, expected ${options.expectCommit}` };
    }
    return { ok: true, detail: `${url} answered ${res.status}` };
  } catch (err) {
    return { ok: false, detail: `${url}: ${(err as Error).message}` };
  }
}

/**
 * Asks `url` until it answers 2xx (and, if asked, reports the expected commit), `intervalMs`
 * apart, for at most `withinMs`. Never throws: the result says whether it became healthy.
 */
export async function checkHealth(url: string, options: HealthCheckOptions = {}): Promise<HealthCheckResult> {
  const { withinMs = 10_000, intervalMs = 1000, timeoutMs = 3000 } = options;
  const deadline = Date.now() + withinMs;
  let last = { ok: false, detail: 'not checked' };
  for (let attempt = 1; ; attempt++) {
    options.onAttempt?.(attempt);
    last = await once(url, { ...options, timeoutMs: Math.max(100, Math.min(timeoutMs, deadline - Date.now())) });
    if (last.ok) return { ok: true, attempts: attempt, detail: last.detail };
    if (Date.now() + intervalMs >= deadline) return { ok: false, attempts: attempt, detail: last.detail };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
