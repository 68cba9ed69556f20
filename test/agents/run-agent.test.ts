import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentConfigError } from '../../agents/agent-errors.js';
import { ProcessStartError } from '../../process/process-errors.js';
import { runAgent, type RunAgentInput } from '../../agents/run-agent.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { SHELL_HOSTILE_PROMPT } from './support/invocation-input.js';

// The team's scripted agents: they read the prompt from stdin, check it against $RINGMASTER_PROMPT_FILE, then act.
const scriptedAgent = (name: string) => fileURLToPath(new URL(`../fixtures/agents/${name}`, import.meta.url));

describe('runAgent with the command agent', () => {
  let dir: string;
  let worktree: string;
  let input: Omit<RunAgentInput, 'options'>;

  beforeEach(() => {
    dir = makeTempDir('ringmaster-run-agent-');
    worktree = path.join(dir, 'worktree');
    fs.mkdirSync(worktree);
    const promptFile = path.join(dir, 'logs', 'prompt-1.md');
    fs.mkdirSync(path.dirname(promptFile));
    fs.writeFileSync(promptFile, SHELL_HOSTILE_PROMPT);
    input = { agentId: 'command', prompt: SHELL_HOSTILE_PROMPT, promptFile, worktree, logFile: path.join(dir, 'logs', 'iteration-1.log') };
  });

  afterEach(() => removeDir(dir));

  it('runs a scripted agent end to end: prompt in, file written, usage and completion read', async () => {
    const seen: string[] = [];
    const { run, process: ended } = await runAgent({
      ...input,
      options: { command: [process.execPath, scriptedAgent('write-file.mjs'), 'agent-output.txt', 'made by the agent; $(not run)'] },
      onLine: (line) => seen.push(line),
    });

    // write-file.mjs exits 9 when the prompt on stdin differs from the prompt file.
    expect(ended).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(run).toEqual({
      outcome: 'success',
      summary: 'Wrote agent-output.txt.',
      usage: { inputTokens: 1200, outputTokens: 80, costUsd: 0.01 },
    });
    expect(fs.readFileSync(path.join(worktree, 'agent-output.txt'), 'utf8')).toBe('made by the agent; $(not run)');
    expect(seen).toContain('<promise>COMPLETE</promise>');
    expect(fs.readFileSync(input.logFile, 'utf8')).toBe(`${seen.join('\n')}\n`);
  });

  it('reports a command that fails without a marker as an agent error', async () => {
    const { run } = await runAgent({ ...input, options: { command: [process.execPath, '-e', 'console.error("boom"); process.exit(2)'] } });
    expect(run).toMatchObject({ outcome: 'agent_error', summary: 'The command failed (exit 2): boom' });
  });

  it('reports a timeout, whatever the agent printed', async () => {
    const script = 'console.log("<promise>COMPLETE</promise>"); setInterval(() => {}, 1000)';
    const { run, process: ended } = await runAgent({ ...input, timeoutMs: 300, killGraceMs: 200, options: { command: [process.execPath, '-e', script] } });
    expect(ended.timedOut).toBe(true);
    expect(run.outcome).toBe('timeout');
  });

  it('throws AgentConfigError before starting anything when the command is missing', async () => {
    await expect(runAgent({ ...input, options: {} })).rejects.toThrow(AgentConfigError);
    expect(fs.existsSync(input.logFile)).toBe(false);
  });

  it('throws ProcessStartError when the command cannot be started', async () => {
    await expect(runAgent({ ...input, options: { command: ['./not-here.sh'] } })).rejects.toThrow(ProcessStartError);
  });
});
