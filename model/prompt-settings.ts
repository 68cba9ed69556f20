/** The nine context layers of a prompt, in the order they appear. Each can be switched off per project. */
export const LAYER_NAMES = ['task', 'instructions', 'repoMap', 'relevantFiles', 'history', 'verify', 'related', 'lessons', 'protocol'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** The prompt's token budget when the project sets none. */
export const DEFAULT_BUDGET_TOKENS = 24_000;
export const BUDGET_LIMITS = { min: 2_000, max: 400_000 } as const;

/** A project's prompt settings: its token budget and the layers it switched off (all on by default). */
export interface PromptSettings {
  budgetTokens: number;
  layers: Partial<Record<LayerName, boolean>>;
}

export const DEFAULT_PROMPT_SETTINGS: PromptSettings = { budgetTokens: DEFAULT_BUDGET_TOKENS, layers: {} };

/** Which layers are on: every layer not switched off explicitly. */
export function enabledLayers(settings: PromptSettings): Record<LayerName, boolean> {
  return Object.fromEntries(LAYER_NAMES.map((name) => [name, settings.layers[name] !== false])) as Record<LayerName, boolean>;
}

/** Project lessons read per prompt (newest first); the lessons layer ranks them by relevance and keeps what fits. */
export const LESSONS_PER_PROMPT = 30;
