// The codex adapter with the real Codex CLI (the 0.171.0 devDependency), driven by a scripted
// OpenAI Responses API on loopback: real process, real sandboxed tools, no network.
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { RunAgentInput } from '../../agents/run-agent.js';
import { codexTestEnv } from '../support/codex-test-env.js';
import { openAiError, startScriptedOpenAiServer, type OpenAiStep, type ScriptedOpenAiServer } from '../support/scripted-openai-server.js';
import { SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';
import { useRealCliSandbox } from './support/real-cli.js';

describe('the codex adapter with the real CLI', () => {
  const sandbox = useRealCliSandbox('ringmaster-codex-cli-');
  let server: ScriptedOpenAiServer;

  async function runCodex(steps: OpenAiStep[], more: Partial<RunAgentInput> = {}) {
    server = sandbox.track(await startScriptedOpenAiServer(steps));
    return sandbox.run('codex', { model: 'gpt-5-codex', env: codexTestEnv(server.url, path.join(sandbox.dir, 'codex-home')) }, more);
  }

  it('edits a file through its shell tool and reads the completed run: outcome, tokens, thread id; the prompt and model reach the API', async () => {
    const { run, process: ended } = await runCodex([
      { call: { name: 'exec_command', arguments: { cmd: 'echo made-by-codex > proof.txt' } }, usage: { input_tokens: 1000, output_tokens: 20 } },
      { text: 'Wrote proof.txt.\n\n<promise>COMPLETE</promise>', usage: { input_tokens: 1200, output_tokens: 30, cached_tokens: 800 } },
    ]);

    expect(ended.exitCode).toBe(0);
    expect(run).toMatchObject({ outcome: 'success', summary: 'Wrote proof.txt.', sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(run.usage).toMatchObject({ inputTokens: 2200, outputTokens: 50, cacheReadTokens: 800, costUsd: null });
    expect(fs.readFileSync(path.join(sandbox.worktree, 'proof.txt'), 'utf8')).toBe('made-by-codex\n');
    const [first, second] = server.requests;
    expect((first!.body as { model: string }).model).toBe('gpt-5-codex');
    expect(JSON.stringify(first!.body)).toContain(JSON.stringify(SHELL_HOSTILE_PROMPT).slice(1, -1));
    // The tool's result went back to the model.
    expect(JSON.stringify(second!.body)).toContain('function_call_output');
  });

  it('continues its thread: the resumed run sends the earlier turns with the new prompt', async () => {
    const first = await runCodex([{ text: 'Half done.' }, { text: 'Finished.\n<promise>COMPLETE</promise>' }]);
    expect(first.run).toMatchObject({ outcome: 'incomplete', sessionId: expect.any(String) });
    const steps = server;
    const second = await sandbox.run(
      'codex',
      { model: 'gpt-5-codex', env: codexTestEnv(steps.url, path.join(sandbox.dir, 'codex-home')) },
      { prompt: 'The tests still fail: go on.', resumeSession: first.run.sessionId! },
    );
    expect(second.run).toMatchObject({ outcome: 'success', summary: 'Finished.', sessionId: first.run.sessionId });
    const resumed = JSON.stringify(steps.requests[1]!.body);
    expect(resumed).toContain(JSON.stringify(SHELL_HOSTILE_PROMPT).slice(1, -1));
    expect(resumed).toContain('Half done.');
    expect(resumed).toContain('The tests still fail: go on.');
    expect(steps.requests[1]!.step).toBe(1);
  });

  it('reports a model error (HTTP 500) as an agent error', async () => {
    const { run } = await runCodex([openAiError(500, 'server_error', 'The server had an error while processing your request')]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toMatch(/^Codex reported a failed turn: /);
  });

  it('reports a refused API key (HTTP 401) as an agent error that says so', async () => {
    const { run } = await runCodex([openAiError(401, 'invalid_request_error', 'Incorrect API key provided')]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toMatch(/^Codex reported a failed turn: unexpected status 401 Unauthorized: Incorrect API key provided/);
  });

  it('reads a rate limit (HTTP 429) as rate_limited', async () => {
    const { run } = await runCodex([openAiError(429, 'rate_limit_exceeded', 'Rate limit reached for requests', { 'retry-after': '7' })]);
    expect(run).toMatchObject({ outcome: 'rate_limited', summary: expect.stringContaining('429 Too Many Requests') });
  });
});
