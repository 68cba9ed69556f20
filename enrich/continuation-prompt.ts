import type { Carry } from '../model/task-loop.js';
import { renderCarrySection } from './layers/carry-section.js';

/**
 * The prompt of an iteration that continues the agent's own session: the task, the repository
 * context and the rules are already in its conversation, so only what is new goes in (the
 * failing tests, a person's answer, a conflict to merge), within `budgetTokens`. Pure.
 */
export function buildContinuationPrompt(input: { iteration: number; carry: Carry; budgetTokens: number }): string {
  const carry = renderCarrySection({ ...input.carry, previousSummary: undefined }, input.budgetTokens).text;
  return [
    `## Iteration ${input.iteration} of the same task`,
    'You are continuing the task of this conversation; the worktree is as you left it.',
    carry.replace(/^## Where the previous iteration left off\n\n/, '') || 'Your previous turn ended before the work was done: go on with it.',
    'Finish as before: end your final message with `<promise>COMPLETE</promise>`, `<decision>your question</decision>` or `<blocked>why</blocked>`.',
  ].join('\n\n');
}
