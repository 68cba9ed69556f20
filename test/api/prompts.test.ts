import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import fs from 'node:fs';
import { createHostActivities } from '../../activities/host-activities.js';
import { resolveSettings } from '../../config/server-settings.js';
import { taskFiles } from '../../config/task-files.js';
import { resolveTaskPlan } from '../../model/task-plan.js';
import { storedRemoteCredentials } from '../../secrets/remote-credential.js';
import { readPromptContext } from '../../store/prompt-context.js';
import { queuedTask } from '../../store/task-repository.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testTask } from '../support/test-store.js';

// Building and reading prompts through the API: a preview for a task not filed yet, the next
// iteration's prompt of a filed task, each iteration's prompt with its token report, and the
// project settings that shape them.

let home: string;
let repo: string;
let api: TestApp;
beforeEach(async () => {
  home = makeTempDir();
  repo = makeTempGitRepo({
    'AGENTS.md': 'Keep functions small.\n',
    'lib/slugify.js': "function slugify(title) {\n  return title.toLowerCase().replace(/\\s+/g, '-');\n}\nmodule.exports = { slugify };\n",
    'lib/server.js': "const { slugify } = require('./slugify');\nmodule.exports = (req) => slugify(req.title);\n",
  });
  api = await startTestApp(home);
  const res = await api.app.inject({
    method: 'POST',
    url: '/api/projects',
    payload: { name: 'demo', repoPath: repo, testCommand: 'npm test', lintCommand: 'npm run lint', prompt: { budgetTokens: 4000, layers: { history: false } } },
  });
  expect(res.statusCode).toBe(201);
});
afterEach(async () => {
  await api.close();
  removeDir(home);
  removeDir(repo);
});

/** One finished iteration of the task, as the workflow records it. */
function recordFirstIteration(taskId: string): void {
  api.store.iterations.record({
    taskId,
    number: 1,
    outcome: 'incomplete',
    summary: 'Found slugify in lib/slugify.js',
    tokensIn: 1,
    tokensOut: 1,
    costUsd: null,
    durationMs: 5,
    exitCode: 0,
    testsPassed: null,
    logPath: null,
    promptPath: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
  });
}

type Built = { prompt: string; report: { budget: number; total: number; layers: { layer: string; tokens: number; enabled: boolean }[] } };

describe('prompt settings of a project', () => {
  it('are stored, shown and patched field by field', async () => {
    const project = (await api.app.inject({ method: 'GET', url: '/api/projects/demo' })).json<{ lintCommand: string[]; prompt: unknown }>();
    expect(project).toMatchObject({ lintCommand: ['npm', 'run', 'lint'], prompt: { budgetTokens: 4000, layers: { history: false } } });
    const patched = await api.app.inject({ method: 'PATCH', url: '/api/projects/demo', payload: { prompt: { layers: { repoMap: false } } } });
    expect(patched.json()).toMatchObject({ prompt: { budgetTokens: 4000, layers: { history: false, repoMap: false } } });
  });

  it.each([
    [{ prompt: { budgetTokens: 10 } }, 'body.prompt.budgetTokens', 'must be >= 2000'],
    [{ prompt: { layers: { gossip: false } } }, 'body.prompt.layers.gossip', 'is not a known field'],
    [{ prompt: { layers: { task: 'no' } } }, 'body.prompt.layers.task', 'must be boolean'],
    [{ lintCommand: 'eslint . | tee x' }, 'body.lintCommand', ''],
  ])('refuse bad input %j with 400 naming the field', async (payload, field, message) => {
    const res = await api.app.inject({ method: 'PATCH', url: '/api/projects/demo', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { details: { fields: { field: string; message: string }[] } } }>().error.details.fields).toEqual(
      expect.arrayContaining([{ field, message: expect.stringContaining(message) }]),
    );
  });
});

