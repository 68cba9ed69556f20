import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { IterationRecord } from '../../store/iteration-repository.js';
import type { TaskRecord } from '../../store/task-repository.js';
import { aiderTestEnv, AIDER_INSTALL_TIMEOUT_MS, ensureTestAider } from '../support/aider-test-env.js';
import { codexTestEnv } from '../support/codex-test-env.js';
import { geminiTestEnv } from '../support/gemini-test-env.js';
import { opencodeTestEnv } from '../support/opencode-test-env.js';
import { startScriptedChatServer } from '../support/scripted-chat-server.js';
import { startScriptedGeminiServer, type GeminiRequest } from '../support/scripted-gemini-server.js';
import { startScriptedOpenAiServer } from '../support/scripted-openai-server.js';
import { git, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// A task run by each REAL agent CLI (Codex, Gemini CLI, OpenCode of the devDependencies; Aider
// from PyPI in the tools dir), whose model is a scripted API on 127.0.0.1 (OpenAI Responses for
// Codex and OpenCode, Gemini's for Gemini CLI, OpenAI Chat Completions for Aider): the only fake is
// at the network boundary. The four tasks run at once, under one run of the harness's workers.
// (Claude Code has its own suite, claude-code-task.test.ts.)

const DONE = { text: 'Created GREETING.md with the greeting.\n\n<promise>COMPLETE</promise>' };

/** The worktree Gemini CLI runs in: the first of the workspace directories its session context lists. */
function worktreeOf(request: GeminiRequest): string {
  const found = /Workspace Directories:\*\*\n {2}- (\S+)/.exec((request.contents[0]?.parts as { text?: string }[] | undefined)?.[0]?.text ?? '');
  if (!found) throw new Error('no workspace directory in the first message');
  return found[1]!;
}

/** One CLI's case: how its scripted model is started, what env and model the task gives it. */
interface CliCase {
  agent: 'codex' | 'gemini' | 'opencode' | 'aider';
  model: string;
  start(greeting: string): Promise<{ url: string; mainLoopBodies(): unknown[]; close(): Promise<void> }>;
  env(url: string, home: string): Record<string, string>;
  /** Tokens the scripted model reports over the two calls (the first call's own plus DONE's). */
  tokens: { in: number; out: number };
  /** Model calls of the run: two (a tool call, then DONE) unless said; aider edits from its one reply. */
  calls?: number;
  /** The cost the CLI itself reports, when it does (else Ringmaster's price table estimates it). */
  reportedCostUsd?: number;
}

const shell = (greeting: string) => `printf '${greeting}\\n' > GREETING.md`;

const CASES: CliCase[] = [
  {
    agent: 'codex',
    model: 'gpt-5-codex',
    async start(greeting) {
      const server = await startScriptedOpenAiServer([
        { call: { name: 'exec_command', arguments: { cmd: shell(greeting) } }, usage: { input_tokens: 3000, output_tokens: 40 } },
        { ...DONE, usage: { input_tokens: 3200, output_tokens: 25 } },
      ]);
      return { url: server.url, mainLoopBodies: () => server.mainLoopRequests().map((r) => r.body), close: server.close };
    },
    env: codexTestEnv,
    tokens: { in: 6200, out: 65 },
  },
  {
    agent: 'opencode',
    model: 'openai/gpt-5-codex',
    async start(greeting) {
      const server = await startScriptedOpenAiServer([
        { call: { name: 'bash', arguments: { command: shell(greeting), description: 'write the greeting' } }, usage: { input_tokens: 3000, output_tokens: 40 } },
        { ...DONE, usage: { input_tokens: 3200, output_tokens: 25 } },
      ]);
      return { url: server.url, mainLoopBodies: () => server.mainLoopRequests().map((r) => r.body), close: server.close };
    },
    env: (url, home) => opencodeTestEnv(url, home),
    tokens: { in: 6200, out: 65 },
  },
  {
    agent: 'gemini',
    model: 'gemini-2.5-pro',
    async start(greeting) {
      const server = await startScriptedGeminiServer([
        (request) => ({ call: { name: 'write_file', args: { file_path: path.join(worktreeOf(request), 'GREETING.md'), content: `${greeting}\n` } } }),
        { ...DONE, usage: { promptTokenCount: 3200, candidatesTokenCount: 25 } },
      ]);
      return { url: server.url, mainLoopBodies: () => server.requests.filter((r) => r.path.endsWith(':streamGenerateContent')).map((r) => r.body), close: server.close };
    },
    env: geminiTestEnv,
    // The first call reports the scripted server's default counts.
    tokens: { in: 1400 + 3200, out: 70 + 25 },
  },
  {
    agent: 'aider',
    model: 'openai/gpt-4o',
    async start(greeting) {
      // One exchange: aider applies the edit in its reply itself ("diff" edit format).
      const reply = `Adding the greeting.\n\nGREETING.md\n\`\`\`\n<<<<<<< SEARCH\n=======\n${greeting}\n>>>>>>> REPLACE\n\`\`\`\n\n${DONE.text}`;
      const server = await startScriptedChatServer([{ text: reply, usage: { prompt_tokens: 6200, completion_tokens: 65 } }]);
      return { url: server.url, mainLoopBodies: () => server.requests.map((r) => r.body), close: server.close };
    },
    env: aiderTestEnv,
    tokens: { in: 6200, out: 65 },
    calls: 1,
    // Aider's own figure for gpt-4o ($2.50 and $10 per million: $0.01615), which it prints to the cent from a cent up.
    reportedCostUsd: 0.02,
  },
];

let harness: Harness;
const closers: (() => Promise<void>)[] = [];
const dirs: string[] = [];
const ended: Record<string, { task: TaskRecord; iterations: IterationRecord[]; repo: string; bodies: unknown[] }> = {};

beforeAll(async () => {
  await ensureTestAider();
}, AIDER_INSTALL_TIMEOUT_MS);

beforeAll(async () => {
  harness = await startHarness('agent-clis');
  const h = harness;
  const filed: { agent: string; id: string; repo: string; bodies: () => unknown[] }[] = [];
  for (const cli of CASES) {
    const greeting = `Hello from ${cli.agent}`;
    const server = await cli.start(greeting);
    closers.push(server.close);
    const repo = makeTempGitRepo({ 'check.mjs': `import fs from 'node:fs'; process.exit(fs.readFileSync('GREETING.md', 'utf8') === ${JSON.stringify(`${greeting}\n`)} ? 0 : 1);\n` });
    const home = makeTempDir(`ringmaster-${cli.agent}-home-`);
    dirs.push(repo, home);
    const project = { name: `greeter-${cli.agent}`, repoPath: repo, agent: cli.agent, testCommand: [process.execPath, 'check.mjs'] };
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: project })).statusCode).toBe(201);
    const payload = { project: project.name, title: 'Add a greeting', agentOptions: { model: cli.model, env: cli.env(server.url, home) } };
    const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload });
    expect(res.statusCode).toBe(201);
    filed.push({ agent: cli.agent, id: res.json<{ id: string }>().id, repo, bodies: server.mainLoopBodies });
  }
  await h.run(async () => {
    for (const { agent, id, repo, bodies } of filed) {
      const task = await h.waitFor(id, undefined, 120_000);
      ended[agent] = { task, iterations: h.api.store.iterations.list(id), repo, bodies: bodies() };
    }
  });
}, 180_000);

