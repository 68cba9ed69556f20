import { describe, expect, it } from '@jest/globals';
import { buildGeminiInvocation, geminiAdapter } from '../../agents/gemini-adapter.js';
import { invocationInput, SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';

describe('buildGeminiInvocation', () => {
  it('runs gemini headless with stream-json and auto_edit; the prompt goes to stdin, no -p', () => {
    expect(buildGeminiInvocation(invocationInput())).toEqual({
      command: 'gemini',
      args: ['--output-format', 'stream-json', '--approval-mode', 'auto_edit'],
      cwd: '/data/worktrees/t1',
      env: {},
      // The CLI's own configuration and credentials pass from the worker's environment.
      passEnv: ['GEMINI_*', 'GOOGLE_API_KEY', 'GOOGLE_GENAI_*', 'GOOGLE_GEMINI_*', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION'],
      stdin: SHELL_HOSTILE_PROMPT,
    });
  });

  it('adds the model and extra arguments, and passes no limits', () => {
    const invocation = buildGeminiInvocation(invocationInput({ maxTurns: 5, budgetUsd: 2, options: { model: 'gemini-2.5-pro', args: ['--include-directories', '../shared docs'] } }));
    expect(invocation.args).toEqual(['--output-format', 'stream-json', '--approval-mode', 'auto_edit', '--model', 'gemini-2.5-pro', '--include-directories', '../shared docs']);
    expect(invocation.args.some((arg) => arg.includes('rm -rf'))).toBe(false);
  });

  it('continues a session with --resume after the model', () => {
    const invocation = buildGeminiInvocation(invocationInput({ resumeSession: '6b25efb6-2ca5-4b6e-a5f6-efd79e721645', options: { model: 'gemini-2.5-pro' } }));
    expect(invocation.args.slice(4)).toEqual(['--model', 'gemini-2.5-pro', '--resume', '6b25efb6-2ca5-4b6e-a5f6-efd79e721645']);
    expect(geminiAdapter.resumesSessions).toBe(true);
  });

  it('is the gemini adapter', () => {
    expect(geminiAdapter).toMatchObject({ id: 'gemini', executable: 'gemini' });
  });
});
