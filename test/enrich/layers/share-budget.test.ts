import { describe, expect, it } from '@jest/globals';
import { shareBudget } from '../../../enrich/layers/share-budget.js';

describe('shareBudget', () => {
  it('gives small pieces all they need and shares the rest equally', () => {
    expect(shareBudget([10, 500, 500], 310)).toEqual([10, 150, 150]);
    expect(shareBudget([10, 20], 1000)).toEqual([10, 20]);
  });

  it('never gives more than the budget, and nothing from a budget of 0', () => {
    const sizes = [7, 300, 45, 1000, 0];
    for (const budget of [0, 1, 13, 99, 5000]) {
      const allowances = shareBudget(sizes, budget);
      expect(allowances.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(budget);
      allowances.forEach((allowance, index) => expect(allowance).toBeLessThanOrEqual(sizes[index]!));
    }
    expect(shareBudget([], 100)).toEqual([]);
  });
});
