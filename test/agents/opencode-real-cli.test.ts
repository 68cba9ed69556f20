// The opencode adapter with the real OpenCode (the 1.18.33 devDependency opencode-ai), driven by
// a scripted OpenAI Responses API on loopback as its `openai` provider: real process, real tools.
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { RunAgentInput } from '../../agents/run-agent.js';
import { opencodeTestEnv } from '../support/opencode-test-env.js';
import { openAiError, startScriptedOpenAiServer, type OpenAiStep, type ScriptedOpenAiServer } from '../support/scripted-openai-server.js';
import { SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';
import { useRealCliSandbox } from './support/real-cli.js';

describe('the opencode adapter with the real CLI', () => {
  const sandbox = useRealCliSandbox('ringmaster-opencode-cli-');
  let server: ScriptedOpenAiServer | undefined;

  async function runOpencode(steps: OpenAiStep[], more: Partial<RunAgentInput> = {}) {
    // A resumed run goes on talking to the test's server.
    if (steps.length > 0) server = sandbox.track(await startScriptedOpenAiServer(steps));
    return sandbox.run('opencode', { model: 'openai/gpt-5-codex', env: opencodeTestEnv(server!.url, path.join(sandbox.dir, 'home')) }, more);
  }

  it('edits a file through its bash tool and reads the completed run: outcome, tokens, session; the prompt reaches the API', async () => {
    const { run, process: ended } = await runOpencode([
      { call: { name: 'bash', arguments: { command: 'echo made-by-opencode > proof.txt', description: 'write proof' } }, usage: { input_tokens: 1000, output_tokens: 20 } },
      { text: 'Wrote proof.txt.\n\n<promise>COMPLETE</promise>', usage: { input_tokens: 1200, output_tokens: 30, cached_tokens: 800 } },
    ]);

    expect(ended.exitCode).toBe(0);
    expect(run).toMatchObject({ outcome: 'success', summary: 'Wrote proof.txt.', sessionId: expect.stringMatching(/^ses_\w+$/) });
    expect(run.usage).toMatchObject({ inputTokens: 2200, outputTokens: 50, cacheReadTokens: 800 });
    expect(fs.readFileSync(path.join(sandbox.worktree, 'proof.txt'), 'utf8')).toBe('made-by-opencode\n');
    const [first, second] = server!.mainLoopRequests();
    expect((first!.body as { model: string }).model).toBe('gpt-5-codex');
    expect(JSON.stringify(first!.body)).toContain(JSON.stringify(SHELL_HOSTILE_PROMPT.trim()).slice(1, -1));
    expect(JSON.stringify(second!.body)).toContain('function_call_output');
  });

  it('continues its session: the resumed run sends the earlier turns with the new prompt', async () => {
    const first = await runOpencode([{ text: 'Half done.' }, { text: 'Finished.\n<promise>COMPLETE</promise>' }]);
    expect(first.run).toMatchObject({ outcome: 'incomplete', sessionId: expect.any(String) });
    const second = await runOpencode([], { prompt: 'The tests still fail: go on.', resumeSession: first.run.sessionId! });
    expect(second.run).toMatchObject({ outcome: 'success', summary: 'Finished.', sessionId: first.run.sessionId });
    const resumed = server!.mainLoopRequests()[1]!;
    expect(resumed.step).toBe(1);
    expect(JSON.stringify(resumed.body)).toContain('Half done.');
    expect(JSON.stringify(resumed.body)).toContain('The tests still fail: go on.');
  });

  // OpenCode retries 5xx and 429 five times on its own (not configurable), waiting what the
  // answer's retry-after-ms says: the scripted errors say 10 ms, so the run gives up at once.
  const soon = { 'retry-after-ms': '10' };

  it('reports a model error (HTTP 500) as an agent error, once its own retries are spent', async () => {
    const { run } = await runOpencode([openAiError(500, 'server_error', 'The server had an error while processing your request', soon)]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toMatch(/^OpenCode reported an error: /);
  });

  it('reports a refused API key (HTTP 401) as an agent error that says so', async () => {
    const { run } = await runOpencode([openAiError(401, 'invalid_request_error', 'Incorrect API key provided')]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toContain('Incorrect API key provided');
  });

  it('reads a rate limit (HTTP 429) as rate_limited', async () => {
    const { run } = await runOpencode([openAiError(429, 'rate_limit_exceeded', 'Rate limit reached for requests. Please try again in 7s.', soon)]);
    expect(run).toMatchObject({ outcome: 'rate_limited', rateLimit: { retryAfterSeconds: 7 } });
  });
});
