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

describe('runAgent finding an agent CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('ringmaster-run-agent-cli-');
    fs.mkdirSync(path.join(dir, 'worktree'));
  });
  afterEach(() => removeDir(dir));

  /** A program named `executable` in `folder` that prints `says` and exits. */
  function program(folder: string, executable: string, says: string): void {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, executable), `#!${process.execPath}\nconsole.log(${JSON.stringify(says)});\n`, { mode: 0o755 });
  }

  async function runAider(env: Record<string, string>, tools: string) {
    const promptFile = path.join(dir, 'prompt-1.md');
    fs.writeFileSync(promptFile, 'hello');
    const saved = process.env.RINGMASTER_TOOLS_DIR;
    process.env.RINGMASTER_TOOLS_DIR = tools;
    try {
      const { run } = await runAgent({ agentId: 'aider', prompt: 'hello', promptFile, worktree: path.join(dir, 'worktree'), logFile: path.join(dir, 'iteration-1.log'), options: { env } });
      return run.summary;
    } finally {
      if (saved === undefined) delete process.env.RINGMASTER_TOOLS_DIR;
      else process.env.RINGMASTER_TOOLS_DIR = saved;
    }
  }

  it("runs the CLI found on the PATH the task gives it, before the tools dir's", async () => {
    const tools = path.join(dir, 'tools');
    program(path.join(tools, 'bin'), 'aider', 'from the tools dir');
    program(path.join(dir, 'task-bin'), 'aider', "from the task's PATH");
    expect(await runAider({ PATH: `${path.join(dir, 'task-bin')}${path.delimiter}${process.env.PATH}` }, tools)).toBe("from the task's PATH");
    expect(await runAider({ PATH: path.dirname(process.execPath) }, tools)).toBe('from the tools dir');
  });
});
