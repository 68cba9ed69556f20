import { describe, expect, it } from '@jest/globals';
import { buildCodexInvocation, codexAdapter } from '../../agents/codex-adapter.js';
import { invocationInput, SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';

describe('buildCodexInvocation', () => {
  it('runs codex exec with JSON events in a writable sandbox, reading the prompt from stdin', () => {
    expect(buildCodexInvocation(invocationInput())).toEqual({
      command: 'codex',
      args: ['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', '-'],
      cwd: '/data/worktrees/t1',
      env: {},
      // The CLI's own configuration and credentials pass from the worker's environment.
      passEnv: ['OPENAI_*', 'CODEX_*'],
      stdin: SHELL_HOSTILE_PROMPT,
    });
  });

  it('puts the model and extra arguments before the stdin marker, and passes no limits', () => {
    const invocation = buildCodexInvocation(
      invocationInput({ maxTurns: 5, budgetUsd: 2, options: { model: 'gpt-5-codex', args: ['-c', 'model_reasoning_effort="high"'], env: { OPENAI_API_KEY: 'k' } } }),
    );
    expect(invocation.args).toEqual(['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', '-m', 'gpt-5-codex', '-c', 'model_reasoning_effort="high"', '-']);
    expect(invocation.env).toEqual({ OPENAI_API_KEY: 'k' });
    expect(invocation.args.some((arg) => arg.includes('rm -rf'))).toBe(false);
  });

  it('continues a thread with exec resume, its options before the subcommand', () => {
    const invocation = buildCodexInvocation(invocationInput({ resumeSession: '01a23eb7-2bfc-7821-a9a9-474566bfd547', options: { model: 'gpt-5-codex' } }));
    expect(invocation.args).toEqual(['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', '-m', 'gpt-5-codex', 'resume', '01a23eb7-2bfc-7821-a9a9-474566bfd547', '-']);
    expect(codexAdapter.resumesSessions).toBe(true);
  });

  it('is the codex adapter', () => {
    expect(codexAdapter).toMatchObject({ id: 'codex', executable: 'codex' });
  });
});
