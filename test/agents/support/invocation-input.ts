import type { InvocationInput } from '../../../agents/agent-adapter.js';

/** A prompt full of shell metacharacters: any shell on the way would mangle or execute it. */
export const SHELL_HOSTILE_PROMPT = `Fix the "title" \`id\` && rm -rf ~; echo $(whoami) > /tmp/pwned | cat $HOME 'q' * ? <promise>x</promise>\nsecond line`;

/** An invocation input with that prompt; `changes` override fields. */
export function invocationInput(changes: Partial<InvocationInput> = {}): InvocationInput {
  return {
    prompt: SHELL_HOSTILE_PROMPT,
    promptFile: '/data/logs/tasks/t1/prompt 1.md',
    worktree: '/data/worktrees/t1',
    options: {},
    ...changes,
  };
}
