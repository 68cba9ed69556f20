/** What a health check saw. */
export interface HealthCheckResult {
  ok: boolean;
  attempts: number;
  /** The last answer or error, for the reload record. */
  detail: string;
}

export interface HealthCheckOptions {
  attempts?: number;
  intervalMs?: number;
  timeoutMs?: number;
  /** For Ringmaster itself: the JSON body's `commit` must be this one (the new code answers). */
  expectCommit?: string;
}

async function once(url: string, options: HealthCheckOptions): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 3000) });
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
 * Asks `url` until it answers 2xx (and, if asked, reports the expected commit), up to `attempts`
 * times `intervalMs` apart. Never throws: the result says whether it became healthy.
 */
export async function checkHealth(url: string, options: HealthCheckOptions = {}): Promise<HealthCheckResult> {
  const attempts = options.attempts ?? 10;
  let last = { ok: false, detail: 'not checked' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    last = await once(url, options);
    if (last.ok) return { ok: true, attempts: attempt, detail: last.detail };
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000));
  }
  return { ok: false, attempts, detail: last.detail };
}
