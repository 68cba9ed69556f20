/**
 * The last section of every prompt: how the agent says it is done, needs a decision, or is
 * blocked. The markers are what agents/completion-markers.ts looks for.
 */
export const COMPLETION_PROTOCOL = `## How to finish

When you stop, end your final message with exactly one of these:

- \`<promise>COMPLETE</promise>\` when the task is fully done. Ringmaster then runs the project's tests itself; do not claim they pass without running them.
- \`<decision>your question</decision>\` when you cannot go on without a person's decision. Ask one clear question; the answer comes in the next prompt.
- \`<blocked>why</blocked>\` when the task cannot be done (missing access, contradictory requirements). Say what is missing.

If you stop before the work is done (time or turn limits), say what is left; you will get another turn.
Do not commit: Ringmaster commits your changes in this worktree when the tests pass.`;
