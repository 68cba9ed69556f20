// The gemini adapter with the real Gemini CLI (the 0.61.0 devDependency), driven by a scripted
// Gemini API on loopback: real process, real tools, no network.
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { RunAgentInput } from '../../agents/run-agent.js';
import { geminiTestEnv } from '../support/gemini-test-env.js';
import { geminiError, startScriptedGeminiServer, type GeminiScriptStep, type ScriptedGeminiServer } from '../support/scripted-gemini-server.js';
import { SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';
import { useRealCliSandbox } from './support/real-cli.js';

describe('the gemini adapter with the real CLI', () => {
  const sandbox = useRealCliSandbox('ringmaster-gemini-cli-');
  let server: ScriptedGeminiServer | undefined;

  async function runGemini(steps: GeminiScriptStep[], more: Partial<RunAgentInput> = {}) {
    // A resumed run goes on talking to the test's server.
    if (steps.length > 0) server = sandbox.track(await startScriptedGeminiServer(steps));
    return sandbox.run('gemini', { model: 'gemini-2.5-pro', env: geminiTestEnv(server!.url, path.join(sandbox.dir, 'home')) }, more);
  }

  const mainRequests = () => server!.requests.filter((request) => request.path.endsWith(':streamGenerateContent'));

  it('edits a file through its write_file tool and reads the completed run: outcome, tokens, session, model; the prompt reaches the API', async () => {
    const { run, process: ended } = await runGemini([
      { call: { name: 'write_file', args: { file_path: path.join(sandbox.worktree, 'proof.txt'), content: 'made-by-gemini\n' } }, usage: { promptTokenCount: 1000, candidatesTokenCount: 20 } },
      { text: 'Wrote proof.txt.\n\n<promise>COMPLETE</promise>', usage: { promptTokenCount: 1200, candidatesTokenCount: 30 } },
    ]);

    expect(ended.exitCode).toBe(0);
    expect(run).toMatchObject({ outcome: 'success', summary: 'Wrote proof.txt.', sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(run.usage).toMatchObject({ inputTokens: 2200, outputTokens: 50, costUsd: null, model: 'gemini-2.5-pro' });
    expect(fs.readFileSync(path.join(sandbox.worktree, 'proof.txt'), 'utf8')).toBe('made-by-gemini\n');
    const [first, second] = mainRequests();
    expect(first!.model).toBe('gemini-2.5-pro');
    expect(JSON.stringify(first!.body)).toContain(JSON.stringify(SHELL_HOSTILE_PROMPT).slice(1, -1));
    expect(JSON.stringify(second!.body)).toContain('functionResponse');
  });

  it('continues its session: the resumed run sends the earlier turns with the new prompt', async () => {
    const first = await runGemini([{ text: 'Half done.' }, { text: 'Finished.\n<promise>COMPLETE</promise>' }]);
    expect(first.run).toMatchObject({ outcome: 'incomplete', sessionId: expect.any(String) });
    const second = await runGemini([], { prompt: 'The tests still fail: go on.', resumeSession: first.run.sessionId! });
    expect(second.run).toMatchObject({ outcome: 'success', summary: 'Finished.', sessionId: first.run.sessionId });
    const resumed = mainRequests()[1]!;
    expect(resumed.step).toBe(1);
    expect(JSON.stringify(resumed.body)).toContain('Half done.');
    expect(JSON.stringify(resumed.body)).toContain('The tests still fail: go on.');
  });

  it('reports a model error (HTTP 500) as an agent error', async () => {
    const { run } = await runGemini([geminiError(500, 'Internal error encountered.')]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toMatch(/^Gemini CLI reported an error: unknown: \[API Error: .*Internal error encountered/);
  });

  it('reports a refused API key (HTTP 400 API_KEY_INVALID) as an agent error that says so', async () => {
    const { run } = await runGemini([geminiError(400, 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }])]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toContain('API key not valid');
  });

  it('reads a rate limit (HTTP 429 with RetryInfo) as rate_limited with its reset', async () => {
    const { run } = await runGemini([
      geminiError(429, 'Resource has been exhausted (e.g. check quota). Please retry in 7s.', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }]),
    ]);
    expect(run).toMatchObject({ outcome: 'rate_limited', rateLimit: { retryAfterSeconds: 7 } });
  });
});