afterAll(async () => {
  await harness.close();
  for (const close of closers) await close();
  for (const dir of dirs) removeDir(dir);
});

describe.each(CASES)('a task with the real $agent CLI', (cli) => {
  it('writes a file through its own tool, signals completion, passes the tests and lands on main with its tokens and estimated cost', () => {
    const { task, iterations, repo, bodies } = ended[cli.agent]!;
    expect(task).toMatchObject({ status: 'completed', agent: cli.agent, outcome: 'success', iterations: 1 });
    expect(fs.readFileSync(path.join(repo, 'GREETING.md'), 'utf8')).toBe(`Hello from ${cli.agent}\n`);
    expect(git(repo, 'log', '-1', '--format=%B', 'main')).toContain('Created GREETING.md with the greeting.');
    const [iteration] = iterations;
    const costEstimated = cli.reportedCostUsd === undefined;
    expect(iteration).toMatchObject({ outcome: 'success', exitCode: 0, testsPassed: true, tokensIn: cli.tokens.in, tokensOut: cli.tokens.out, costEstimated, model: cli.model });
    // Codex, OpenCode and Gemini CLI report no cost for these models: the price table's, $1.25 and $10 per million for gpt-5-codex.
    if (!costEstimated) expect(iteration!.costUsd).toBe(cli.reportedCostUsd);
    else if (cli.model.endsWith('gpt-5-codex')) expect(iteration!.costUsd).toBeCloseTo((cli.tokens.in * 1.25 + cli.tokens.out * 10) / 1e6, 8);
    else expect(iteration!.costUsd).toBeGreaterThan(0);
    expect(bodies).toHaveLength(cli.calls ?? 2);
    expect(JSON.stringify(bodies[0])).toContain('Add a greeting');
  });
});
