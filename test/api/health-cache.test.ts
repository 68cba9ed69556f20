import { describe, expect, it } from '@jest/globals';
import { createHealthCache } from '../../api/health/health-cache.js';

/** A probe whose answers the test hands out one by one, counting how often it was asked. */
function scriptedProbe() {
  const waiting: ((value: string) => void)[] = [];
  let calls = 0;
  return {
    probe: () => {
      calls++;
      return new Promise<string>((resolve) => waiting.push(resolve));
    },
    answer: (value: string) => waiting.shift()!(value),
    calls: () => calls,
  };
}

describe('createHealthCache', () => {
  it('runs one probe for many callers and reuses its answer while it is fresh', async () => {
    let clock = 0;
    const script = scriptedProbe();
    const health = createHealthCache(script.probe, { freshMs: 1000, staleOkMs: 10_000, now: () => clock });
    const first = Promise.all([health(), health(), health()]);
    script.answer('ok');
    expect(await first).toEqual(['ok', 'ok', 'ok']);
    clock = 900;
    expect(await health()).toBe('ok');
    expect(script.calls()).toBe(1);
  });

  it('answers with a recent result at once while a slow probe runs, then with the new one', async () => {
    let clock = 0;
    const script = scriptedProbe();
    const health = createHealthCache(script.probe, { freshMs: 1000, staleOkMs: 10_000, now: () => clock });
    const first = health();
    script.answer('ok');
    await first;
    clock = 5000;
    // Stale but recent: the answer does not wait for the slow probe.
    expect(await health()).toBe('ok');
    script.answer('unavailable');
    await new Promise((resolve) => setImmediate(resolve));
    clock = 5100;
    expect(await health()).toBe('unavailable');
    // Too old to stand in: the caller waits for the probe.
    clock = 20_000;
    const waited = health();
    script.answer('degraded');
    expect(await waited).toBe('degraded');
    expect(script.calls()).toBe(3);
  });
});
