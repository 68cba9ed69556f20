// The codex adapter with the real Codex CLI (the 0.171.0 devDependency), driven by a scripted
// OpenAI Responses API on loopback: real process, real sandboxed tools, no network.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { runAgent, type RunAgentInput } from '../../agents/run-agent.js';
import { codexTestEnv } from '../support/codex-test-env.js';
import { openAiError, startScriptedOpenAiServer, type OpenAiStep, type ScriptedOpenAiServer } from '../support/scripted-openai-server.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';

describe('the codex adapter with the real CLI', () => {
  let dir: string;
  let worktree: string;
  let server: ScriptedOpenAiServer | undefined;

  beforeEach(() => {
    dir = makeTempDir('ringmaster-codex-cli-');
    worktree = path.join(dir, 'worktree');
    fs.mkdirSync(worktree);
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
    removeDir(dir);
  });

  async function runCodex(steps: OpenAiStep[], more: Partial<RunAgentInput> = {}) {
    server = await startScriptedOpenAiServer(steps);
    const promptFile = path.join(dir, 'prompt-1.md');
    fs.writeFileSync(promptFile, SHELL_HOSTILE_PROMPT);
    return runAgent({
      agentId: 'codex',
      prompt: SHELL_HOSTILE_PROMPT,
      promptFile,
      worktree,
      logFile: path.join(dir, 'logs', 'iteration-1.log'),
      options: { model: 'gpt-5-codex', env: codexTestEnv(server.url, path.join(dir, 'codex-home')) },
      timeoutMs: 45_000,
      ...more,
    });
  }

  it('edits a file through its shell tool and reads the completed run: outcome, tokens, thread id; the prompt and model reach the API', async () => {
    const { run, process: ended } = await runCodex([
      { call: { name: 'exec_command', arguments: { cmd: 'echo made-by-codex > proof.txt' } }, usage: { input_tokens: 1000, output_tokens: 20 } },
      { text: 'Wrote proof.txt.\n\n<promise>COMPLETE</promise>', usage: { input_tokens: 1200, output_tokens: 30, cached_tokens: 800 } },
    ]);

    expect(ended.exitCode).toBe(0);
    expect(run).toMatchObject({ outcome: 'success', summary: 'Wrote proof.txt.', sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(run.usage).toMatchObject({ inputTokens: 2200, outputTokens: 50, cacheReadTokens: 800, costUsd: null });
    expect(fs.readFileSync(path.join(worktree, 'proof.txt'), 'utf8')).toBe('made-by-codex\n');
    const [first, second] = server!.requests;
    expect((first!.body as { model: string }).model).toBe('gpt-5-codex');
    expect(JSON.stringify(first!.body)).toContain(JSON.stringify(SHELL_HOSTILE_PROMPT).slice(1, -1));
    // The tool's result went back to the model.
    expect(JSON.stringify(second!.body)).toContain('function_call_output');
  });

  it('continues its thread: the resumed run sends the earlier turns with the new prompt', async () => {
    const first = await runCodex([{ text: 'Half done.' }, { text: 'Finished.\n<promise>COMPLETE</promise>' }]);
    expect(first.run).toMatchObject({ outcome: 'incomplete', sessionId: expect.any(String) });
    const steps = server!;
    const second = await runAgent({
      agentId: 'codex',
      prompt: 'The tests still fail: go on.',
      promptFile: path.join(dir, 'prompt-2.md'),
      worktree,
      logFile: path.join(dir, 'logs', 'iteration-2.log'),
      options: { model: 'gpt-5-codex', env: codexTestEnv(steps.url, path.join(dir, 'codex-home')) },
      resumeSession: first.run.sessionId!,
      timeoutMs: 45_000,
    });
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
