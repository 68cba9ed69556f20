import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp } from '../support/test-app.js';

// Codex and Gemini CLI report tokens but no cost: Ringmaster prices their tokens with the price
// table, marks the cost as estimated, and holds a budget with it (neither CLI has a spend flag).
// The CLIs are scripted programs named `codex` and `gemini` on the task's PATH printing their
// recorded event streams (token counts from test/fixtures/agent-samples); the adapters, parsers,
// workflow, records and metrics are the real ones.

// Workers run once per harness: each test has its own.
let harness: Harness;
let cleanup: () => Promise<void>;
let bin: string;
const dirs: string[] = [];

beforeAll(() => {
  bin = makeTempDir('ringmaster-recorded-cli-');
  dirs.push(bin);
  for (const name of ['codex', 'gemini']) {
    const file = path.join(bin, name);
    fs.writeFileSync(file, `#!${process.execPath}\nimport(${JSON.stringify(pathToFileURL(scriptedAgent('recorded-cli.mjs')).href)});\n`, { mode: 0o755 });
  }
});

async function startProject(): Promise<void> {
  harness = await startHarness('estimated-cost');
  const h = harness;
  cleanup = () => h.close();
  const repo = makeTempGitRepo({ 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('DONE.md') ? 0 : 1);\n" });
  dirs.push(repo);
  const res = await harness.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'priced', repoPath: repo, testCommand: [process.execPath, 'check.mjs'] } });
  expect(res.statusCode).toBe(201);
}

afterEach(async () => {
  await cleanup();
});

afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

const lines = (...events: object[]) => events.map((event) => `${JSON.stringify(event)}\n`).join('');

// Recorded: codex exec --json (turn.completed of jnarowski-agentcmd__stream-output-2).
const codexEvents = (message: string) =>
  lines(
    { type: 'thread.started', thread_id: '0199a213-81c0-7800-8aa1-bbab2a035a53' },
    { type: 'turn.started' },
    { type: 'item.completed', item: { id: 'item_0', type: 'agent_message', text: message } },
    { type: 'turn.completed', usage: { input_tokens: 6040, cached_input_tokens: 4992, output_tokens: 129 } },
  );
// gpt-5-codex: 1.25 USD per million input tokens, 0.125 cached, 10 output.
const CODEX_COST = ((6040 - 4992) * 1.25 + 4992 * 0.125 + 129 * 10) / 1e6;

// Recorded: gemini -o stream-json (jnarowski-agentcmd__docs-cli-gemini__stream-json-say-hello), on gemini-2.5-flash.
const geminiEvents = (message: string) =>
  lines(
    { type: 'init', timestamp: '2025-10-29T10:36:07.534Z', session_id: '2aa2472d-f175-41f6-a5a9-fd4f42cc345a', model: 'gemini-2.5-flash' },
    { type: 'message', timestamp: '2025-10-29T10:36:07.534Z', role: 'user', content: 'Write DONE.md' },
    { type: 'message', timestamp: '2025-10-29T10:36:09.772Z', role: 'assistant', content: message, delta: true },
    { type: 'result', timestamp: '2025-10-29T10:36:09.773Z', status: 'success', stats: { total_tokens: 7368, input_tokens: 7352, output_tokens: 16, duration_ms: 2239, tool_calls: 0 } },
  );
// gemini-2.5-flash: 0.30 USD per million input tokens, 2.50 output.
const GEMINI_COST = (7352 * 0.3 + 16 * 2.5) / 1e6;

function cliEnv(events: string): Record<string, string> {
  const file = path.join(bin, `events-${dirs.length}.jsonl`);
  dirs.push(file);
  fs.writeFileSync(file, events);
  return { PATH: `${bin}${path.delimiter}${process.env.PATH}`, RECORDED_CLI_EVENTS: file, RECORDED_CLI_WRITE: 'DONE.md=done\n' };
}

async function file(payload: object): Promise<string> {
  const res = await harness.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'priced', ...payload } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

interface IterationView {
  outcome: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number | null;
  costEstimated: boolean;
  model: string | null;
}

