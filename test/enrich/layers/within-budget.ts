import { expect } from '@jest/globals';
import type { LayerName } from '../../../enrich/layer.js';
import type { RenderedLayer } from '../../../enrich/layers/layer-output.js';
import { countTokens } from '../../../enrich/tokens.js';

/** Budgets every renderer is tried at, the tiny ones included. */
export const BUDGETS = [0, 1, 5, 10, 50, 120, 400, 2000, 24_000];

/** Checks the layer invariants: the right name, `tokens` is the text's count and within `budget`. */
export function expectWithinBudget(output: RenderedLayer, budget: number, layer: LayerName): void {
  expect(output.layer).toBe(layer);
  expect(output.tokens).toBe(countTokens(output.text));
  expect(output.tokens).toBeLessThanOrEqual(Math.max(0, budget));
  expect(output.text).toBe(output.text.trim());
}
