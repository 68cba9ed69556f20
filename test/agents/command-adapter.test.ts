import { describe, expect, it } from '@jest/globals';
import { AgentConfigError } from '../../agents/agent-errors.js';
import { buildCommandInvocation, commandAdapter } from '../../agents/command-adapter.js';
import { invocationInput, SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';

describe('buildCommandInvocation', () => {
  it('runs the configured argv plus extra arguments, prompt on stdin and its file in the environment', () => {
    const invocation = buildCommandInvocation(
      invocationInput({ options: { command: ['./agent.sh', '--mode', 'a b; c'], args: ['--verbose'], env: { RINGMASTER_PROMPT_FILE: 'ignored', TOKEN: 't' } } }),
    );
    expect(invocation).toEqual({
      command: './agent.sh',
      args: ['--mode', 'a b; c', '--verbose'],
      cwd: '/data/worktrees/t1',
      env: { TOKEN: 't', RINGMASTER_PROMPT_FILE: '/data/logs/tasks/t1/prompt 1.md', RINGMASTER_WORKTREE: '/data/worktrees/t1' },
      stdin: SHELL_HOSTILE_PROMPT,
    });
  });

  it.each([[undefined], [[]], [['  ']]])('refuses a missing or empty command (%j)', (command) => {
    expect(() => buildCommandInvocation(invocationInput({ options: { command } }))).toThrow(AgentConfigError);
    expect(() => buildCommandInvocation(invocationInput({ options: { command } }))).toThrow(/^command agent: options\.command must be a non-empty argv array/);
  });

  it('is the command adapter, with no default executable', () => {
    expect(commandAdapter.id).toBe('command');
    expect(commandAdapter.executable).toBeUndefined();
  });
});
