import type { LayerName } from '../model/prompt-settings.js';

export { LAYER_NAMES, type LayerName } from '../model/prompt-settings.js';

/** What one layer contributes: its markdown section (empty when it has nothing to say) and its size. */
export interface LayerOutput {
  layer: LayerName;
  text: string;
  tokens: number;
}

export type { LayerReport, PromptReport } from '../model/prompt-report.js';
