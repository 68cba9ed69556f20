import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PRICES } from '../../model/default-prices.js';
import { budgetProblem, estimateCostUsd, priceOf, withCost, type PriceTable } from '../../model/model-prices.js';

const table: PriceTable = {
  asOf: '2025-11-01',
  models: { 'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 }, 'gpt-5-codex': { input: 2, output: 20 }, flat: { input: 1, output: 1 } },
  defaultModels: { codex: 'gpt-5' },
};

describe('priceOf', () => {
  it('takes the own entry, else the longest family a dated release starts with, else none', () => {
    expect(priceOf(table, 'gpt-5-codex')).toEqual({ input: 2, output: 20 });
    expect(priceOf(table, 'gpt-5-codex-2025-09-15')).toEqual({ input: 2, output: 20 });
    expect(priceOf(table, 'gpt-5-2025-08-07')).toEqual({ input: 1.25, output: 10, cacheRead: 0.125 });
    // A name merely starting with the letters of an entry is another model.
    expect(priceOf(table, 'gpt-50')).toBeUndefined();
    expect(priceOf(table, 'flatter')).toBeUndefined();
  });

  it("prices OpenCode's provider/model names as their model", () => {
    expect(priceOf(table, 'openai/gpt-5-codex')).toEqual({ input: 2, output: 20 });
    expect(priceOf({ ...table, models: { ...table.models, 'proxy/gpt-5': { input: 9, output: 9 } } }, 'proxy/gpt-5')).toEqual({ input: 9, output: 9 });
    expect(priceOf(table, 'openai/unknown')).toBeUndefined();
  });

  it('prices every model the shipped table names as a CLI default', () => {
    for (const model of Object.values(DEFAULT_PRICES.defaultModels)) expect(priceOf(DEFAULT_PRICES, model)).toBeDefined();
  });
});

describe('estimateCostUsd', () => {
  it('prices cached input at the cache price, the rest of the input and the output at theirs', () => {
    expect(estimateCostUsd({ inputTokens: 6040, outputTokens: 129, cacheReadTokens: 4992 }, table.models['gpt-5']!)).toBeCloseTo((1048 * 1.25 + 4992 * 0.125 + 129 * 10) / 1e6, 12);
    // Without a cache price, cached tokens cost what input costs.
    expect(estimateCostUsd({ inputTokens: 1000, outputTokens: 0, cacheReadTokens: 400, cacheWriteTokens: 100 }, { input: 3, output: 15 })).toBeCloseTo(0.003, 12);
  });
});

describe('withCost', () => {
  it('keeps a cost the CLI reported and only adds the model', () => {
    expect(withCost(table, 'claude-code', { inputTokens: 10, outputTokens: 1, costUsd: 0.5 }, 'gpt-5')).toEqual({ inputTokens: 10, outputTokens: 1, costUsd: 0.5, model: 'gpt-5' });
  });

  it('estimates at the model the CLI reported before the one the task named, then the default', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 0, costUsd: null };
    expect(withCost(table, 'codex', { ...usage, model: 'flat' }, 'gpt-5-codex')).toEqual({ ...usage, model: 'flat', costUsd: 1, costEstimated: true });
    expect(withCost(table, 'codex', usage, 'gpt-5-codex')).toEqual({ ...usage, model: 'gpt-5-codex', costUsd: 2, costEstimated: true });
    expect(withCost(table, 'codex', usage, undefined)).toEqual({ ...usage, model: 'gpt-5', costUsd: 1.25, costEstimated: true });
  });

  it('leaves the cost unknown for a model without a price, or no model at all', () => {
    const usage = { inputTokens: 5, outputTokens: 5, costUsd: null };
    expect(withCost(table, 'codex', usage, 'my-private-model')).toEqual({ ...usage, model: 'my-private-model' });
    expect(withCost(table, 'gemini', usage, undefined)).toEqual(usage);
  });
});

describe('budgetProblem', () => {
  it('lets a budget hold for CLIs that report cost and for priced models', () => {
    expect(budgetProblem(table, 'claude-code', undefined)).toBeUndefined();
    expect(budgetProblem(table, 'aider', 'anything')).toBeUndefined();
    expect(budgetProblem(table, 'command', undefined)).toBeUndefined();
    expect(budgetProblem(table, 'codex', undefined)).toBeUndefined();
    expect(budgetProblem(table, 'codex', 'gpt-5-codex-2025-09-15')).toBeUndefined();
  });

  it('says why it cannot hold: no model to price, or a model without a price', () => {
    expect(budgetProblem(table, 'gemini', undefined)).toBe('gemini reports no cost and names no model to price its tokens at; set agentOptions.model to a model of the price table');
    expect(budgetProblem(table, 'codex', 'my-private-model')).toContain('no price for "my-private-model"');
  });
});
