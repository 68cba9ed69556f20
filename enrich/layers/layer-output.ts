import type { LayerName, LayerOutput } from '../layer.js';
import { countTokens, truncateToTokens } from '../tokens.js';

/** A rendered layer: its output plus, for the report, what it left out or why it is empty. */
export type RenderedLayer = LayerOutput & { note?: string };

/** The output of a layer with nothing to say (text '', 0 tokens), with the reason for the report. */
export function emptyLayer(layer: LayerName, note?: string): RenderedLayer {
  return note === undefined ? { layer, text: '', tokens: 0 } : { layer, text: '', tokens: 0, note };
}

/**
 * Finishes a layer: trims the text, counts it, and as a last guard cuts it to `budgetTokens`.
 * Renderers plan below their budget, but joining pieces can add a token at a seam, so the guard
 * keeps `tokens <= budgetTokens` true whatever happens.
 */
export function finishLayer(layer: LayerName, text: string, budgetTokens: number, note?: string): RenderedLayer {
  const trimmed = text.trim();
  if (!trimmed || budgetTokens <= 0) return emptyLayer(layer, note);
  const fitted = truncateToTokens(trimmed, budgetTokens);
  const final = fitted.truncated ? fitted.text.trimEnd() : trimmed;
  if (!final) return emptyLayer(layer, note);
  const output: RenderedLayer = { layer, text: final, tokens: fitted.truncated ? countTokens(final) : fitted.tokens };
  return note === undefined ? output : { ...output, note };
}
