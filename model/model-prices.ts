import { AgentId } from './agents.js';
import type { Usage } from './agent-outcome.js';

/** What a model costs, in USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Input tokens served from the provider's prompt cache; `input` when absent. */
  cacheRead?: number;
  /** Input tokens written to the prompt cache; `input` when absent. */
  cacheWrite?: number;
}

/** Prices per model, and the model each CLI uses when a task names none. */
export interface PriceTable {
  /** When the prices were read off the providers' price pages. */
  asOf: string;
  models: Record<string, ModelPrice>;
  defaultModels: Partial<Record<AgentId, string>>;
}

/** The agents whose CLI reports what a run cost; the others' cost is estimated from their tokens. */
export const AGENTS_REPORTING_COST: readonly AgentId[] = [AgentId.claudeCode, AgentId.aider];

/**
 * The price of `model`: its own entry, else the longest entry it starts with, so a dated release
 * (`claude-sonnet-4-5-20250929`) takes its family's price; a `provider/model` name (OpenCode's)
 * is priced as its model when the whole name has no entry. Undefined for an unknown model.
 */
export function priceOf(table: PriceTable, model: string): ModelPrice | undefined {
  const slash = model.lastIndexOf('/');
  if (slash >= 0 && !table.models[model]) return priceOf(table, model.slice(slash + 1));
  const own = table.models[model];
  if (own) return own;
  const family = Object.keys(table.models)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family === undefined ? undefined : table.models[family];
}

/** The cost of `usage` at `price`: cached input at the cache price, the rest of the input and the output at theirs. */
export function estimateCostUsd(usage: Pick<Usage, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>, price: ModelPrice): number {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const plainInput = Math.max(0, usage.inputTokens - cacheRead - cacheWrite);
  const microUsd = plainInput * price.input + cacheRead * (price.cacheRead ?? price.input) + cacheWrite * (price.cacheWrite ?? price.input) + usage.outputTokens * price.output;
  return microUsd / 1_000_000;
}

/** The model a run used: the one its CLI reported, else the one the task named, else the CLI's default. */
export function modelOfRun(table: PriceTable, agent: AgentId, usage: Usage, named: string | undefined): string | undefined {
  return usage.model ?? named ?? table.defaultModels[agent];
}

/**
 * The usage with its cost filled in: as reported when the CLI reported it, else estimated from the
 * tokens at the model's price (marked `costEstimated`); the cost stays null for an unknown model.
 */
export function withCost(table: PriceTable, agent: AgentId, usage: Usage, named: string | undefined): Usage {
  const model = modelOfRun(table, agent, usage, named);
  const withModel = model === undefined ? usage : { ...usage, model };
  if (usage.costUsd !== null || model === undefined) return withModel;
  const price = priceOf(table, model);
  return price ? { ...withModel, costUsd: estimateCostUsd(usage, price), costEstimated: true } : withModel;
}

/**
 * Why a budget cannot hold for a task of `agent` with `model` (undefined: it can): the CLI reports no
 * cost and the price of the model it will use is unknown. The `command` agent reports its own
 * usage (`<usage>` tags), so it is trusted to report a cost; an external agent reports through the API.
 */
export function budgetProblem(table: PriceTable, agent: AgentId, named: string | undefined): string | undefined {
  if (AGENTS_REPORTING_COST.includes(agent) || agent === AgentId.command || agent === AgentId.external) return undefined;
  const model = named ?? table.defaultModels[agent];
  if (model === undefined) return `${agent} reports no cost and names no model to price its tokens at; set agentOptions.model to a model of the price table`;
  if (!priceOf(table, model)) return `${agent} reports no cost and the price table has no price for "${model}"; add it (RINGMASTER_PRICES_FILE) or choose a listed model`;
  return undefined;
}
