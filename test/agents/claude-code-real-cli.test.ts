// The claude-code adapter with the real Claude Code CLI (the 2.1.330 devDependency), driven by the
// scripted model server on loopback: real process, real tools, no network.
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { RunAgentInput } from '../../agents/run-agent.js';
import type { AgentOptions } from '../../model/task-input.js';
import { claudeTestEnv } from '../support/claude-test-env.js';
import { freePort } from '../support/free-port.js';
import { waitForExit } from '../support/processes.js';
import { CLAUDE_BIN } from '../support/run-claude-code.js';
import { startScriptedAnthropicServer, type ScriptedAnthropicServer, type ScriptStep } from '../support/scripted-anthropic-server.js';
import { SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';
import { useRealCliSandbox } from './support/real-cli.js';

describe('the claude-code adapter with the real CLI', () => {
  const sandbox = useRealCliSandbox('ringmaster-claude-cli-');
  let server: ScriptedAnthropicServer | undefined;

  /**
   * The CLI's test environment, with the devDependency's `claude` first on PATH (the adapter runs
   * `claude`) and no API retries (an unreachable API would otherwise take minutes of back-off).
   */
  function claudeOptions(baseUrl: string, model?: string): AgentOptions {
    const env = claudeTestEnv(baseUrl, path.join(sandbox.dir, 'config'));
    const defined = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined);
    return {
      ...(model ? { model } : {}),
      env: {
        ...Object.fromEntries(defined),
        PATH: `${path.dirname(CLAUDE_BIN)}${path.delimiter}${env.PATH ?? ''}`,
        CLAUDE_CODE_MAX_RETRIES: '0',
      },
    };
  }

  function runClaude(baseUrl: string, more: Partial<RunAgentInput> & { model?: string } = {}) {
    const { model, ...rest } = more;
    return sandbox.run('claude-code', claudeOptions(baseUrl, model), rest);
  }

  async function scripted(steps: ScriptStep[]): Promise<string> {
    server = sandbox.track(await startScriptedAnthropicServer(steps));
    return server.url;
  }

  it('reads a completed run: outcome, cost, tokens, session; the prompt and the model reach the API', async () => {
    const url = await scripted([{ text: 'Added the greeting.\n\n<promise>COMPLETE</promise>', usage: { input_tokens: 100, output_tokens: 12 } }]);
    const { run, process: ended } = await runClaude(url, { maxTurns: 5, budgetUsd: 1, model: 'claude-sonnet-4-5' });

    expect(ended.exitCode).toBe(0);
    expect(run).toMatchObject({
      outcome: 'success',
      summary: 'Added the greeting.',
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(run.usage.costUsd).toBeGreaterThan(0);
    // Side calls of the CLI (if any) count too: at least the main turn's tokens.
    expect(run.usage.inputTokens).toBeGreaterThanOrEqual(100);
    expect(run.usage.outputTokens).toBeGreaterThanOrEqual(12);
    const [main] = server!.mainLoopRequests();
    expect((main!.body as { model: string }).model).toBe('claude-sonnet-4-5');
    expect(JSON.stringify(main!.body)).toContain(JSON.stringify(SHELL_HOSTILE_PROMPT).slice(1, -1));
  });

  it('continues its session with --resume: the resumed run sends the earlier turns with the new prompt', async () => {
    const url = await scripted([{ text: 'Half done.' }, { text: 'Finished.\n\n<promise>COMPLETE</promise>' }]);
    const first = await runClaude(url);
    expect(first.run).toMatchObject({ outcome: 'incomplete', sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const second = await runClaude(url, { prompt: 'The tests still fail: go on.', resumeSession: first.run.sessionId! });
    expect(second.run).toMatchObject({ outcome: 'success', summary: 'Finished.' });
    const [, resumed] = server!.mainLoopRequests();
    expect(resumed!.step).toBe(1);
    const body = JSON.stringify(resumed!.body);
    expect(body).toContain('Half done.');
    expect(body).toContain('The tests still fail: go on.');
  });

  it('lets the agent run a shell tool, and reads the turn limit as incomplete', async () => {
    const url = await scripted([{ toolUse: { name: 'Bash', input: { command: 'echo made-by-claude > proof.txt', description: 'write proof' } } }]);
    const { run, process: ended } = await runClaude(url, { maxTurns: 1 });

    expect(ended.exitCode).toBe(1);
    expect(run).toMatchObject({ outcome: 'incomplete', summary: 'Claude Code stopped at its turn limit: Reached maximum number of turns (1)' });
    expect(fs.readFileSync(path.join(sandbox.worktree, 'proof.txt'), 'utf8')).toBe('made-by-claude\n');
  });

  it('reads the spending limit as budget_exceeded', async () => {
    const url = await scripted([{ text: 'I started on it.' }]);
    const { run } = await runClaude(url, { budgetUsd: 0.0001 });
    expect(run).toMatchObject({ outcome: 'budget_exceeded', summary: 'Claude Code stopped at its spending limit: Reached maximum budget ($0.0001)' });
  });

  it('reads a decision marker as needs_decision', async () => {
    const url = await scripted([{ text: 'Two ways to go.\n<decision>Keep the v1 endpoints?</decision>' }]);
    const { run } = await runClaude(url);
    expect(run).toMatchObject({ outcome: 'needs_decision', question: 'Keep the v1 endpoints?' });
  });

  it('reports an unreachable model API as an agent error', async () => {
    const { run } = await runClaude(`http://127.0.0.1:${await freePort()}`);
    expect(run.outcome).toBe('agent_error');
    expect(run.summary).toMatch(/^Claude Code reported an error \(success, api_error\): API Error: /);
  });

  it('stops a run whose model never answers at the time limit, leaving nothing behind', async () => {
    // Accepts connections and never answers them.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    let pid: number | undefined;
    try {
      const { port } = silent.address() as net.AddressInfo;
      const { run, process: ended } = await runClaude(`http://127.0.0.1:${port}`, { timeoutMs: 3000, killGraceMs: 1000, onSpawn: (p) => (pid = p) });
      expect(ended.timedOut).toBe(true);
      expect(run.outcome).toBe('timeout');
      await waitForExit(pid!, 3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
