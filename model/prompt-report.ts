import { Type, type Static } from 'typebox';
import { LAYER_NAMES } from './prompt-settings.js';

/** One line of the per-layer token report of a built prompt. */
export const LayerReportSchema = Type.Object({
  layer: Type.Enum([...LAYER_NAMES]),
  budget: Type.Integer({ description: 'Tokens the layer was allowed' }),
  tokens: Type.Integer({ description: 'Tokens it used (0 when off or empty)' }),
  enabled: Type.Boolean(),
  note: Type.Optional(Type.String({ description: 'What it left out or why it is empty' })),
});
export type LayerReport = Static<typeof LayerReportSchema>;

/** The per-layer report of one built prompt: budget, total and each layer's share. */
export const PromptReportSchema = Type.Object({
  budget: Type.Integer(),
  total: Type.Integer({ description: 'Tokens of the whole prompt; never above budget' }),
  layers: Type.Array(LayerReportSchema),
  commit: Type.Union([Type.String(), Type.Null()], { description: 'The commit the repository layers were read at' }),
  durationMs: Type.Number(),
  retrievalMs: Type.Optional(Type.Number({ description: 'Of durationMs, opening the index at the commit and ranking its files' })),
});
export type PromptReport = Static<typeof PromptReportSchema>;
