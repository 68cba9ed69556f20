import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { claudeTestEnv } from '../support/claude-test-env.js';
import { workingDirectoryOf } from '../support/classify-messages-request.js';
import { startScriptedAnthropicServer, type ScriptedAnthropicServer } from '../support/scripted-anthropic-server.js';
import { git, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// A task run by the REAL Claude Code CLI (devDependency @anthropic-ai/claude-code), whose model
// is a scripted Anthropic Messages API on 127.0.0.1: the only fake is at the network boundary.

const binDir = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));

let harness: Harness | undefined;
let server: ScriptedAnthropicServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = undefined;
  server = undefined;
  for (const dir of dirs.splice(0)) removeDir(dir);
});

function claudeEnv(url: string): Record<string, string> {
  const configDir = makeTempDir('ringmaster-claude-');
  dirs.push(configDir);
  const env = claudeTestEnv(url, configDir);
  return Object.fromEntries(Object.entries({ ...env, PATH: `${binDir}${path.delimiter}${process.env.PATH}` }).filter((e): e is [string, string] => e[1] !== undefined));
}

describe('a task with the real Claude Code CLI', () => {
  it('writes a file in the worktree, signals completion, passes the tests and lands on main', async () => {
    server = await startScriptedAnthropicServer([
      (request) => ({ toolUse: { name: 'Write', input: { file_path: path.join(workingDirectoryOf(request)!, 'GREETING.md'), content: 'Hello from Claude\n' } } }),
      { text: 'Created GREETING.md with the greeting.\n\n<promise>COMPLETE</promise>' },
    ]);
    harness = await startHarness('claude');
    const h = harness;
    const dir = makeTempGitRepo({ 'check.mjs': "import fs from 'node:fs'; process.exit(fs.readFileSync('GREETING.md', 'utf8') === 'Hello from Claude\\n' ? 0 : 1);\n" });
    dirs.push(dir);
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'greeter', repoPath: dir, agent: 'claude-code', testCommand: [process.execPath, 'check.mjs'] } })).statusCode,
    ).toBe(201);
    const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'greeter', title: 'Add a greeting', agentOptions: { env: claudeEnv(server.url) } } });
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ id: string }>();
    const task = await h.run(() => h.waitFor(id, undefined, 120_000));

    expect(task).toMatchObject({ status: 'completed', agent: 'claude-code', outcome: 'success', iterations: 1 });
    expect(fs.readFileSync(path.join(dir, 'GREETING.md'), 'utf8')).toBe('Hello from Claude\n');
    expect(git(dir, 'log', '-1', '--format=%B', 'main')).toContain('Created GREETING.md with the greeting.');
    const [iteration] = h.api.store.iterations.list(id);
    expect(iteration).toMatchObject({ outcome: 'success', exitCode: 0, testsPassed: true });
    expect(iteration!.tokensIn).toBeGreaterThan(0);
    expect(iteration!.costUsd).toBeGreaterThan(0);
    expect(server.mainLoopRequests()).toHaveLength(2);
    // The prompt reached the model: the task title is in the first user message.
    expect(JSON.stringify(server.mainLoopRequests()[0]!.body)).toContain('Add a greeting');
  }, 180_000);

  it('passes the budget to the CLI and stops with budget_exceeded when it is spent', async () => {
    server = await startScriptedAnthropicServer([
      (request) => ({
        toolUse: { name: 'Write', input: { file_path: path.join(workingDirectoryOf(request)!, 'costly.txt'), content: 'x\n' } },
        usage: { input_tokens: 200_000, output_tokens: 4_000 },
      }),
      { text: '<promise>COMPLETE</promise>' },
    ]);
    harness = await startHarness('claude-budget');
    const h = harness;
    const dir = makeTempGitRepo({ 'a.txt': 'a\n' });
    dirs.push(dir);
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'pricey', repoPath: dir, agent: 'claude-code' } });
    const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'pricey', title: 'Spend', budgetUsd: 0.05, agentOptions: { env: claudeEnv(server.url) } } });
    const { id } = res.json<{ id: string }>();
    const task = await h.run(() => h.waitFor(id, undefined, 120_000));
    expect(task).toMatchObject({ status: 'failed', outcome: 'budget_exceeded', iterations: 1 });
    expect(task.costUsd).toBeGreaterThan(0.05);
    expect(fs.existsSync(path.join(dir, 'costly.txt'))).toBe(false);
  }, 180_000);
});
