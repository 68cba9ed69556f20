import { describe, expect, it } from '@jest/globals';
import { parsePointInTime } from '../../model/time-window.js';

describe('parsePointInTime', () => {
  const now = new Date('2026-12-03T12:00:00.000Z');

  it('reads spans back from now', () => {
    expect(parsePointInTime('30m', now)?.toISOString()).toBe('2026-12-03T11:30:00.000Z');
    expect(parsePointInTime('24h', now)?.toISOString()).toBe('2026-12-02T12:00:00.000Z');
    expect(parsePointInTime('7d', now)?.toISOString()).toBe('2026-11-26T12:00:00.000Z');
    expect(parsePointInTime('2w', now)?.toISOString()).toBe('2026-11-19T12:00:00.000Z');
  });

  it('reads ISO dates and date-times', () => {
    expect(parsePointInTime('2026-11-01', now)?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parsePointInTime('2026-11-01T08:30:00+01:00', now)?.toISOString()).toBe('2026-11-01T07:30:00.000Z');
  });

  it('gives undefined for anything else', () => {
    for (const value of ['yesterday', '7', 'd7', '7y', '', '2026-13-45', '1700000000']) expect(parsePointInTime(value, now)).toBeUndefined();
  });
});
