import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { TaskRecord } from '../../store/task-repository.js';
import { runCliAsync } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// Escalation to a person on a real Temporal server: a task of a project with reviewOnStop that
// stops short waits in needs_review; retry (with a note in the next prompt), accept (the work as
// it stands through the test gate) and abandon each do what they say, from the API and the CLI;
// no review within the timeout fails it. A silent agent is stopped as stalled. All the tasks run
// at once, under one run of the harness's workers.

const node = process.execPath;
const CHECK = "import fs from 'node:fs'; process.exit(fs.existsSync('done.txt') ? 0 : 1);\n";
// Writes done.txt, then crashes: an agent error, after the work was done.
const CRASH_AFTER_WORK = [node, '-e', "require('fs').writeFileSync('done.txt', 'done\\n'); console.error('crashed at the very end'); process.exit(1)"];

let h: Harness;
let apiUrl: string;
const repos: string[] = [];
const seen: Record<string, TaskRecord> = {};
const ended: Record<string, TaskRecord> = {};
const answers: Record<string, { statusCode: number; body: unknown }> = {};
let cliRun: Awaited<ReturnType<typeof runCliAsync>>;

async function project(name: string, extra: object = {}): Promise<void> {
  const repo = makeTempGitRepo({ 'check.mjs': CHECK });
  repos.push(repo);
  const res = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name, repoPath: repo, agent: 'command', testCommand: [node, 'check.mjs'], reviewOnStop: true, ...extra } });
  expect(res.statusCode).toBe(201);
}

async function file(projectName: string, command: string[], extra: object = {}): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: projectName, title: `Task of ${projectName}`, maxIterations: 1, agentOptions: { command }, ...extra } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

const review = async (id: string, payload: object) => {
  const res = await h.app.inject({ method: 'POST', url: `/api/tasks/${id}/review`, payload });
  return { statusCode: res.statusCode, body: res.json<unknown>() };
};

beforeAll(async () => {
  const port = await freePort();
  h = await startHarness('review', { port });
  await h.app.listen({ host: '127.0.0.1', port });
  apiUrl = `http://127.0.0.1:${port}`;
  await project('retries');
  await project('accepts');
  await project('abandons');
  await project('times-out');
  await project('stalls', { reviewOnStop: false, stallMinutes: 0.05 });
  const blocked = [node, scriptedAgent('blocked-until-note.mjs'), 'second door'];
  await h.run(async () => {
    const ids = {
      retries: await file('retries', blocked),
      accepts: await file('accepts', CRASH_AFTER_WORK),
      abandons: await file('abandons', blocked),
      'times-out': await file('times-out', blocked, { decisionTimeoutMinutes: 0.05 }),
      stalls: await file('stalls', [node, '-e', "console.log('thinking…'); setTimeout(() => {}, 60000)"]),
    };
    for (const name of ['retries', 'accepts', 'abandons'] as const) seen[name] = await h.waitFor(ids[name], ['needs_review']);
    answers.wrongAction = await review(ids.accepts, { action: 'accept', note: 'why not' });
    answers.notWaiting = await review(ids.stalls, { action: 'retry' });
    answers.badBody = await review(ids.retries, { action: 'redo' });
    answers.retry = await review(ids.retries, { action: 'retry', maxIterations: 2, note: 'Take the second door.' });
    answers.accept = await review(ids.accepts, { action: 'accept' });
    cliRun = await runCliAsync(['review', ids.abandons, 'abandon', '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: h.home });
    for (const [name, id] of Object.entries(ids)) ended[name] = await h.waitFor(id, undefined, 60_000);
  });
}, 180_000);

afterAll(async () => {
  await h.close();
  for (const repo of repos) removeDir(repo);
});

describe('a task that stops short, in a project that reviews its stops', () => {
  it('waits in needs_review, saying why and how to go on', () => {
    expect(seen.retries).toMatchObject({ status: 'needs_review', iterations: 1 });
    expect(seen.retries!.step).toBe('needs review: the agent is blocked: I need to know which way to go; retry, accept or abandon it (POST /api/tasks/:id/review) within 10080 minute(s)');
    expect(seen.accepts!.step).toMatch(/^needs review: not done after 1 iteration\(s\); last outcome agent_error: The command failed/);
  });

  it('runs more iterations on retry, with the note in the next prompt', () => {
    expect(answers.retry).toMatchObject({ statusCode: 200 });
    expect(ended.retries).toMatchObject({ status: 'completed', outcome: 'success', iterations: 2 });
    const [, second] = h.api.store.iterations.list(ended.retries!.id);
    expect(fs.readFileSync(second!.promptPath!, 'utf8')).toContain('The task stopped and a person reviewed it. Their note:');
    expect(fs.readFileSync(second!.promptPath!, 'utf8')).toContain('Take the second door.');
  });

  it('puts the work as it stands through the test gate on accept, and merges it', () => {
    expect(answers.accept).toMatchObject({ statusCode: 200 });
    expect(ended.accepts).toMatchObject({ status: 'completed', iterations: 1, finalCommit: expect.any(String) });
    expect(fs.readFileSync(path.join(repos[1]!, 'done.txt'), 'utf8')).toBe('done\n');
  });

  it('fails the task on abandon, from the CLI, naming who abandoned it', () => {
    expect(cliRun).toMatchObject({ status: 0, stderr: '' });
    expect(cliRun.stdout).toMatch(/^Reviewed \(abandon\); task \w+ is /);
    expect(ended.abandons).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(ended.abandons!.error).toMatch(/^abandoned on review by \S+: the agent is blocked: I need to know which way to go/);
  });

  it('fails the task when no review comes within the timeout', () => {
    expect(ended['times-out']).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(ended['times-out']!.error).toMatch(/^no review within 0.05 minutes: the agent is blocked/);
  });

  it('refuses a review that does not fit: 409 with the reason, 400 naming the field', () => {
    expect(answers.wrongAction).toEqual({ statusCode: 409, body: { error: { code: 'conflict', message: 'maxIterations, budgetUsd and note go with retry, not accept' } } });
    expect(answers.notWaiting).toMatchObject({ statusCode: 409 });
    expect(answers.badBody).toMatchObject({ statusCode: 400, body: { error: { code: 'validation_failed', details: { fields: [expect.objectContaining({ field: 'body.action' })] } } } });
  });
});

describe('an agent that writes nothing for the stall limit', () => {
  it('is stopped, and its task fails as stalled', () => {
    expect(ended.stalls).toMatchObject({ status: 'failed', outcome: 'stalled' });
    const [iteration] = h.api.store.iterations.list(ended.stalls!.id);
    expect(iteration).toMatchObject({ outcome: 'stalled', summary: expect.stringMatching(/^The agent wrote no output for its stall limit and was stopped/) });
    // Killed by the runner (its 60 s sleep never ended): no exit code of its own.
    expect(iteration!.exitCode).toBeNull();
  });
});
