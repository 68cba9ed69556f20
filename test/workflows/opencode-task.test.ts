import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { opencodeTestEnv } from '../support/opencode-test-env.js';
import { startScriptedOpenAiServer, type ScriptedOpenAiServer } from '../support/scripted-openai-server.js';
import { git, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// A task run by the REAL OpenCode (devDependency opencode-ai), whose model is a scripted
// OpenAI Responses API on 127.0.0.1 as its `openai` provider: the only fake is at the network boundary.

let harness: Harness;
let server: ScriptedOpenAiServer;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startScriptedOpenAiServer([
    { call: { name: 'bash', arguments: { command: "printf 'Hello from OpenCode\\n' > GREETING.md", description: 'write the greeting' } }, usage: { input_tokens: 3000, output_tokens: 40 } },
    { text: 'Created GREETING.md with the greeting.\n\n<promise>COMPLETE</promise>', usage: { input_tokens: 3200, output_tokens: 25 } },
  ]);
  harness = await startHarness('opencode');
});

afterAll(async () => {
  await harness.close();
  await server.close();
  for (const dir of dirs) removeDir(dir);
});

describe('a task with the real OpenCode', () => {
  it('writes a file through its bash tool, signals completion, passes the tests and lands on main with its tokens and estimated cost', async () => {
    const h = harness;
    const dir = makeTempGitRepo({ 'check.mjs': "import fs from 'node:fs'; process.exit(fs.readFileSync('GREETING.md', 'utf8') === 'Hello from OpenCode\\n' ? 0 : 1);\n" });
    const home = makeTempDir('ringmaster-opencode-home-');
    dirs.push(dir, home);
    const project = { name: 'greeter', repoPath: dir, agent: 'opencode', testCommand: [process.execPath, 'check.mjs'] };
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: project })).statusCode).toBe(201);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'greeter', title: 'Add a greeting', agentOptions: { model: 'openai/gpt-5-codex', env: opencodeTestEnv(server.url, home) } },
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ id: string }>();
    const task = await h.run(() => h.waitFor(id, undefined, 120_000));

    expect(task).toMatchObject({ status: 'completed', agent: 'opencode', outcome: 'success', iterations: 1 });
    expect(fs.readFileSync(path.join(dir, 'GREETING.md'), 'utf8')).toBe('Hello from OpenCode\n');
    expect(git(dir, 'log', '-1', '--format=%B', 'main')).toContain('Created GREETING.md with the greeting.');
    const [iteration] = h.api.store.iterations.list(id);
    expect(iteration).toMatchObject({ outcome: 'success', exitCode: 0, testsPassed: true, tokensIn: 6200, tokensOut: 65, costEstimated: true, model: 'openai/gpt-5-codex' });
    // OpenCode knows no price for the scripted model: the price table's gpt-5-codex rates, $1.25 and $10 per million.
    expect(iteration!.costUsd).toBeCloseTo((6200 * 1.25 + 65 * 10) / 1e6, 8);
    expect(server.mainLoopRequests()).toHaveLength(2);
    expect(JSON.stringify(server.mainLoopRequests()[0]!.body)).toContain('Add a greeting');
  }, 180_000);
});
