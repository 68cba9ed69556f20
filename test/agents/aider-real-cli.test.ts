// The aider adapter with the real Aider (aider-chat 0.86.2 from PyPI, in the tools dir), driven by
// a scripted OpenAI Chat Completions API on loopback: real process, real edits, no network.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { aiderTestEnv, AIDER_INSTALL_TIMEOUT_MS, ensureTestAider } from '../support/aider-test-env.js';
import { chatError, startScriptedChatServer, type ChatStep, type ScriptedChatServer } from '../support/scripted-chat-server.js';
import { SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';
import { useRealCliSandbox } from './support/real-cli.js';

/** A reply in aider's "diff" edit format creating `file` with `content`, then the completion marker. */
function createFileReply(file: string, content: string, before = 'I will create the file.'): string {
  return `${before}\n\n${file}\n\`\`\`\n<<<<<<< SEARCH\n=======\n${content}\n>>>>>>> REPLACE\n\`\`\`\n\nDone.\n\n<promise>COMPLETE</promise>`;
}

// The OpenAI SDK inside aider retries a 429 or 5xx twice itself, honouring retry-after-ms.
const QUICK_SDK_RETRY = { 'retry-after-ms': '10' };

beforeAll(async () => {
  await ensureTestAider();
}, AIDER_INSTALL_TIMEOUT_MS);

describe('the aider adapter with the real CLI', () => {
  const sandbox = useRealCliSandbox('ringmaster-aider-cli-');
  let server: ScriptedChatServer;

  async function runAider(steps: ChatStep[]) {
    server = sandbox.track(await startScriptedChatServer(steps));
    execFileSync('git', ['init', '-q'], { cwd: sandbox.worktree });
    return sandbox.run('aider', { model: 'openai/gpt-4o', env: aiderTestEnv(server.url, path.join(sandbox.dir, 'aider-home')) });
  }

  it('creates a file through its edit format and reads the run: outcome, tokens and the cost aider reports; the prompt and model reach the API', async () => {
    const { run, process: ended } = await runAider([{ text: createFileReply('proof.txt', 'made-by-aider'), usage: { prompt_tokens: 3000, completion_tokens: 40 } }]);

    expect(ended.exitCode).toBe(0);
    expect(run).toMatchObject({ outcome: 'success', summary: expect.stringContaining('I will create the file.') });
    // Aider's own figure for gpt-4o ($2.50 and $10 per million): 3000 × 2.5e-6 + 40 × 1e-5.
    expect(run.usage).toEqual({ inputTokens: 3000, outputTokens: 40, costUsd: 0.0079 });
    expect(fs.readFileSync(path.join(sandbox.worktree, 'proof.txt'), 'utf8')).toBe('made-by-aider\n');
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.body.model).toBe('gpt-4o');
    expect(request!.headers.authorization).toBe('Bearer sk-scripted-test-key');
    expect(JSON.stringify(request!.body.messages)).toContain(JSON.stringify(SHELL_HOSTILE_PROMPT).slice(1, -1));
  });

  it('reports a model error (HTTP 500) as an agent error, stopped after aider retried it twice', async () => {
    const { run, process: ended } = await runAider([chatError(500, 'server_error', 'The server had an error while processing your request', QUICK_SDK_RETRY)]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toMatch(/^Aider's model call failed: litellm\.InternalServerError: .*The server had an error while processing your request/);
    expect(ended.stopRequested).toBe(true);
    // Three attempts of aider's, each the SDK's request and its two retries.
    expect(server.requests).toHaveLength(9);
  });

  it('reports a refused API key (HTTP 401) as an agent error that says so', async () => {
    const { run, process: ended } = await runAider([chatError(401, 'invalid_request_error', 'Incorrect API key provided')]);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toMatch(/^Aider's model call failed: litellm\.AuthenticationError: .*Incorrect API key provided The API provider is not able to authenticate you/);
    // Aider does not retry it: it ends by itself.
    expect(ended).toMatchObject({ exitCode: 0 });
    expect(ended.stopRequested).toBeUndefined();
  });

  it('reads a rate limit (HTTP 429) as rate_limited with its reset, stopping aider instead of waiting out its backoff', async () => {
    const { run, process: ended } = await runAider([chatError(429, 'rate_limit_exceeded', 'Rate limit reached for gpt-4o. Please try again in 20s.', QUICK_SDK_RETRY)]);
    expect(run).toMatchObject({ outcome: 'rate_limited', rateLimit: { retryAfterSeconds: 20 }, summary: expect.stringContaining('litellm.RateLimitError') });
    expect(ended.stopRequested).toBe(true);
    expect(server.requests).toHaveLength(3);
  });
});
