/** How long a health result is reused, and how old one may still answer while a slow probe runs. */
export interface HealthCacheOptions {
  /** Within this, every request gets the last result without a new probe (default 1 s). */
  freshMs?: number;
  /** While a probe runs, a result this recent answers at once instead of waiting (default 10 s). */
  staleOkMs?: number;
  now?: () => number;
}

/**
 * Wraps a probe so that /health stays cheap and steady under load: at most one probe runs at a
 * time, its result serves every request for `freshMs`, and while a slow probe runs (Temporal busy
 * under a release's build) a result under `staleOkMs` old answers at once, so a loaded machine does
 * not turn slow answers into 503s. A probe that answers with a failure is reported at once.
 */
export function createHealthCache<T>(probe: () => Promise<T>, options: HealthCacheOptions = {}): () => Promise<T> {
  const { freshMs = 1000, staleOkMs = 10_000, now = Date.now } = options;
  let last: { value: T; at: number } | undefined;
  let running: Promise<T> | undefined;
  const start = (): Promise<T> =>
    (running ??= probe().then(
      (value) => {
        last = { value, at: now() };
        running = undefined;
        return value;
      },
      (err: unknown) => {
        running = undefined;
        throw err;
      },
    ));
  return () => {
    const age = last ? now() - last.at : Infinity;
    if (last && age < freshMs) return Promise.resolve(last.value);
    const next = start();
    return last && age < staleOkMs ? Promise.resolve(last.value) : next;
  };
}
