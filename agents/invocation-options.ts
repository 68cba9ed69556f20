import type { AgentOptions } from '../model/task-input.js';
import type { InvocationInput } from './agent-adapter.js';
import { AgentConfigError } from './agent-errors.js';

/** Returns `[flag, model]` when a model is set, else nothing. */
export function modelArgs(flag: string, options: AgentOptions): string[] {
  return options.model ? [flag, options.model] : [];
}

/** Returns a copy of the extra CLI arguments of the options (none when unset). */
export function extraArgs(options: AgentOptions): string[] {
  return [...(options.args ?? [])];
}

/** Returns the options' environment with the adapter's own variables on top (the adapter's win). */
export function agentEnv(options: AgentOptions, own: Record<string, string> = {}): Record<string, string> {
  return { ...options.env, ...own };
}

/** Throws AgentConfigError unless maxTurns is a positive integer and budgetUsd a positive number (when given). */
export function checkLimits(agentId: string, input: Pick<InvocationInput, 'maxTurns' | 'budgetUsd'>): void {
  const { maxTurns, budgetUsd } = input;
  if (maxTurns !== undefined && !(Number.isInteger(maxTurns) && maxTurns > 0)) {
    throw new AgentConfigError(agentId, 'maxTurns', `must be a positive integer, got ${maxTurns}`);
  }
  if (budgetUsd !== undefined && !(Number.isFinite(budgetUsd) && budgetUsd > 0)) {
    throw new AgentConfigError(agentId, 'budgetUsd', `must be a positive amount, got ${budgetUsd}`);
  }
}

/** Returns a USD amount as a plain decimal (never exponent notation), to six places at most: 0.0001, 2.5. */
export function formatUsd(amount: number): string {
  const fixed = amount.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  // An amount under a millionth would print as 0, which the CLIs read as "no budget".
  return fixed === '0' ? '0.000001' : fixed;
}
