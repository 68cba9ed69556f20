import { describe, expect, it } from '@jest/globals';
import { decideRateLimitWait, DEFAULT_RATE_LIMIT_POLICY, readRateLimit } from '../../model/rate-limit.js';

describe('readRateLimit', () => {
  it('reads nothing from errors that are not about a limit', () => {
    expect(readRateLimit('unexpected status 401 Unauthorized: invalid api key')).toBeUndefined();
    expect(readRateLimit('We’re currently experiencing high demand, which may cause temporary errors.')).toBeUndefined();
    expect(readRateLimit('API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}')).toBeUndefined();
  });

  it('knows a limit without a reset', () => {
    expect(readRateLimit('exceeded retry limit, last status: 429 Too Many Requests')).toEqual({});
    expect(readRateLimit('API Error: {"error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}')).toEqual({});
    expect(readRateLimit('[API Error: RESOURCE_EXHAUSTED]')).toEqual({});
    // Gemini CLI 0.61's words for a 429 with RetryInfo.
    expect(readRateLimit('[API Error: Resource has been exhausted (e.g. check quota). Please retry in 7s.\nSuggested retry after 7s.]')).toEqual({ retryAfterSeconds: 7 });
  });

  it('reads a relative reset in seconds, minutes or hours, rounded up', () => {
    expect(readRateLimit('429 Too Many Requests: try again in 2s')).toEqual({ retryAfterSeconds: 2 });
    expect(readRateLimit('Rate limit reached. Please retry in 7.5 seconds.')).toEqual({ retryAfterSeconds: 8 });
    expect(readRateLimit('usage limit: resets in 3 minutes')).toEqual({ retryAfterSeconds: 180 });
    expect(readRateLimit('Too Many Requests; retry after 1h')).toEqual({ retryAfterSeconds: 3600 });
    expect(readRateLimit('status 429, headers {"retry-after": "30"}')).toEqual({ retryAfterSeconds: 30 });
  });

  it("reads an absolute reset: an ISO time, or Claude Code's epoch after the pipe", () => {
    expect(readRateLimit('Usage limit reached; resets at 2026-12-04T15:00:00Z')).toEqual({ resetAt: '2026-12-04T15:00:00.000Z' });
    expect(readRateLimit('Claude AI usage limit reached|1796396400')).toEqual({ resetAt: new Date(1796396400_000).toISOString() });
  });
});

describe('decideRateLimitWait', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');

  it('waits until the reported reset, at least a second', () => {
    expect(decideRateLimitWait({ retryAfterSeconds: 30 }, DEFAULT_RATE_LIMIT_POLICY, now, 0)).toEqual({ kind: 'wait', waitMs: 30_000, resumesAt: '2026-12-04T10:00:30.000Z' });
    expect(decideRateLimitWait({ resetAt: '2026-12-04T11:00:00.000Z' }, DEFAULT_RATE_LIMIT_POLICY, now, 0)).toMatchObject({ waitMs: 3_600_000 });
    expect(decideRateLimitWait({ resetAt: '2026-12-04T09:00:00.000Z' }, DEFAULT_RATE_LIMIT_POLICY, now, 0)).toMatchObject({ waitMs: 1000 });
  });

  it('backs off 1, 2, 4 … minutes up to 30 when no reset was reported', () => {
    const waits = [0, 1, 2, 5, 9].map((n) => decideRateLimitWait({}, DEFAULT_RATE_LIMIT_POLICY, now, n));
    expect(waits.map((w) => (w.kind === 'wait' ? w.waitMs / 60_000 : w.kind))).toEqual([1, 2, 4, 30, 30]);
  });

  it('fails when the project fails on rate limits, or the reset is past the maximum wait', () => {
    expect(decideRateLimitWait({ retryAfterSeconds: 2 }, { onRateLimit: 'fail', maxWaitMinutes: 60 }, now, 0)).toMatchObject({ kind: 'fail', error: expect.stringContaining('onRateLimit "fail"') });
    expect(decideRateLimitWait({ retryAfterSeconds: 120 }, { onRateLimit: 'wait', maxWaitMinutes: 1 }, now, 0)).toEqual({
      kind: 'fail',
      error: "the agent hit a rate limit that resets at 2026-12-04T10:02:00.000Z, later than the project's maximum wait of 1 minute(s)",
    });
  });
});
