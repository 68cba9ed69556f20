import { afterEach, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { taskFiles } from '../../config/task-files.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { testRunEnv } from '../support/test-env.js';

// The task workflow end to end: the real API, the real workers on a real Temporal server, real
// git repositories, and scripted agent programs run by the `command` agent.

let harness: Harness | undefined;
const repos: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const repo of repos.splice(0)) removeDir(repo);
});

function repo(files: Record<string, string>): string {
  const dir = makeTempGitRepo(files);
  repos.push(dir);
  return dir;
}

async function project(h: Harness, body: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const res = await h.app.inject({ method: 'POST', url: '/api/projects', payload: body });
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function fileTask(h: Harness, body: Record<string, unknown>): Promise<{ id: string; workflowId: string; status: string }> {
  const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: body });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const node = process.execPath;

describe('taskWorkflow', () => {
  it('runs a command agent in a worktree, gates on the tests and merges into main', async () => {
    harness = await startHarness('happy');
    const h = harness;
    const dir = repo({ 'README.md': '# demo\n', 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('hello.txt') ? 0 : 1);\n" });
    await project(h, { name: 'demo', repoPath: dir, testCommand: `${node} check.mjs` });
    const created = await fileTask(h, {
      project: 'demo',
      title: 'Say hello',
      description: 'Create hello.txt',
      agent: 'command',
      agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'hello.txt', 'hello world\n'] },
    });
    expect(created).toMatchObject({ workflowId: `task-${created.id}`, status: 'queued' });
    const task = await h.run(() => h.waitFor(created.id));

    expect(task).toMatchObject({ status: 'completed', outcome: 'success', iterations: 1, worktreeKept: false, error: null });
    expect(fs.readFileSync(path.join(dir, 'hello.txt'), 'utf8')).toBe('hello world\n');
    expect(git(dir, 'rev-parse', 'main')).toBe(task.finalCommit);
    expect(git(dir, 'log', '-1', '--format=%B', 'main')).toContain('Say hello');
    expect(fs.existsSync(task.worktreePath!)).toBe(false);
    expect(git(dir, 'branch', '--list', task.branch!)).toBe('');
    expect(git(dir, 'worktree', 'list')).not.toContain(task.worktreePath!);

    const shown = (await h.app.inject({ method: 'GET', url: `/api/tasks/${created.id}` })).json<{
      iterationList: { number: number; outcome: string; tokensIn: number; tokensOut: number; costUsd: number; exitCode: number; testsPassed: boolean }[];
      costUsd: number;
    }>();
    expect(shown.iterationList).toEqual([expect.objectContaining({ number: 1, outcome: 'success', tokensIn: 1200, tokensOut: 80, costUsd: 0.01, exitCode: 0, testsPassed: true })]);
    expect(shown.costUsd).toBeCloseTo(0.01);

    const prompts = (await h.app.inject({ method: 'GET', url: `/api/tasks/${created.id}/prompt` })).json<{ prompts: { iteration: number; text: string }[] }>();
    expect(prompts.prompts).toHaveLength(1);
    expect(prompts.prompts[0]!.text).toContain('# Task: Say hello');
    expect(prompts.prompts[0]!.text).toContain('<promise>COMPLETE</promise>');
    expect(prompts.prompts[0]!.text).toContain('# demo');

    const logs = await h.app.inject({ method: 'GET', url: `/api/tasks/${created.id}/logs` });
    expect(logs.headers['content-type']).toMatch(/text\/plain/);
    expect(logs.body).toContain('=== iteration 1: agent output ===');
    expect(logs.body).toContain('Wrote hello.txt.');
    expect(logs.body).toContain('=== iteration 1: test run ===');
  });

  it('feeds failing test output into the next iteration, which fixes it', async () => {
    harness = await startHarness('two-iterations');
    const h = harness;
    // The check computes its number, so only the failing run's output (not the source the prompt shows) tells the agent.
    const check =
      "import fs from 'node:fs'; const want = String(6 * 7); const got = fs.readFileSync('answer.txt', 'utf8').trim(); if (got !== want) { console.error(`expected ${want}, got ${got}`); process.exit(1); }\n";
    const dir = repo({ 'check.mjs': check });
    await project(h, { name: 'answers', repoPath: dir, testCommand: [node, 'check.mjs'] });
    const agentOptions = { command: [node, scriptedAgent('fix-after-failing-tests.mjs')] };
    const created = await fileTask(h, { project: 'answers', title: 'Find the answer', agent: 'command', agentOptions });
    // A second task on the same project, filed once the first has finished, reads its lesson back.
    const { task, next } = await h.run(async () => {
      const first = await h.waitFor(created.id);
      const second = await fileTask(h, { project: 'answers', title: 'Find the answer again', agent: 'command', agentOptions });
      await h.waitFor(second.id);
      return { task: first, next: second };
    });

    expect(task).toMatchObject({ status: 'completed', iterations: 2 });
    expect(fs.readFileSync(path.join(dir, 'answer.txt'), 'utf8')).toBe('42\n');
    const iterations = h.api.store.iterations.list(created.id);
    expect(iterations.map((it) => [it.outcome, it.testsPassed])).toEqual([
      ['success', false],
      ['success', true],
    ]);
    const secondPrompt = fs.readFileSync(taskFiles(h.home, created.id).prompt(2), 'utf8');
    expect(secondPrompt).toContain("The project's tests failed");
    expect(secondPrompt).toContain('expected 42, got 41');
    const report = JSON.parse(fs.readFileSync(taskFiles(h.home, created.id).promptReport(2), 'utf8')) as { budget: number; total: number };
    expect(report.total).toBeLessThanOrEqual(report.budget);

    // Needing two iterations taught the project a lesson, which the next task on it reads back.
    expect(h.api.store.lessons.recent(task.projectId, 10)).toEqual([expect.objectContaining({ taskId: created.id, outcome: 'completed' })]);
    const nextPrompt = fs.readFileSync(taskFiles(h.home, next.id).prompt(1), 'utf8');
    expect(nextPrompt).toMatch(/Find the answer\b[^]*Completed, but only after 2 iterations/);
  });

  it('waits for a person to answer the agent, then goes on with the answer', async () => {
    harness = await startHarness('decision');
    const h = harness;
    const dir = repo({ 'README.md': 'buttons\n' });
    await project(h, { name: 'ui', repoPath: dir });
    const created = await fileTask(h, { project: 'ui', title: 'Colour the button', agent: 'command', agentOptions: { command: [node, scriptedAgent('ask-then-do.mjs')] } });
    const task = await h.run(async () => {
      const waiting = await h.waitFor(created.id, ['needs_decision']);
      expect(waiting.question).toBe('Which colour should the button be?');
      const empty = await h.app.inject({ method: 'POST', url: `/api/tasks/${created.id}/decision`, payload: { answer: '   ' } });
      expect(empty.statusCode).toBe(400);
      const answered = await h.app.inject({ method: 'POST', url: `/api/tasks/${created.id}/decision`, payload: { answer: 'teal' } });
      expect(answered.statusCode).toBe(200);
      const done = await h.waitFor(created.id);
      const late = await h.app.inject({ method: 'POST', url: `/api/tasks/${created.id}/decision`, payload: { answer: 'red' } });
      expect(late.statusCode).toBe(409);
      return done;
    });
    expect(task).toMatchObject({ status: 'completed', question: null });
    expect(fs.readFileSync(path.join(dir, 'colour.txt'), 'utf8')).toBe('teal\n');
    expect(h.api.store.decisions.list(created.id)).toEqual([expect.objectContaining({ iteration: 1, question: 'Which colour should the button be?', answer: 'teal', answeredBy: 'admin' })]);
    const shown = (await h.app.inject({ method: 'GET', url: `/api/tasks/${created.id}` })).json<{ createdBy: string; decisions: { answeredBy: string }[] }>();
    expect(shown).toMatchObject({ createdBy: 'admin', decisions: [{ answeredBy: 'admin' }] });
  });

  it('rejects an answer while the task is not waiting for one', async () => {
    harness = await startHarness('no-decision');
    const h = harness;
    const dir = repo({ 'a.txt': 'a\n' });
    await project(h, { name: 'quiet', repoPath: dir });
    const pidFile = path.join(h.home, 'pids.json');
    const created = await fileTask(h, { project: 'quiet', title: 'Think', agent: 'command', agentOptions: { command: [node, scriptedAgent('hang-with-child.mjs'), pidFile] } });
    await h.run(async () => {
      await eventually(() => (fs.existsSync(pidFile) ? true : undefined), 'the agent to start', 30_000);
      const res = await h.app.inject({ method: 'POST', url: `/api/tasks/${created.id}/decision`, payload: { answer: 'yes' } });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'conflict', message: expect.stringContaining('not waiting for a decision') });
      await h.app.inject({ method: 'POST', url: `/api/tasks/${created.id}/cancel` });
      await h.waitFor(created.id);
    });
  });

  it('stops with budget_exceeded when the reported cost passes the budget', async () => {
    harness = await startHarness('budget');
    const h = harness;
    const dir = repo({ 'a.txt': 'a\n' });
    await project(h, { name: 'spendy', repoPath: dir });
    const created = await fileTask(h, {
      project: 'spendy',
      title: 'Explore',
      agent: 'command',
      budgetUsd: 1,
      maxIterations: 5,
      agentOptions: { command: [node, scriptedAgent('expensive.mjs'), '0.6'] },
    });
    const task = await h.run(() => h.waitFor(created.id));
    expect(task).toMatchObject({ status: 'failed', outcome: 'budget_exceeded', iterations: 2 });
    expect(task.costUsd).toBeCloseTo(1.2);
    expect(task.error).toContain('budget exceeded: spent $1.2000 of $1.0000 after 2 iteration(s)');
    expect(fs.existsSync(task.worktreePath!)).toBe(false);
  });

  it('cancels mid-run: the agent and its children are gone within 5 s and the worktree is removed', async () => {
    harness = await startHarness('cancel');
    const h = harness;
    const dir = repo({ 'a.txt': 'a\n' });
    await project(h, { name: 'long', repoPath: dir });
    const pidFile = path.join(h.home, 'pids.json');
    const created = await fileTask(h, { project: 'long', title: 'Run forever', agent: 'command', agentOptions: { command: [node, scriptedAgent('hang-with-child.mjs'), pidFile] } });
    const task = await h.run(async () => {
      const pids = await eventually(() => (fs.existsSync(pidFile) ? (JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { agent: number; grandchild: number }) : undefined), 'the agent to start', 30_000);
      expect(isAlive(pids.agent) && isAlive(pids.grandchild)).toBe(true);
      const started = Date.now();
      const res = await h.app.inject({ method: 'POST', url: `/api/tasks/${created.id}/cancel` });
      expect(res.statusCode).toBe(202);
      await waitForExit(pids.agent, 5000);
      await waitForExit(pids.grandchild, 5000);
      console.log(`cancel → agent process group gone in ${Date.now() - started} ms`);
      return h.waitFor(created.id);
    });
    expect(task).toMatchObject({ status: 'cancelled', outcome: 'cancelled', worktreeKept: false });
    expect(fs.existsSync(task.worktreePath!)).toBe(false);
    expect(git(dir, 'branch', '--list', 'ringmaster/*')).toBe('');
    const again = await h.app.inject({ method: 'POST', url: `/api/tasks/${created.id}/cancel` });
    expect(again.statusCode).toBe(409);
  });

  it('stores a title full of shell metacharacters verbatim and runs nothing from it', async () => {
    harness = await startHarness('metachar');
    const h = harness;
    const dir = repo({ 'a.txt': 'a\n' });
    await project(h, { name: 'safe', repoPath: dir });
    const canary = path.join(h.home, 'pwned');
    const title = `Fix "quotes" & 'single' $(touch ${canary}) \`touch ${canary}\` ; rm -rf / | cat > ${canary} $HOME`;
    const created = await fileTask(h, { project: 'safe', title, agent: 'command', agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'b.txt', 'b\n'] } });
    const task = await h.run(() => h.waitFor(created.id));
    expect(task.status).toBe('completed');
    expect(task.title).toBe(title);
    expect(git(dir, 'log', '-1', '--format=%s', 'main')).toBe(title);
    expect(fs.readFileSync(taskFiles(h.home, created.id).prompt(1), 'utf8')).toContain(`# Task: ${title}`);
    expect(fs.existsSync(canary)).toBe(false);
  });

  it('ends as conflict, keeping the branch, when main changed the same lines meanwhile', async () => {
    harness = await startHarness('conflict');
    const h = harness;
    const dir = repo({ 'shared.txt': 'original\n' });
    await project(h, { name: 'busy', repoPath: dir });
    const pidFile = path.join(h.home, 'started');
    const created = await fileTask(h, {
      project: 'busy',
      title: 'Change shared',
      agent: 'command',
      maxIterations: 1,
      agentOptions: { command: [node, scriptedAgent('slow-write.mjs'), pidFile, '1500', 'shared.txt', 'from the task\n'] },
    });
    const task = await h.run(async () => {
      await eventually(() => (fs.existsSync(pidFile) ? true : undefined), 'the agent to start', 30_000);
      fs.writeFileSync(path.join(dir, 'shared.txt'), 'from someone else\n');
      git(dir, 'commit', '-qam', 'Someone else changes shared.txt');
      return h.waitFor(created.id);
    });
    expect(task).toMatchObject({ status: 'conflict', worktreeKept: true });
    expect(task.error).toContain('merge conflict with main: shared.txt');
    expect(fs.readFileSync(path.join(dir, 'shared.txt'), 'utf8')).toBe('from someone else\n');
    expect(git(dir, 'show', `${task.branch}:shared.txt`)).toBe('from the task');
    expect(fs.existsSync(task.worktreePath!)).toBe(true);
  });

  it('prepares each worktree with the setup command and the copied ignored files', async () => {
    harness = await startHarness('setup');
    const h = harness;
    const dir = repo({ '.gitignore': '.env\nsetup-marker.txt\n', 'README.md': 'r\n' });
    fs.writeFileSync(path.join(dir, '.env'), 'SECRET=from-the-main-checkout\n');
    const setup = [node, '-e', "require('fs').writeFileSync('setup-marker.txt', 'setup ran in ' + process.cwd())"];
    await project(h, { name: 'prepared', repoPath: dir, setupCommand: setup, copyFiles: ['.env'] });
    const created = await fileTask(h, { project: 'prepared', title: 'Report', agent: 'command', agentOptions: { command: [node, scriptedAgent('report-worktree.mjs'), '.env', 'setup-marker.txt'] } });
    const task = await h.run(() => h.waitFor(created.id));
    expect(task.status).toBe('completed');
    const report = fs.readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(report).toContain('.env: SECRET=from-the-main-checkout');
    expect(report).toMatch(new RegExp(`setup-marker.txt: setup ran in .*/worktrees/prepared/${created.id}`));
    // Ignored files stay out of the merge.
    expect(git(dir, 'show', '--name-only', '--format=', 'main')).toBe('report.txt');
  });

  it('fails the task with the output when the setup command fails', async () => {
    harness = await startHarness('setup-fails');
    const h = harness;
    const dir = repo({ 'a.txt': 'a\n' });
    await project(h, { name: 'broken', repoPath: dir, setupCommand: [node, '-e', "console.error('npm ERR! missing lockfile'); process.exit(7)"] });
    const created = await fileTask(h, { project: 'broken', title: 'Never starts', agent: 'command', agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'x', 'y'] } });
    const task = await h.run(() => h.waitFor(created.id));
    expect(task).toMatchObject({ status: 'failed', iterations: 0 });
    expect(task.error).toMatch(/setup command .* failed \(exit 7\): \[stderr\] npm ERR! missing lockfile/);
    expect(fs.existsSync(task.worktreePath!)).toBe(false);
  });

  it('fails the task when nobody answers the question in time', async () => {
    harness = await startHarness('decision-timeout');
    const h = harness;
    const dir = repo({ 'a.txt': 'a\n' });
    await project(h, { name: 'waiting', repoPath: dir });
    const created = await fileTask(h, { project: 'waiting', title: 'Ask', decisionTimeoutMinutes: 0.05, agent: 'command', agentOptions: { command: [node, scriptedAgent('ask-then-do.mjs')] } });
    const task = await h.run(() => h.waitFor(created.id));
    expect(task).toMatchObject({ status: 'failed', outcome: 'needs_decision', question: null });
    expect(task.error).toBe('no answer to "Which colour should the button be?" within 0.05 minutes');
  });

  it('records a task started with the Temporal CLI and lists it in the API', async () => {
    harness = await startHarness('cli-start');
    const h = harness;
    const dir = repo({ 'a.txt': 'a\n' });
    await project(h, { name: 'outside', repoPath: dir });
    const workflowId = `cli-${Date.now().toString(36)}`;
    const input = JSON.stringify({ project: 'outside', title: 'From the Temporal CLI', agent: 'command', agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'c.txt', 'c\n'] } });
    const { temporalBin, temporalAddress } = testRunEnv();
    await execa(temporalBin, ['workflow', 'start', '--type', 'taskWorkflow', '--task-queue', h.taskQueue, '--workflow-id', workflowId, '--input', input, '--address', temporalAddress]);
    const task = await h.run(() => h.waitFor(workflowId));
    expect(task).toMatchObject({ id: workflowId, workflowId, title: 'From the Temporal CLI', status: 'completed', projectName: 'outside' });
    const list = (await h.app.inject({ method: 'GET', url: '/api/tasks?project=outside' })).json<{ items: { id: string }[] }>();
    expect(list.items.map((t) => t.id)).toEqual([workflowId]);
    expect(fs.readFileSync(path.join(dir, 'c.txt'), 'utf8')).toBe('c\n');
  });

  it('refuses a Temporal-started task whose id would be a path outside the data dir, and seals the env it brings', async () => {
    harness = await startHarness('cli-start-bad-id');
    const h = harness;
    const dir = repo({ 'a.txt': 'a\n' });
    await project(h, { name: 'outside', repoPath: dir });
    const { temporalBin, temporalAddress } = testRunEnv();
    const start = (workflowId: string, input: object) =>
      execa(temporalBin, ['workflow', 'start', '--type', 'taskWorkflow', '--task-queue', h.taskQueue, '--workflow-id', workflowId, '--input', JSON.stringify(input), '--address', temporalAddress]);
    const escaping = `task-../../escape-${Date.now().toString(36)}`;
    await start(escaping, { project: 'outside', title: 'Escape', agent: 'command', agentOptions: { command: [node, '-e', ''] } });
    const sealed = `cli-env-${Date.now().toString(36)}`;
    await start(sealed, {
      project: 'outside',
      title: 'Brings a key',
      agent: 'command',
      agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'd.txt', 'd\n'], env: { KEY: 'value-from-the-cli-1234' } },
    });
    const result = await h.run(async () => {
      const handle = h.api.client.workflow.getHandle(escaping);
      const failure = await handle.result().catch((err: Error) => err);
      return { failure, task: await h.waitFor(sealed) };
    });
    // The workflow fails with the activity's failure as its cause.
    const chain = (err: unknown): string => (err ? `${(err as Error).message} / ${chain((err as { cause?: unknown }).cause)}` : '');
    expect(chain(result.failure)).toContain('invalid task id "../../escape-');
    expect(fs.existsSync(path.join(h.home, 'escape'))).toBe(false);
    expect(result.task).toMatchObject({ status: 'completed', agentOptions: { secrets: { KEY: 'task:KEY' } } });
    expect(JSON.stringify(result.task.agentOptions)).not.toContain('value-from-the-cli-1234');
  });
});
