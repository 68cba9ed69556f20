import { describe, expect, it } from '@jest/globals';
import { buildOpencodeInvocation, opencodeAdapter } from '../../agents/opencode-adapter.js';
import { invocationInput, SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';

describe('buildOpencodeInvocation', () => {
  it('runs opencode run with JSON events; the prompt goes to stdin, never to argv', () => {
    expect(buildOpencodeInvocation(invocationInput())).toEqual({
      command: 'opencode',
      args: ['run', '--format', 'json'],
      cwd: '/data/worktrees/t1',
      env: {},
      // The CLI's own configuration and credentials pass from the worker's environment.
      passEnv: ['OPENCODE_*', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'OPENROUTER_API_KEY', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME'],
      stdin: SHELL_HOSTILE_PROMPT,
    });
  });

  it('adds the provider/model, the session to continue and the extra arguments, and passes no limits', () => {
    const invocation = buildOpencodeInvocation(
      invocationInput({ maxTurns: 5, budgetUsd: 2, resumeSession: 'ses_44f9562d4ffe', options: { model: 'anthropic/claude-sonnet-4-5', args: ['--agent', 'build'] } }),
    );
    expect(invocation.args).toEqual(['run', '--format', 'json', '--model', 'anthropic/claude-sonnet-4-5', '--session', 'ses_44f9562d4ffe', '--agent', 'build']);
  });

  it('is the opencode adapter, which resumes sessions', () => {
    expect(opencodeAdapter).toMatchObject({ id: 'opencode', executable: 'opencode', resumesSessions: true });
  });
});
