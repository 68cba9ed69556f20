import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { geminiTestEnv } from '../support/gemini-test-env.js';
import { startScriptedGeminiServer, type GeminiRequest, type ScriptedGeminiServer } from '../support/scripted-gemini-server.js';
import { git, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// A task run by the REAL Gemini CLI (devDependency @google/gemini-cli), whose model is a scripted
// Gemini API on 127.0.0.1: the only fake is at the network boundary.

let harness: Harness;
let server: ScriptedGeminiServer;
const dirs: string[] = [];

/** The worktree the CLI runs in: the first of the workspace directories its session context lists. */
function worktreeOf(request: GeminiRequest): string {
  const found = /Workspace Directories:\*\*\n {2}- (\S+)/.exec((request.contents[0]?.parts as { text?: string }[] | undefined)?.[0]?.text ?? '');
  if (!found) throw new Error('no workspace directory in the first message');
  return found[1]!;
}

beforeAll(async () => {
  server = await startScriptedGeminiServer([
    (request) => ({ call: { name: 'write_file', args: { file_path: path.join(worktreeOf(request), 'GREETING.md'), content: 'Hello from Gemini\n' } } }),
    { text: 'Created GREETING.md with the greeting.\n\n<promise>COMPLETE</promise>', usage: { promptTokenCount: 3200, candidatesTokenCount: 25 } },
  ]);
  harness = await startHarness('gemini');
});

afterAll(async () => {
  await harness.close();
  await server.close();
  for (const dir of dirs) removeDir(dir);
});

describe('a task with the real Gemini CLI', () => {
  it('writes a file through its write_file tool, signals completion, passes the tests and lands on main with its tokens and estimated cost', async () => {
    const h = harness;
    const dir = makeTempGitRepo({ 'check.mjs': "import fs from 'node:fs'; process.exit(fs.readFileSync('GREETING.md', 'utf8') === 'Hello from Gemini\\n' ? 0 : 1);\n" });
    const home = makeTempDir('ringmaster-gemini-home-');
    dirs.push(dir, home);
    const project = { name: 'greeter', repoPath: dir, agent: 'gemini', testCommand: [process.execPath, 'check.mjs'] };
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: project })).statusCode).toBe(201);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'greeter', title: 'Add a greeting', agentOptions: { model: 'gemini-2.5-pro', env: geminiTestEnv(server.url, home) } },
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ id: string }>();
    const task = await h.run(() => h.waitFor(id, undefined, 120_000));

    expect(task).toMatchObject({ status: 'completed', agent: 'gemini', outcome: 'success', iterations: 1 });
    expect(fs.readFileSync(path.join(dir, 'GREETING.md'), 'utf8')).toBe('Hello from Gemini\n');
    expect(git(dir, 'log', '-1', '--format=%B', 'main')).toContain('Created GREETING.md with the greeting.');
    const [iteration] = h.api.store.iterations.list(id);
    expect(iteration).toMatchObject({ outcome: 'success', exitCode: 0, testsPassed: true, tokensIn: 1400 + 3200, tokensOut: 70 + 25, costEstimated: true, model: 'gemini-2.5-pro' });
    expect(iteration!.costUsd).toBeGreaterThan(0);
    expect(JSON.stringify(server.requests[0]!.body)).toContain('Add a greeting');
  }, 180_000);
});
