import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { IterationRecord } from '../../store/iteration-repository.js';
import type { TaskRecord } from '../../store/task-repository.js';
import { codexTestEnv } from '../support/codex-test-env.js';
import { startScriptedOpenAiServer, type ResponsesRequest, type ScriptedOpenAiServer } from '../support/scripted-openai-server.js';
import { startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// Conversations that continue, with the REAL Codex CLI and a scripted Responses API: after the
// tests fail, the next iteration resumes the agent's thread with only what is new; when the
// thread cannot be resumed (its saved conversation is gone), it falls back to a fresh run on the
// whole prompt. Both tasks run at once, under one run of the harness's workers.

const CHECK = "import fs from 'node:fs'; process.exit(fs.readFileSync('GREETING.md', 'utf8') === 'Hello\\n' ? 0 : 1);\n";
const write = (content: string) => ({ call: { name: 'exec_command', arguments: { cmd: `printf '${content}\\n' > GREETING.md` } } });
const DONE = { text: 'Wrote GREETING.md.\n\n<promise>COMPLETE</promise>' };
const TITLE = 'Add a greeting';

let harness: Harness;
let resuming: ScriptedOpenAiServer;
let fallingBack: ScriptedOpenAiServer;
const dirs: string[] = [];
const ended: Record<string, { task: TaskRecord; iterations: IterationRecord[] }> = {};

beforeAll(async () => {
  const fallbackHome = makeTempDir('ringmaster-codex-home-');
  const resumeHome = makeTempDir('ringmaster-codex-home-');
  dirs.push(fallbackHome, resumeHome);
  // The first iteration writes a typo and says it is done; the resumed one fixes it.
  resuming = await startScriptedOpenAiServer([write('Helo'), DONE, write('Hello'), DONE]);
  // A fresh run writes the typo unless its prompt carries the failing tests; the first answer of
  // all also deletes the saved threads, so the next iteration cannot resume.
  let deleted = false;
  const failedBefore = (request: ResponsesRequest) => JSON.stringify(request.input).includes("The project's tests failed");
  fallingBack = await startScriptedOpenAiServer([
    (request) => write(failedBefore(request) ? 'Hello' : 'Helo'),
    () => {
      if (!deleted) fs.rmSync(path.join(fallbackHome, 'sessions'), { recursive: true, force: true });
      deleted = true;
      return DONE;
    },
  ]);
  harness = await startHarness('session-resume');
  const h = harness;
  const file = async (name: string, server: ScriptedOpenAiServer, home: string) => {
    const repo = makeTempGitRepo({ 'check.mjs': CHECK });
    dirs.push(repo);
    const project = { name, repoPath: repo, agent: 'codex', testCommand: [process.execPath, 'check.mjs'] };
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: project })).statusCode).toBe(201);
    const payload = { project: name, title: TITLE, maxIterations: 3, agentOptions: { model: 'gpt-5-codex', env: codexTestEnv(server.url, home) } };
    const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };
  await h.run(async () => {
    const ids = { resumes: await file('resumes', resuming, resumeHome), 'falls-back': await file('falls-back', fallingBack, fallbackHome) };
    for (const [name, id] of Object.entries(ids)) {
      const task = await h.waitFor(id, undefined, 120_000);
      ended[name] = { task, iterations: h.api.store.iterations.list(id) };
    }
  });
}, 180_000);

afterAll(async () => {
  await harness.close();
  await resuming.close();
  await fallingBack.close();
  for (const dir of dirs) removeDir(dir);
});

describe('an iteration after failing tests', () => {
  it("continues the agent's thread with only what is new", () => {
    const { task, iterations } = ended.resumes!;
    expect(task).toMatchObject({ status: 'completed', outcome: 'success', iterations: 2 });
    const [first, second] = iterations;
    expect(first).toMatchObject({ testsPassed: false, resumed: false, sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(second).toMatchObject({ testsPassed: true, resumed: true, sessionId: first!.sessionId });
    expect(fs.readFileSync(second!.promptPath!, 'utf8')).toMatch(/^## Iteration 2 of the same task\n/);
    // The resumed request holds the first iteration's turns, the task's prompt once, and the failing tests.
    const resumed = resuming.requests.find((request) => request.step === 2)!;
    const body = JSON.stringify(resumed.body);
    expect(body.split(TITLE)).toHaveLength(2);
    expect(body).toContain('Iteration 2 of the same task');
    expect(body).toContain("The project's tests failed");
  });

  it('falls back to a fresh run on the whole prompt when the thread cannot be resumed', () => {
    const { task, iterations } = ended['falls-back']!;
    expect(task).toMatchObject({ status: 'completed', outcome: 'success', iterations: 2 });
    const [first, second] = iterations;
    expect(second).toMatchObject({ testsPassed: true, resumed: false });
    expect(second!.sessionId).not.toBe(first!.sessionId);
    expect(fs.readFileSync(second!.promptPath!, 'utf8')).toContain('## How to finish');
    expect(fs.readFileSync(second!.logPath!, 'utf8')).toContain('no rollout found');
  });
});
