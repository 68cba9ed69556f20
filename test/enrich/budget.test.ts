import { describe, expect, it } from '@jest/globals';
import { DEFAULT_BUDGET_TOKENS, ELASTIC_LAYER_SHARES, SMALL_LAYER_SHARES, planBudget, reassignUnused, smallLayerCaps } from '../../enrich/budget.js';
import { LAYER_NAMES, type LayerName } from '../../enrich/layer.js';

const allOn = (): Record<LayerName, boolean> => Object.fromEntries(LAYER_NAMES.map((layer) => [layer, true])) as Record<LayerName, boolean>;
const sum = (budgets: Record<LayerName, number>) => Object.values(budgets).reduce((a, b) => a + b, 0);

describe('smallLayerCaps', () => {
  it('gives each small layer its share of the total, 0 when disabled', () => {
    const enabled = { ...allOn(), related: false };
    const caps = smallLayerCaps(DEFAULT_BUDGET_TOKENS, enabled);
    expect(caps).toEqual({ protocol: 2400, task: 3600, verify: 1200, lessons: 4800, related: 0 });
  });

  it('leaves the repository layers at least 40 % of the total', () => {
    const shares = Object.values(SMALL_LAYER_SHARES).reduce((a, b) => a + b, 0);
    expect(shares).toBeLessThanOrEqual(0.6);
  });
});

describe('planBudget', () => {
  it('gives fixed layers what they used and splits the rest over the elastic layers', () => {
    const fixed = { task: 100, protocol: 300, verify: 80, lessons: 400, related: 120 };
    const budgets = planBudget({ total: 24_000, enabled: allOn(), fixed });
    const remaining = 24_000 - 1000;
    expect(budgets).toMatchObject(fixed);
    expect(budgets.instructions).toBe(Math.floor(remaining * ELASTIC_LAYER_SHARES.instructions));
    expect(budgets.repoMap).toBe(Math.floor(remaining * ELASTIC_LAYER_SHARES.repoMap));
    expect(budgets.history).toBe(Math.floor(remaining * ELASTIC_LAYER_SHARES.history));
    expect(budgets.relevantFiles).toBe(remaining - budgets.instructions - budgets.repoMap - budgets.history);
    expect(sum(budgets)).toBe(24_000);
  });

  it('reserves its cap for a small layer not yet rendered', () => {
    const budgets = planBudget({ total: 10_000, enabled: allOn(), fixed: { task: 50, protocol: 300 } });
    expect(budgets.lessons).toBe(2000);
    expect(budgets.related).toBe(1000);
    expect(budgets.verify).toBe(500);
  });

  it('gives disabled layers 0 and the rest to the map when relevantFiles is off', () => {
    const enabled = { ...allOn(), relevantFiles: false, history: false, related: false };
    const budgets = planBudget({ total: 1000, enabled, fixed: { task: 100, protocol: 100, verify: 0, lessons: 0, related: 500 } });
    expect(budgets.relevantFiles).toBe(0);
    expect(budgets.history).toBe(0);
    expect(budgets.related).toBe(0);
    expect(budgets.instructions).toBe(160);
    expect(budgets.repoMap).toBe(800 - 160);
    expect(sum(budgets)).toBe(1000);
  });

  it.each([0, 1, 50, 333, 1000, 24_000])('never exceeds a total of %i, however much the fixed layers used', (total) => {
    for (const fixed of [{}, { protocol: 400, task: 5000, lessons: 9000 }, { task: 10, protocol: 10 }]) {
      const budgets = planBudget({ total, enabled: allOn(), fixed });
      expect(sum(budgets)).toBeLessThanOrEqual(total);
      for (const value of Object.values(budgets)) expect(Number.isInteger(value) && value >= 0).toBe(true);
    }
  });

  it('honours the protocol first when the fixed layers do not fit', () => {
    const budgets = planBudget({ total: 50, enabled: allOn(), fixed: { protocol: 300, task: 40 } });
    expect(budgets.protocol).toBe(50);
    expect(budgets.task).toBe(0);
    expect(sum(budgets)).toBe(50);
  });

  it('is deterministic, and refuses a non-finite total', () => {
    const input = { total: 5000, enabled: allOn(), fixed: { task: 123 } };
    expect(planBudget(input)).toEqual(planBudget(input));
    expect(() => planBudget({ ...input, total: Number.NaN })).toThrow(RangeError);
    expect(planBudget({ ...input, total: -5 }).relevantFiles).toBe(0);
  });
});

describe('reassignUnused', () => {
  it('moves what the rendered layers did not use to relevantFiles, keeping the sum', () => {
    const budgets = planBudget({ total: 20_000, enabled: allOn(), fixed: { task: 100, protocol: 300, verify: 100, lessons: 0, related: 0 } });
    const next = reassignUnused(budgets, { instructions: 500, repoMap: budgets.repoMap + 10, history: 0 }, allOn());
    expect(next.instructions).toBe(500);
    expect(next.repoMap).toBe(budgets.repoMap);
    expect(next.history).toBe(0);
    expect(next.relevantFiles).toBe(budgets.relevantFiles + (budgets.instructions - 500) + budgets.history);
    expect(sum(next)).toBe(sum(budgets));
  });

  it('changes nothing when the receiver is disabled', () => {
    const enabled = { ...allOn(), relevantFiles: false };
    const budgets = planBudget({ total: 1000, enabled, fixed: {} });
    expect(reassignUnused(budgets, { instructions: 0 }, enabled)).toEqual(budgets);
  });
});
