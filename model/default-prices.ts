import type { PriceTable } from './model-prices.js';

/**
 * The price table Ringmaster ships (USD per million tokens, from the providers' public price
 * pages). RINGMASTER_PRICES_FILE overrides or adds entries; a dated release of a model takes its
 * family's price (see priceOf).
 */
export const DEFAULT_PRICES: PriceTable = {
  asOf: '2025-11-01',
  models: {
    'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
    'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
    'claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
    'gpt-5.1-codex': { input: 1.25, output: 10, cacheRead: 0.125 },
    'gpt-5.1': { input: 1.25, output: 10, cacheRead: 0.125 },
    'gpt-5-codex': { input: 1.25, output: 10, cacheRead: 0.125 },
    'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
    'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
    'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
    'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
    'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.31 },
    'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.075 },
    'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  },
  defaultModels: { codex: 'gpt-5-codex', gemini: 'gemini-2.5-pro' },
};
