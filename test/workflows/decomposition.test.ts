import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { TaskRecord } from '../../store/task-repository.js';
import { runCliAsync } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { eventually } from '../support/processes.js';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// Decomposition on a real Temporal server, real git and real processes; only the agent is a
// script (plan-or-do.mjs): it plans, then does each subtask. Four decomposing tasks run at once
// under one run of the harness's workers: three subtasks (a and b at once, c after both) that all
// merge; a first plan that is not JSON, re-asked once; a parent cancelled while its children run;
// a plan that waits for a person's approval; a failed subtask that fails its parent (and cancels
// its sibling), or, with reviewOnStop, sends the parent to review, where retry runs it again.

const node = process.execPath;
const THREE = {
  subtasks: [
    { id: 'a', title: 'Write a.txt', description: 'Create a.txt.', acceptanceCriteria: ['a.txt exists'], dependsOn: [] },
    { id: 'b', title: 'Write b.txt', description: 'Create b.txt.', acceptanceCriteria: ['b.txt exists'], dependsOn: [] },
    { id: 'c', title: 'Write c.txt', description: 'Create c.txt once a and b are in.', acceptanceCriteria: ['c.txt exists'], dependsOn: ['a', 'b'] },
  ],
};
const ONE = { subtasks: [{ id: 'only', title: 'Write only.txt', description: 'Create only.txt.', acceptanceCriteria: [], dependsOn: [] }] };

let h: Harness;
let apiUrl: string;
const dirs: string[] = [];
const repos: Record<string, string> = {};
const agentDirs: Record<string, string> = {};
const ids: Record<string, string> = {};
const ended: Record<string, TaskRecord> = {};
const views: Record<string, { parentId: string | null; children: { id: string; title: string; status: string }[] }> = {};
const waiting: Record<string, TaskRecord> = {};
const answers: Record<string, { statusCode: number; body: unknown }> = {};
let childrenBeforeCancel: { id: string; status: string }[] = [];
let childrenWhileWaiting: { id: string; status: string }[] = [];
const parentsInTemporal: (string | null | undefined)[] = [];
let badInput: { statusCode: number; body: unknown }[] = [];
let shown: Awaited<ReturnType<typeof runCliAsync>>;
let decided: Awaited<ReturnType<typeof runCliAsync>>;
let reviewed: Awaited<ReturnType<typeof runCliAsync>>;
let filedByCli: Awaited<ReturnType<typeof runCliAsync>>;
let usage: Awaited<ReturnType<typeof runCliAsync>>;

/** A project whose agent is plan-or-do.mjs with its own folder holding `plan` and the `flags` files. */
async function project(name: string, plan: object, flags: Record<string, string> = {}, settings: object = {}): Promise<void> {
  repos[name] = makeTempGitRepo({ 'README.md': `# ${name}\n` });
  agentDirs[name] = makeTempDir(`ringmaster-plan-${name}-`);
  dirs.push(repos[name], agentDirs[name]);
  fs.writeFileSync(path.join(agentDirs[name], 'plan.json'), JSON.stringify(plan, null, 2));
  for (const [file, content] of Object.entries(flags)) fs.writeFileSync(path.join(agentDirs[name], file), content);
  const res = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name, repoPath: repos[name], agent: 'command', ...settings } });
  expect(res.statusCode).toBe(201);
}