describe('POST /api/projects/:id/prompt', () => {
  it('previews the prompt of a task not filed yet, within the project budget', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/projects/demo/prompt', payload: { title: 'Make slugify strip accents', acceptanceCriteria: ['é becomes e'] } });
    expect(res.statusCode).toBe(200);
    const { prompt, report } = res.json<Built>();
    expect(prompt).toContain('# Task: Make slugify strip accents');
    expect(prompt).toContain('- [ ] é becomes e');
    expect(prompt).toContain('Keep functions small.');
    expect(prompt).toContain('npm run lint');
    expect(prompt.indexOf('lib/slugify.js')).toBeGreaterThan(0);
    expect(report.budget).toBe(4000);
    expect(report.total).toBeLessThanOrEqual(4000);
    expect(report.layers.find((l) => l.layer === 'history')).toMatchObject({ enabled: false, tokens: 0 });
  }, 30_000);

  it('answers 400 without a title and 404 for an unknown project', async () => {
    const bad = await api.app.inject({ method: 'POST', url: '/api/projects/demo/prompt', payload: { description: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/title/);
    const missing = await api.app.inject({ method: 'POST', url: '/api/projects/nope/prompt', payload: { title: 'x' } });
    expect(missing.statusCode).toBe(404);
  });
});

describe('task prompts', () => {
  it("build a filed task's next prompt with its earlier iterations, and list each iteration's prompt with its report", async () => {
    const project = api.store.projects.find('demo')!;
    api.store.tasks.insert(testTask('t1', project.id, { title: 'Make slugify strip accents' }));
    recordFirstIteration('t1');
    api.store.tasks.refreshTotals('t1');
    const built = await api.app.inject({ method: 'POST', url: '/api/tasks/t1/prompt' });
    expect(built.statusCode).toBe(200);
    expect(built.json<Built>().prompt).toContain('Found slugify in lib/slugify.js');
    expect(built.json<Built>().prompt).toContain('iteration 2 of at most 3');

    const files = taskFiles(home, 't1');
    fs.mkdirSync(files.dir, { recursive: true });
    fs.writeFileSync(files.prompt(1), 'the first prompt\n');
    fs.writeFileSync(files.promptReport(1), JSON.stringify(built.json<Built>().report));
    fs.writeFileSync(files.prompt(2), 'the second prompt, no report\n');
    const listed = (await api.app.inject({ method: 'GET', url: '/api/tasks/t1/prompt' })).json<{ prompts: { iteration: number; text: string; report: unknown }[] }>();
    expect(listed.prompts).toEqual([
      { iteration: 1, text: 'the first prompt\n', report: built.json<Built>().report },
      { iteration: 2, text: 'the second prompt, no report\n', report: null },
    ]);
    expect((await api.app.inject({ method: 'POST', url: '/api/tasks/nope/prompt' })).statusCode).toBe(404);
  }, 30_000);

  it('previews exactly the prompt the iteration builds from the same state', async () => {
    const project = api.store.projects.find('demo')!;
    const input = {
      project: 'demo',
      title: 'Make slugify strip accents',
      description: 'Accents become plain letters.',
      acceptanceCriteria: ['slugify("é") is "e"'],
      agent: 'command' as const,
      agentOptions: { command: ['true'] },
    };
    const plan = resolveTaskPlan('t2', input, project);
    api.store.tasks.insert(queuedTask(plan, 'task-t2'));
    recordFirstIteration('t2');
    const preview = await api.app.inject({ method: 'POST', url: '/api/tasks/t2/prompt' });
    expect(preview.statusCode).toBe(200);

    // The host's own step, on the same commit, with the context the workflow loads for it.
    const activities = createHostActivities({
      home,
      hostId: 'host',
      settings: resolveSettings({ RINGMASTER_HOME: home }),
      secrets: api.vault,
      remoteCredential: storedRemoteCredentials(api.store.projects, api.vault),
    });
    const context = readPromptContext(api.store, project.id, 't2');
    const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('WARN') });
    const built: unknown = await env.run(activities.buildPrompt, { plan, iteration: 2, worktreePath: repo, carry: {}, context });
    const { promptPath } = built as { promptPath: string };
    expect(fs.readFileSync(promptPath, 'utf8')).toBe(preview.json<Built>().prompt);
    expect(preview.json<Built>().prompt).toContain('Found slugify in lib/slugify.js');
  }, 30_000);

  it('show the outcome of the tasks a task depends on', async () => {
    const project = api.store.projects.find('demo')!;
    for (const [id, title] of [
      ['t1', 'Add a slugify helper'],
      ['t2', 'Use slugify in the server'],
    ]) {
      api.store.tasks.insert(testTask(id!, project.id, { title: title!, status: 'queued' }));
    }
    api.store.tasks.update('t1', { status: 'completed', finalCommit: '0123456789abcdef' });
    api.store.dependencies.add('t2', ['t1']);
    const { prompt, report } = (await api.app.inject({ method: 'POST', url: '/api/tasks/t2/prompt' })).json<Built>();
    expect(prompt).toContain('## Tasks this one depends on');
    expect(prompt).toContain('- Add a slugify helper (`t1`): completed, merged as `0123456789ab`');
    expect(report.layers.find((l) => l.layer === 'related')!.tokens).toBeGreaterThan(0);
  }, 30_000);
});
