import { describe, expect, it } from '@jest/globals';
import { aiderAdapter, buildAiderInvocation } from '../../agents/aider-adapter.js';
import { invocationInput } from './support/invocation-input.js';

describe('buildAiderInvocation', () => {
  it('runs aider on the prompt file, non-interactive, plain output, no commits; stdin stays empty', () => {
    expect(buildAiderInvocation(invocationInput())).toEqual({
      command: 'aider',
      args: [
        '--message-file',
        '/data/logs/tasks/t1/prompt 1.md',
        '--yes-always',
        '--no-auto-commits',
        '--no-pretty',
        '--no-stream',
        '--no-check-update',
        '--analytics-disable',
        '--no-show-model-warnings',
        '--no-gitignore',
        '--chat-history-file',
        '/data/logs/tasks/t1/aider.chat.history.md',
        '--input-history-file',
        '/data/logs/tasks/t1/aider.input.history',
      ],
      cwd: '/data/worktrees/t1',
      env: { COLUMNS: '10000' },
      // The CLI's own configuration and credentials pass from the worker's environment.
      passEnv: ['AIDER_*', 'OPENAI_*', 'ANTHROPIC_*', 'GEMINI_*', 'OPENROUTER_*', 'DEEPSEEK_*', 'GROQ_*', 'MISTRAL_*', 'OLLAMA_*'],
    });
  });

  it('adds the model and extra arguments', () => {
    const invocation = buildAiderInvocation(invocationInput({ options: { model: 'sonnet', args: ['--map-tokens', '0'], env: { ANTHROPIC_API_KEY: 'k' } } }));
    expect(invocation.args.slice(-4)).toEqual(['--model', 'sonnet', '--map-tokens', '0']);
    expect(invocation.env).toEqual({ COLUMNS: '10000', ANTHROPIC_API_KEY: 'k' });
  });

  it('is the aider adapter', () => {
    expect(aiderAdapter).toMatchObject({ id: 'aider', executable: 'aider', worktreeLitter: ['.aider*'] });
  });
});
