import { describe, expect, it } from '@jest/globals';
import { AgentConfigError } from '../../agents/agent-errors.js';
import { buildClaudeInvocation, CLAUDE_ALLOWED_TOOLS, claudeCodeAdapter } from '../../agents/claude-code-adapter.js';
import { invocationInput, SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';

describe('buildClaudeInvocation', () => {
  it('runs claude in print mode with stream-json, the allowed tools and acceptEdits; the prompt goes to stdin', () => {
    expect(buildClaudeInvocation(invocationInput())).toEqual({
      command: 'claude',
      args: ['-p', '--output-format', 'stream-json', '--verbose', '--allowedTools', CLAUDE_ALLOWED_TOOLS, '--permission-mode', 'acceptEdits'],
      cwd: '/data/worktrees/t1',
      env: {},
      // The CLI's own configuration and credentials pass from the worker's environment.
      passEnv: ['ANTHROPIC_*', 'CLAUDE_*', 'DISABLE_*'],
      stdin: SHELL_HOSTILE_PROMPT,
    });
  });

  it('allows the file, search and shell tools', () => {
    expect(CLAUDE_ALLOWED_TOOLS.split(',')).toEqual(expect.arrayContaining(['Read', 'Write', 'Edit', 'Bash', 'Glob', 'Grep']));
  });

  it('adds the turn cap, the budget, the model and the extra arguments, in that order', () => {
    const invocation = buildClaudeInvocation(
      invocationInput({ maxTurns: 30, budgetUsd: 1.2345678, options: { model: 'sonnet', args: ['--append-system-prompt', 'Be brief; really'], env: { ANTHROPIC_API_KEY: 'k' } } }),
    );
    expect(invocation.args.slice(8)).toEqual(['--max-turns', '30', '--max-budget-usd', '1.234568', '--model', 'sonnet', '--append-system-prompt', 'Be brief; really']);
    expect(invocation.env).toEqual({ ANTHROPIC_API_KEY: 'k' });
  });

  it('continues a session with --resume before the model', () => {
    const invocation = buildClaudeInvocation(invocationInput({ maxTurns: 3, resumeSession: '0f3c2a9e-1b7d-4c55-9e0a-2d6f8b1c4e77', options: { model: 'opus' } }));
    expect(invocation.args.slice(8)).toEqual(['--max-turns', '3', '--resume', '0f3c2a9e-1b7d-4c55-9e0a-2d6f8b1c4e77', '--model', 'opus']);
    expect(claudeCodeAdapter.resumesSessions).toBe(true);
  });

  it('never puts the prompt in argv', () => {
    const invocation = buildClaudeInvocation(invocationInput({ maxTurns: 3, options: { model: 'opus' } }));
    expect(invocation.args.some((arg) => arg.includes('rm -rf'))).toBe(false);
  });

  it('refuses limits the CLI cannot take', () => {
    expect(() => buildClaudeInvocation(invocationInput({ maxTurns: 0 }))).toThrow(AgentConfigError);
    expect(() => buildClaudeInvocation(invocationInput({ maxTurns: 2.5 }))).toThrow('claude-code agent: maxTurns must be a positive integer, got 2.5');
    expect(() => buildClaudeInvocation(invocationInput({ budgetUsd: -1 }))).toThrow('claude-code agent: budgetUsd must be a positive amount, got -1');
  });

  it('is the claude-code adapter, looked up as `claude`', () => {
    expect(claudeCodeAdapter).toMatchObject({ id: 'claude-code', executable: 'claude' });
  });
});
