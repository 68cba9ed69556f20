import { LAYER_NAMES, type LayerName } from './layer.js';

export { DEFAULT_BUDGET_TOKENS } from '../model/prompt-settings.js';

/**
 * Caps of the small layers, rendered first, as shares of the total budget. Together they can
 * take at most 60 %, so the repository layers always keep the larger part.
 */
export const SMALL_LAYER_SHARES = { task: 0.15, verify: 0.05, related: 0.1, lessons: 0.2, protocol: 0.1 } as const;
export type SmallLayerName = keyof typeof SMALL_LAYER_SHARES;

/** Caps of the elastic layers, as shares of what the small layers leave; relevantFiles takes the rest. */
export const ELASTIC_LAYER_SHARES = { instructions: 0.2, repoMap: 0.15, history: 0.05 } as const;

// When relevantFiles is off, the rest goes to the first enabled of these (the map can use it best).
const REST_TAKERS: readonly LayerName[] = ['relevantFiles', 'repoMap', 'instructions', 'history'];

// When the small layers' claims exceed the total, they are honoured in this order.
const SMALL_PRIORITY: readonly SmallLayerName[] = ['protocol', 'task', 'verify', 'lessons', 'related'];

const isSmall = (layer: LayerName): layer is SmallLayerName => layer in SMALL_LAYER_SHARES;

function checkedTotal(total: number): number {
  if (!Number.isFinite(total)) throw new RangeError(`the token budget must be a finite number, got ${total}`);
  return Math.max(0, Math.floor(total));
}

function zeroBudgets(): Record<LayerName, number> {
  return Object.fromEntries(LAYER_NAMES.map((layer) => [layer, 0])) as Record<LayerName, number>;
}

/**
 * The caps of the small layers (task, verify, related, lessons, protocol) for a `total` budget:
 * their share of it, rounded down; 0 for a disabled layer. Throws RangeError for a non-finite total.
 */
export function smallLayerCaps(total: number, enabled: Record<LayerName, boolean>): Record<SmallLayerName, number> {
  const checked = checkedTotal(total);
  const caps = {} as Record<SmallLayerName, number>;
  for (const layer of SMALL_PRIORITY) caps[layer] = enabled[layer] ? Math.floor(checked * SMALL_LAYER_SHARES[layer]) : 0;
  return caps;
}

/** What `planBudget` is given. */
export interface PlanBudgetInput {
  total: number;
  enabled: Record<LayerName, boolean>;
  /** Tokens already used by layers rendered first (usually task, protocol, verify, lessons, related). */
  fixed: Partial<Record<LayerName, number>>;
}

/**
 * Splits the `total` token budget over the layers. A layer in `fixed` gets what it used; a small
 * layer not in `fixed` gets its cap; these claims are honoured in priority order (protocol, task,
 * verify, lessons, related, then fixed elastic layers) while tokens are left. What remains goes to
 * the elastic layers: instructions, repoMap and history up to their shares, relevantFiles (or the
 * first enabled elastic layer when it is off) the rest. Disabled layers get 0; the budgets never
 * sum to more than `total`. Throws RangeError for a non-finite total.
 */
export function planBudget(input: PlanBudgetInput): Record<LayerName, number> {
  const total = checkedTotal(input.total);
  const { enabled, fixed } = input;
  const budgets = zeroBudgets();
  const caps = smallLayerCaps(total, enabled);
  const claimed = (layer: LayerName) => fixed[layer] !== undefined || isSmall(layer);
  const claimOrder = [...SMALL_PRIORITY, ...LAYER_NAMES.filter((layer) => !isSmall(layer) && fixed[layer] !== undefined)];
  let left = total;
  for (const layer of claimOrder) {
    if (!enabled[layer]) continue;
    const wanted = Math.max(0, Math.floor(fixed[layer] ?? (isSmall(layer) ? caps[layer] : 0)));
    budgets[layer] = Math.min(wanted, left);
    left -= budgets[layer];
  }
  const elastic = LAYER_NAMES.filter((layer) => enabled[layer] && !claimed(layer));
  const restTaker = REST_TAKERS.find((layer) => elastic.includes(layer));
  const remaining = left;
  for (const layer of elastic) {
    if (layer === restTaker) continue;
    const share = ELASTIC_LAYER_SHARES[layer as keyof typeof ELASTIC_LAYER_SHARES] ?? 0;
    budgets[layer] = Math.floor(remaining * share);
    left -= budgets[layer];
  }
  if (restTaker) budgets[restTaker] = left;
  return budgets;
}

/**
 * Gives the tokens the layers in `used` did not use to `to` (relevantFiles by default), which
 * is rendered last: each layer's budget becomes what it used, and `to` gains the difference.
 * Returns the budgets unchanged when `to` is disabled. The sum of the budgets stays the same.
 */
export function reassignUnused(
  budgets: Record<LayerName, number>,
  used: Partial<Record<LayerName, number>>,
  enabled: Record<LayerName, boolean>,
  to: LayerName = 'relevantFiles',
): Record<LayerName, number> {
  const next = { ...budgets };
  if (!enabled[to]) return next;
  for (const layer of LAYER_NAMES) {
    const tokens = used[layer];
    if (layer === to || tokens === undefined) continue;
    const unused = Math.max(0, next[layer] - Math.max(0, tokens));
    next[layer] -= unused;
    next[to] += unused;
  }
  return next;
}