async function file(name: string, extra: object = {}): Promise<string> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/tasks',
    payload: {
      project: name,
      title: `Big task of ${name}`,
      description: 'Do it in parts.',
      decompose: true,
      maxIterations: 2,
      agentOptions: { command: [node, scriptedAgent('plan-or-do.mjs'), agentDirs[name]] },
      ...extra,
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

const view = async (id: string) => (await h.app.inject({ method: 'GET', url: `/api/tasks/${id}` })).json<(typeof views)[string] & { status: string }>();
const events = (name: string) => fs.readFileSync(path.join(agentDirs[name]!, 'events.log'), 'utf8').trim().split('\n');

beforeAll(async () => {
  const port = await freePort();
  h = await startHarness('decomposition', { port, agentSlots: 8 });
  await h.app.listen({ host: '127.0.0.1', port });
  apiUrl = `http://127.0.0.1:${port}`;
  const cli = (args: string[]) => runCliAsync([...args, '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: h.home });
  // Two of its tasks at once: a and b can meet only because the parent gave its project slot back.
  await project('three', THREE, { meet: 'a b', 'planning-cost': '0.3' }, { maxConcurrentTasks: 2 });
  await project('spends', ONE, { 'planning-cost': '0.5' });
  await project('reasks', ONE, { 'invalid-first': '' });
  await project('limited', ONE, { 'rate-limited-first': '' });
  await project('cancels', { subtasks: THREE.subtasks.slice(0, 2) }, { hang: '' });
  await project('approves', ONE, { 'plan-file': '' });
  await project('fails', { subtasks: [THREE.subtasks[0], { ...THREE.subtasks[1], dependsOn: ['a'] }] }, { 'block-first': 'a' });
  await project('reviews', ONE, { 'block-first': 'only' }, { reviewOnStop: true });
  badInput = await Promise.all(
    [
      { project: 'three', title: 'x', decomposeApproval: true, agentOptions: { command: ['true'] } },
      { project: 'three', title: 'x', decompose: 'yes' },
      { project: 'three', title: 'x', decompose: true, agentOptions: { command: ['true'], env: { TOKEN: 'secret' } } },
    ].map(async (payload) => {
      const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload });
      return { statusCode: res.statusCode, body: res.json<unknown>() };
    }),
  );
  await h.run(async () => {
    // A budget of $3: the planning costs $0.30, so each of the three gets $0.90.
    ids.three = await file('three', { budgetUsd: 3 });
    ids.spends = await file('spends', { budgetUsd: 0.5 });
    ids.reasks = await file('reasks');
    ids.limited = await file('limited');
    ids.cancels = await file('cancels');
    // Filed from the CLI, as a user would.
    filedByCli = await cli([
      'task',
      'add',
      'Big task of approves',
      '--project',
      'approves',
      '--max-iterations',
      '2',
      '--agent-command',
      `${node} ${scriptedAgent('plan-or-do.mjs')} ${agentDirs.approves}`,
      '--decompose',
      '--decompose-approval',
      '--json',
    ]);
    ids.approves = JSON.parse(filedByCli.stdout).id as string;
    usage = await cli(['task', 'add', 'x', '--project', 'approves', '--decompose-approval']);
    ids.fails = await file('fails');
    ids.reviews = await file('reviews');
    waiting.limited = await h.waitFor(ids.limited, ['waiting_for_rate_limit']);

    // The subtask stops short and, like its parent, waits for review: abandoned, it fails, and the parent waits for review.
    const child = `${ids.reviews}-only`;
    waiting.child = await h.waitFor(child, ['needs_review']);
    answers.abandonChild = await h.app
      .inject({ method: 'POST', url: `/api/tasks/${child}/review`, payload: { action: 'abandon' } })
      .then((r) => ({ statusCode: r.statusCode, body: r.json<unknown>() }));
    waiting.reviews = await h.waitFor(ids.reviews, ['needs_review']);
    answers.acceptParent = await h.app
      .inject({ method: 'POST', url: `/api/tasks/${ids.reviews}/review`, payload: { action: 'accept' } })
      .then((r) => ({ statusCode: r.statusCode, body: r.json<unknown>() }));
    reviewed = await cli(['review', ids.reviews, 'retry']);

    waiting.approves = await h.waitFor(ids.approves, ['needs_decision']);
    childrenWhileWaiting = (await view(ids.approves)).children;
    answers.unclear = await h.app
      .inject({ method: 'POST', url: `/api/tasks/${ids.approves}/decision`, payload: { answer: 'looks fine I guess' } })
      .then((r) => ({ statusCode: r.statusCode, body: r.json<unknown>() }));
    decided = await cli(['decide', ids.approves, 'approve']);

    // Both children of the cancelled task run (their agents started) before it is cancelled.
    await eventually(() => (events('cancels').filter((l) => l.startsWith('start ')).length === 2 ? true : undefined), 'both children of the cancelled task to start', 60_000);
    childrenBeforeCancel = (await view(ids.cancels)).children;
    answers.cancel = await h.app.inject({ method: 'POST', url: `/api/tasks/${ids.cancels}/cancel` }).then((r) => ({ statusCode: r.statusCode, body: r.json<unknown>() }));

    for (const [name, id] of Object.entries(ids)) ended[name] = await h.waitFor(id, undefined, 120_000);
    for (const child of (await view(ids.cancels)).children) ended[`cancels/${child.id}`] = await h.waitFor(child.id, undefined, 60_000);
    for (const [name, id] of Object.entries(ids)) views[name] = await view(id);
    shown = await cli(['task', 'show', ids.three]);
    for (const key of ['a', 'b', 'c']) parentsInTemporal.push((await h.api.client.workflow.getHandle(`task-${ids.three}-${key}`).describe()).parentExecution?.workflowId);
  });
}, 240_000);

afterAll(async () => {
  await h.close();
  for (const dir of dirs) removeDir(dir);
});

describe('a task filed with decompose: true', () => {
  it('runs each planned subtask as a child task naming its parent, and lists them', () => {
    // How each ended first, so that a failure shows why.
    const how = (id: string) => {
      const t = h.api.store.tasks.get(id)!;
      return { id, status: t.status, error: t.error };
    };
    expect([ids.three!, ...['a', 'b', 'c'].map((k) => `${ids.three}-${k}`)].map(how)).toEqual(
      [ids.three!, ...['a', 'b', 'c'].map((k) => `${ids.three}-${k}`)].map((id) => ({ id, status: 'completed', error: null })),
    );
    const children = views.three!.children;
    expect(children.map((c) => c.id)).toEqual([`${ids.three}-a`, `${ids.three}-b`, `${ids.three}-c`]);
    expect(children.map((c) => c.title)).toEqual(['Write a.txt', 'Write b.txt', 'Write c.txt']);
    for (const child of children) expect(h.api.store.tasks.get(child.id)).toMatchObject({ parentId: ids.three, status: 'completed', outcome: 'success', finalCommit: expect.any(String) });
    expect(h.api.store.tasks.get(`${ids.three}-c`)!.acceptanceCriteria).toEqual(['c.txt exists']);
    // Together the children may spend what the parent may, as one task would.
    expect(children.map((c) => h.api.store.tasks.get(c.id)!.budgetUsd)).toEqual([0.9, 0.9, 0.9]);
    expect(h.api.store.dependencies.of(`${ids.three}-c`).map((d) => d.dependsOn)).toEqual([`${ids.three}-a`, `${ids.three}-b`]);
    // Child workflows of the parent's workflow in Temporal too.
    expect(parentsInTemporal).toEqual([`task-${ids.three}`, `task-${ids.three}`, `task-${ids.three}`]);
  });

  it('runs a and b at once, and c only after both merged', () => {
    const log = events('three');
    // a and b each waited until the other had started: they ran at the same time (while the parent ran too).
    expect(log.slice(1, 3).sort()).toEqual(['start a', 'start b']);
    expect(log.indexOf('start c')).toBeGreaterThan(Math.max(log.indexOf('end a'), log.indexOf('end b')));
    const c = h.api.store.tasks.get(`${ids.three}-c`)!;
    for (const key of ['a', 'b']) expect(Date.parse(h.api.store.tasks.get(`${ids.three}-${key}`)!.finishedAt!)).toBeLessThanOrEqual(Date.parse(h.api.store.iterations.list(c.id)[0]!.startedAt));
  });

  it('completes once every child merged: all three files are on main', () => {
    expect(ended.three).toMatchObject({ status: 'completed', outcome: 'success', iterations: 1, parentId: null });
    expect(views.three).toMatchObject({ parentId: null, children: [{ status: 'completed' }, { status: 'completed' }, { status: 'completed' }] });
    for (const key of ['a', 'b', 'c']) expect(git(repos.three!, 'show', `main:${key}.txt`)).toBe(key);
    // The planning worktree held no change: it is gone, and the parent kept no branch.
    expect(ended.three!.worktreeKept).toBe(false);
    const [planning] = h.api.store.iterations.list(ids.three!);
    expect(planning).toMatchObject({ number: 1, outcome: 'success', summary: 'Planned 3 subtask(s): a, b, c' });
  });

  it('shows the children in `ringmaster task show`', () => {
    expect(shown).toMatchObject({ status: 0, stderr: '' });
    expect(shown.stdout).toContain('Subtasks:');
    for (const key of ['a', 'b', 'c']) expect(shown.stdout).toMatch(new RegExp(`${ids.three}-${key}\\s+completed\\s+Write ${key}\\.txt`));
  });
});

describe('a planning run that spends the whole budget', () => {
  it('fails the task as budget_exceeded and starts no subtask', () => {
    expect(ended.spends).toMatchObject({
      status: 'failed',
      outcome: 'budget_exceeded',
      error: 'budget exceeded: the planning spent $0.5000 of $0.5000, which leaves nothing for its 1 subtask(s)',
    });
    expect(views.spends!.children).toEqual([]);
    expect(events('spends')).toEqual(['plan']);
  });
});

describe('a planning run stopped by a rate limit', () => {
  it('waits on a timer as a task does, then plans again without counting it, and the subtask runs', () => {
    expect(waiting.limited!.step).toMatch(/^rate limited: command hit a rate limit \(.*429 Too Many Requests.*\); resumes at \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(ended.limited).toMatchObject({ status: 'completed', outcome: 'success' });
    expect(h.api.store.iterations.list(ids.limited!).map((iteration) => [iteration.number, iteration.outcome])).toEqual([
      [1, 'rate_limited'],
      [2, 'success'],
    ]);
    expect(views.limited!.children).toEqual([{ id: `${ids.limited}-only`, title: 'Write only.txt', status: 'completed' }]);
    expect(git(repos.limited!, 'show', 'main:only.txt')).toBe('only');
  });
});

describe('a plan that is not valid JSON', () => {
  it('is asked for once more, with the problem in the prompt, and the second plan runs', () => {
    expect(ended.reasks).toMatchObject({ status: 'completed', iterations: 2 });
    const [first, second] = h.api.store.iterations.list(ids.reasks!);
    expect(first!.summary).toMatch(/^the plan is not valid JSON: /);
    const reask = fs.readFileSync(second!.promptPath!, 'utf8');
    expect(reask).toContain('## Your previous plan was refused');
    expect(reask).toContain('the plan is not valid JSON');
    expect(second!.summary).toBe('Planned 1 subtask(s): only');
    expect(views.reasks!.children).toEqual([{ id: `${ids.reasks}-only`, title: 'Write only.txt', status: 'completed' }]);
    expect(git(repos.reasks!, 'show', 'main:only.txt')).toBe('only');
  });
});

describe('cancelling a decomposed task', () => {
  it('cancels its running children, whose agents are stopped', () => {
    expect(childrenBeforeCancel.map((c) => c.status)).toEqual(['running', 'running']);
    expect(answers.cancel).toMatchObject({ statusCode: 202 });
    expect(ended.cancels).toMatchObject({ status: 'cancelled' });
    const children = views.cancels!.children;
    expect(children).toHaveLength(2);
    for (const child of children) expect(ended[`cancels/${child.id}`]).toMatchObject({ status: 'cancelled', outcome: 'cancelled', parentId: ids.cancels });
    expect(events('cancels').filter((l) => l.startsWith('end '))).toEqual([]);
  });
});

describe('a plan that needs approval (decomposeApproval: true)', () => {
  it('is filed by `task add --decompose --decompose-approval`; the approval flag alone is a usage error', () => {
    expect(filedByCli).toMatchObject({ status: 0, stderr: '' });
    expect(usage).toMatchObject({ status: 1, stderr: 'ringmaster: --decompose-approval goes with --decompose\n' });
  });

  it('waits as a decision with the plan in the question (written to the plan file), and starts no child meanwhile', () => {
    expect(waiting.approves).toMatchObject({ status: 'needs_decision' });
    expect(childrenWhileWaiting).toEqual([]);
    // The plan file was read and removed: the planning worktree held no change to keep.
    expect(ended.approves!.worktreeKept).toBe(false);
    expect(waiting.approves!.question).toMatch(/^Approve this plan of 1 subtask\(s\)\? Answer "approve", or "reject: why"\.\n- only: Write only\.txt/);
    expect(h.api.store.decisions.list(ids.approves!)[0]).toMatchObject({ iteration: 1, answer: 'approve' });
  });

  it('refuses an answer that neither approves nor rejects (409), then goes on when approved from the CLI', () => {
    expect(answers.unclear).toEqual({ statusCode: 409, body: { error: { code: 'conflict', message: 'the plan waits for its approval: answer "approve", or "reject: why"' } } });
    expect(decided).toMatchObject({ status: 0 });
    expect(ended.approves).toMatchObject({ status: 'completed' });
    expect(views.approves!.children).toEqual([{ id: `${ids.approves}-only`, title: 'Write only.txt', status: 'completed' }]);
  });
});

describe('bad decomposition input', () => {
  it('is refused with 400 naming the field', () => {
    expect(badInput[0]).toMatchObject({ statusCode: 400, body: { error: { details: { fields: [{ field: 'body.decomposeApproval', message: 'goes with decompose: true' }] } } } });
    expect(badInput[1]).toMatchObject({ statusCode: 400, body: { error: { details: { fields: [expect.objectContaining({ field: 'body.decompose' })] } } } });
    expect(badInput[2]).toMatchObject({ statusCode: 400, body: { error: { details: { fields: [expect.objectContaining({ field: 'body.agentOptions.env' })] } } } });
  });
});

describe('a subtask that fails', () => {
  it('fails its parent, naming it, and cancels the sibling waiting on it', () => {
    expect(ended.fails).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect(ended.fails!.error).toMatch(new RegExp(`^subtask a \\(task ${ids.fails}-a\\) ended failed: `));
    expect(views.fails!.children).toEqual([
      { id: `${ids.fails}-a`, title: 'Write a.txt', status: 'failed' },
      { id: `${ids.fails}-b`, title: 'Write b.txt', status: 'cancelled' },
    ]);
    expect(events('fails')).toEqual(['plan', 'start a']);
  });

  it('with reviewOnStop, sends the parent to review; retry runs the subtask again and the parent completes', () => {
    expect(waiting.child).toMatchObject({ status: 'needs_review', parentId: ids.reviews });
    expect(answers.abandonChild).toMatchObject({ statusCode: 200 });
    expect(waiting.reviews!.step).toMatch(new RegExp(`^needs review: subtask only \\(task ${ids.reviews}-only\\) ended failed: abandoned on review`));
    expect(waiting.reviews!.step).toMatch(/; retry its failed subtasks or abandon it \(POST \/api\/tasks\/:id\/review\) within 10080 minute\(s\)$/);
    expect(answers.acceptParent).toMatchObject({ statusCode: 409, body: { error: { message: expect.stringMatching(/takes retry \(its failed subtasks run again\) or abandon$/) } } });
    expect(reviewed).toMatchObject({ status: 0, stderr: '' });
    expect(ended.reviews).toMatchObject({ status: 'completed' });
    expect(h.api.store.tasks.get(`${ids.reviews}-only`)).toMatchObject({ status: 'completed', runs: 2, iterations: 2 });
    expect(git(repos.reviews!, 'show', 'main:only.txt')).toBe('only');
  });
});
