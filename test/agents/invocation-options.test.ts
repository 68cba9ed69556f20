import { describe, expect, it } from '@jest/globals';
import { formatUsd } from '../../agents/invocation-options.js';

describe('formatUsd', () => {
  it.each([
    [2.5, '2.5'],
    [0.0001, '0.0001'],
    [1e-7, '0.000001'],
    [3, '3'],
    [1.23456789, '1.234568'],
  ])('writes %d as %s', (amount, text) => {
    expect(formatUsd(amount)).toBe(text);
  });
});