describe('estimated cost', () => {
  it('prices the tokens of a Codex and a Gemini task, marks the cost estimated, and counts it in the metrics', async () => {
    await startProject();
    const codex = await file({ title: 'Codex writes DONE.md', agent: 'codex', agentOptions: { model: 'gpt-5-codex', env: cliEnv(codexEvents('Wrote DONE.md.\n\n<promise>COMPLETE</promise>')) } });
    const gemini = await file({ title: 'Gemini writes DONE.md', agent: 'gemini', agentOptions: { env: cliEnv(geminiEvents('Wrote DONE.md.\n\n<promise>COMPLETE</promise>')) } });
    await harness.run(async () => {
      await harness.waitFor(codex, undefined, 120_000);
      await harness.waitFor(gemini, undefined, 120_000);
    });

    const view = async (id: string) => (await harness.app.inject({ method: 'GET', url: `/api/tasks/${id}` })).json<{ status: string; costUsd: number; iterationList: IterationView[] }>();
    const codexTask = await view(codex);
    expect(codexTask.status).toBe('completed');
    expect(codexTask.iterationList).toEqual([expect.objectContaining({ outcome: 'success', tokensIn: 6040, tokensOut: 129, costEstimated: true, model: 'gpt-5-codex' })]);
    expect(codexTask.iterationList[0]!.costUsd).toBeCloseTo(CODEX_COST, 9);
    expect(codexTask.costUsd).toBeCloseTo(CODEX_COST, 9);
    const geminiTask = await view(gemini);
    expect(geminiTask.status).toBe('completed');
    // The model is the one Gemini's init event names, not the default of the price table.
    expect(geminiTask.iterationList).toEqual([expect.objectContaining({ outcome: 'success', tokensIn: 7352, tokensOut: 16, costEstimated: true, model: 'gemini-2.5-flash' })]);
    expect(geminiTask.iterationList[0]!.costUsd).toBeCloseTo(GEMINI_COST, 9);

    const byModel = (await harness.app.inject({ method: 'GET', url: '/api/metrics/by-model?project=priced' })).json<{ items: { model: string; tasks: number; costUsd: number; tokensIn: number }[] }>();
    expect(byModel.items.map((item) => [item.model, item.tasks, item.tokensIn])).toEqual([
      ['gemini-2.5-flash', 1, 7352],
      ['gpt-5-codex', 1, 6040],
    ]);
    expect(byModel.items.find((item) => item.model === 'gpt-5-codex')!.costUsd).toBeCloseTo(CODEX_COST, 9);
    const scrape = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;
    const cost = /^ringmaster_agent_cost_usd_total\{project="priced",agent="codex",model="gpt-5-codex"\} (\S+)$/m.exec(scrape);
    expect(Number(cost?.[1])).toBeCloseTo(CODEX_COST, 9);
  }, 180_000);

  it('stops a Codex task at its budget after the iteration that spent it, though Codex has no budget flag', async () => {
    await startProject();
    const id = await file({
      title: 'Codex keeps going',
      agent: 'codex',
      maxIterations: 3,
      budgetUsd: CODEX_COST / 2,
      agentOptions: { model: 'gpt-5-codex', env: cliEnv(codexEvents('Still working on it.')) },
    });
    const task = await harness.run(() => harness.waitFor(id, undefined, 120_000));
    expect(task).toMatchObject({ status: 'failed', outcome: 'budget_exceeded', iterations: 1 });
    expect(task.error).toContain('budget exceeded');
    expect(harness.api.store.iterations.list(id)).toEqual([expect.objectContaining({ outcome: 'incomplete', costEstimated: true })]);
  }, 180_000);

  it('refuses a budget for a model the price table does not know, naming the field', async () => {
    // Refused by the API before any workflow starts: no workers needed.
    const home = makeTempDir('ringmaster-estimated-cost-api-');
    dirs.push(home);
    const api = await startTestApp(home);
    cleanup = () => api.close();
    const repo = makeTempGitRepo({ 'README.md': '# priced\n' });
    dirs.push(repo);
    expect((await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'priced', repoPath: repo } })).statusCode).toBe(201);
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'priced', title: 'Unpriced', agent: 'codex', budgetUsd: 1, agentOptions: { model: 'my-private-model' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/budgetUsd.*my-private-model/s);
    // Gemini without a model runs on its default, which the table prices: the budget can hold.
    expect((await api.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'priced', title: 'Priced', agent: 'gemini', budgetUsd: 1 } })).statusCode).toBe(201);
  });
});
