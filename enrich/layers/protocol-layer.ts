import { countTokens } from '../tokens.js';
import type { RenderedLayer } from './layer-output.js';

/**
 * The last section of every prompt: the rules of the worktree, and how the agent says it is
 * done, needs a decision, or is blocked. The markers are what agents/completion-markers.ts
 * looks for.
 */
export const PROTOCOL_TEXT = `## Rules of this worktree

- Work only inside this worktree (the current directory); do not change files outside it.
- Do not push, and do not commit: Ringmaster commits your changes in this worktree when the tests pass. The one exception: finishing a merge when this prompt asks you to.

## How to finish

When you stop, end your final message with exactly one of these:

- \`<promise>COMPLETE</promise>\` when the task is fully done. Ringmaster then runs the project's tests itself; do not claim they pass without running them.
- \`<decision>your question</decision>\` when you cannot go on without a person's decision. Ask one clear question; the answer comes in the next prompt.
- \`<blocked>why</blocked>\` when the task cannot be done (missing access, contradictory requirements). Say what is missing.

If you stop before the work is done (time or turn limits), say what is left; you will get another turn.`;

/**
 * Renders the protocol layer: always the whole of `PROTOCOL_TEXT`, since the agent cannot finish
 * without it. When `budgetTokens` is smaller, it is still returned in full (tokens then exceed
 * the budget, and the note says so); the budget planner accounts for it through `fixed`.
 */
export function renderProtocolLayer(budgetTokens: number): RenderedLayer {
  const tokens = countTokens(PROTOCOL_TEXT);
  const output: RenderedLayer = { layer: 'protocol', text: PROTOCOL_TEXT, tokens };
  return tokens > budgetTokens ? { ...output, note: `given in full over its budget of ${budgetTokens} tokens` } : output;
}
