import { describe, expect, it } from '@jest/globals';
import { nextRestart } from '../../process/backoff.js';

const policy = { initialMs: 500, maxMs: 30_000, stableAfterMs: 60_000 };

describe('nextRestart', () => {
  it('doubles the delay for each quick crash, up to the cap', () => {
    let crashes = 0;
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const next = nextRestart(crashes, 1000, policy);
      crashes = next.crashes;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after a run that lasted past the stable time', () => {
    expect(nextRestart(6, 60_000, policy)).toEqual({ crashes: 1, delayMs: 500 });
  });
});
