import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from '../support/processes.js';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// Scheduling end to end on the real Temporal server (one task-queue partition, as the embedded
// server runs): priorities decide which waiting task gets the one agent slot, a dependency runs
// at the priority of the task waiting on it, dependencies block and unblock tasks, cycles are
// refused. Agents are the scripted record-start.mjs: it logs the order in which agents started.

const node = process.execPath;
let harness: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const dir of dirs.splice(0)) removeDir(dir);
});

interface Setup {
  h: Harness;
  orderFile: string;
  gate: string;
  file: (title: string, extra?: Record<string, unknown>, gated?: boolean) => Promise<string>;
  order: () => string[];
}

async function setup(label: string): Promise<Setup> {
  harness = await startHarness(label, { agentSlots: 1 });
  const h = harness;
  const repo = makeTempGitRepo({ 'README.md': '# sched\n' });
  const scratch = makeTempDir('ringmaster-order-');
  dirs.push(repo, scratch);
  const orderFile = path.join(scratch, 'order.log');
  const gate = path.join(scratch, 'gate');
  const res = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'sched', repoPath: repo } });
  expect(res.statusCode).toBe(201);
  return {
    h,
    orderFile,
    gate,
    async file(title, extra = {}, gated = false) {
      const command = [node, scriptedAgent('record-start.mjs'), orderFile, title, ...(gated ? [gate] : [])];
      const created = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'sched', title, agent: 'command', agentOptions: { command }, ...extra } });
      expect(created.statusCode).toBe(201);
      return created.json<{ id: string }>().id;
    },
    order: () => (fs.existsSync(orderFile) ? fs.readFileSync(orderFile, 'utf8').trim().split('\n') : []),
  };
}

const statusOf = (h: Harness, id: string) => h.api.store.tasks.get(id)!;

describe('scheduling', () => {
  it('gives the one free agent slot to the most urgent waiting task: P0, then P1, then P3', async () => {
    const { h, gate, file, order } = await setup('priorities');
    await h.run(async () => {
      const busy = await file('busy', { priority: 'P4' }, true);
      await eventually(() => order().includes('busy') || undefined, 'the busy task to hold the slot');
      const p3 = await file('p3', { priority: 'P3' });
      const p1 = await file('p1', { priority: 'P1' });
      const p0 = await file('p0', { priority: 'P0' });
      await eventually(() => [p3, p1, p0].every((id) => statusOf(h, id).step.startsWith('waiting for an agent slot')) || undefined, 'all three to wait for the slot');
      // The queue, as the API shows it, in the order the tasks will run.
      const queued = (await h.app.inject({ method: 'GET', url: '/api/tasks?status=queued' })).json<{ items: { id: string }[] }>();
      expect(queued.items.map((t) => t.id)).toEqual([p0, p1, p3]);
      fs.writeFileSync(gate, '');
      for (const id of [busy, p3, p1, p0]) expect((await h.waitFor(id, undefined, 120_000)).status).toBe('completed');
    });
    expect(order()).toEqual(['busy', 'p0', 'p1', 'p3']);
  }, 240_000);

  it('runs a P4 dependency of a waiting P0 task at P0, ahead of a P2 task, and gives the priority back after', async () => {
    const { h, gate, file, order } = await setup('inheritance');
    await h.run(async () => {
      await file('busy', { priority: 'P4' }, true);
      await eventually(() => order().includes('busy') || undefined, 'the busy task to hold the slot');
      const p2 = await file('p2', { priority: 'P2' });
      const p4 = await file('p4', { priority: 'P4' });
      const p0 = await file('p0', { priority: 'P0', dependsOn: [p4] });
      await eventually(() => statusOf(h, p4).effectivePriority === 'P0' || undefined, 'the P4 task to run at P0');
      const shown = (await h.app.inject({ method: 'GET', url: `/api/tasks/${p4}` })).json<{ priority: string; effectivePriority: string }>();
      expect(shown).toMatchObject({ priority: 'P4', effectivePriority: 'P0' });
      expect(statusOf(h, p0)).toMatchObject({ status: 'blocked', step: `waiting for ${p4}` });
      await eventually(() => statusOf(h, p4).step.startsWith('waiting for an agent slot at P0') || undefined, 'the P4 task to ask again at P0');

      // A waiter that goes away takes its priority with it.
      const r = await file('r', { priority: 'P4' });
      const q = await file('q', { priority: 'P1', dependsOn: [r] });
      await eventually(() => statusOf(h, r).effectivePriority === 'P1' || undefined, 'r to run at P1 for q');
      // A new priority for the waiter is lent on at once.
      const patched = await h.app.inject({ method: 'PATCH', url: `/api/tasks/${q}`, payload: { priority: 'P0' } });
      expect(patched.json()).toMatchObject({ priority: 'P0', effectivePriority: 'P0' });
      await eventually(() => statusOf(h, r).effectivePriority === 'P0' || undefined, 'r to run at P0 for q');
      expect((await h.app.inject({ method: 'POST', url: `/api/tasks/${q}/cancel` })).statusCode).toBe(202);
      await eventually(() => statusOf(h, r).effectivePriority === 'P4' || undefined, 'r to be back at P4 once q is cancelled');

      fs.writeFileSync(gate, '');
      for (const id of [p4, p0, p2, r]) expect((await h.waitFor(id, undefined, 120_000)).status).toBe('completed');
      // A finished task lends nothing and borrows nothing.
      expect(statusOf(h, p4).effectivePriority).toBe('P4');
    });
    // p4 ran ahead of p2 at p0's priority; p0 starts once p4 ended, racing p2 for the slot p4 freed.
    const ran = order();
    expect(ran.slice(0, 2)).toEqual(['busy', 'p4']);
    expect(ran.slice(2, 4).sort()).toEqual(['p0', 'p2']);
    expect(ran[4]).toBe('r');
  }, 240_000);

  it('applies a changed priority to the next scheduling decision', async () => {
    const { h, gate, file, order } = await setup('repriority');
    await h.run(async () => {
      await file('busy', { priority: 'P4' }, true);
      await eventually(() => order().includes('busy') || undefined, 'the busy task to hold the slot');
      const x = await file('x', { priority: 'P3' });
      const y = await file('y', { priority: 'P2' });
      await eventually(() => [x, y].every((id) => statusOf(h, id).step.startsWith('waiting for an agent slot')) || undefined, 'both to wait');
      expect((await h.app.inject({ method: 'PATCH', url: `/api/tasks/${x}`, payload: { priority: 'P1' } })).statusCode).toBe(200);
      await eventually(() => statusOf(h, x).step.startsWith('waiting for an agent slot at P1') || undefined, 'x to ask again at P1');
      const bad = await h.app.inject({ method: 'PATCH', url: `/api/tasks/${x}`, payload: { priority: 'P7' } });
      expect(bad.statusCode).toBe(400);
      fs.writeFileSync(gate, '');
      for (const id of [x, y]) expect((await h.waitFor(id, undefined, 120_000)).status).toBe('completed');
      const ended = await h.app.inject({ method: 'PATCH', url: `/api/tasks/${x}`, payload: { priority: 'P0' } });
      expect(ended.statusCode).toBe(409);
    });
    expect(order()).toEqual(['busy', 'x', 'y']);
  }, 240_000);

  it("holds a project's tasks to its concurrency limit while other projects use the free slots", async () => {
    harness = await startHarness('project-limit', { agentSlots: 2 });
    const h = harness;
    const scratch = makeTempDir('ringmaster-order-');
    const limited = makeTempGitRepo({ 'README.md': '# limited\n' });
    const free = makeTempGitRepo({ 'README.md': '# free\n' });
    dirs.push(scratch, limited, free);
    const orderFile = path.join(scratch, 'order.log');
    const gate = path.join(scratch, 'gate');
    const order = () => (fs.existsSync(orderFile) ? fs.readFileSync(orderFile, 'utf8').trim().split('\n') : []);
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'limited', repoPath: limited, maxConcurrentTasks: 1 } })).statusCode).toBe(201);
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'free', repoPath: free } })).statusCode).toBe(201);
    const bad = await h.app.inject({ method: 'PATCH', url: '/api/projects/limited', payload: { maxConcurrentTasks: -1 } });
    expect(bad.statusCode).toBe(400);
    const file = async (project: string, title: string, gated: boolean) => {
      const command = [node, scriptedAgent('record-start.mjs'), orderFile, title, ...(gated ? [gate] : [])];
      const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project, title, agent: 'command', agentOptions: { command } } });
      return res.json<{ id: string }>().id;
    };
    await h.run(async () => {
      const first = await file('limited', 'first', true);
      await eventually(() => order().includes('first') || undefined, 'the first task to run');
      const second = await file('limited', 'second', false);
      await eventually(() => statusOf(h, second).step.startsWith('waiting for one of the 1 slot(s) of project limited') || undefined, 'the second to wait for the project');
      const other = await file('free', 'other', false);
      expect((await h.waitFor(other, undefined, 120_000)).status).toBe('completed');
      expect(statusOf(h, second).status).toBe('queued');
      fs.writeFileSync(gate, '');
      for (const id of [first, second]) expect((await h.waitFor(id, undefined, 120_000)).status).toBe('completed');
    });
    expect(order()).toEqual(['first', 'other', 'second']);
  }, 240_000);

  it('runs a chain A → B → C in order', async () => {
    const { h, file, order } = await setup('chain');
    await h.run(async () => {
      const a = await file('a');
      const b = await file('b', { dependsOn: [a] });
      const c = await file('c', { dependsOn: [b] });
      for (const id of [a, b, c]) expect((await h.waitFor(id, undefined, 120_000)).status).toBe('completed');
      const shown = (await h.app.inject({ method: 'GET', url: `/api/tasks/${c}` })).json<{ dependsOn: unknown[] }>();
      expect(shown.dependsOn).toEqual([{ id: b, title: 'b', status: 'completed', dropped: false }]);
    });
    expect(order()).toEqual(['a', 'b', 'c']);
  }, 240_000);

  it('leaves B and C blocked with the reason when A fails, refuses a cycle, and lets a person drop the dependency', async () => {
    const { h, file, order } = await setup('failing-chain');
    await h.run(async () => {
      const failing = [node, '-e', "require('fs').readFileSync(0); console.log('<blocked>the payment API key is missing</blocked>')"];
      const aRes = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'sched', title: 'a', agent: 'command', agentOptions: { command: failing } } });
      const a = aRes.json<{ id: string }>().id;
      const b = await file('b', { dependsOn: [a] });
      const c = await file('c', { dependsOn: [b] });
      expect((await h.waitFor(a)).status).toBe('failed');
      const blockedB = await eventually(() => (statusOf(h, b).step.includes(`dependency ${a} ended failed`) ? statusOf(h, b) : undefined), 'B to name the failed dependency');
      expect(blockedB).toMatchObject({ status: 'blocked' });
      expect(blockedB.step).toContain('the payment API key is missing');
      expect(statusOf(h, c)).toMatchObject({ status: 'blocked', step: `waiting for ${b}` });

      // B waiting for C would close the cycle B → C → B.
      const cycle = await h.app.inject({ method: 'PATCH', url: `/api/tasks/${b}`, payload: { dependsOn: [c] } });
      expect(cycle.statusCode).toBe(400);
      expect(cycle.json<{ error: { message: string } }>().error.message).toContain(`would make a dependency cycle: ${b} → ${c} → ${b}`);
      const unknown = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'sched', title: 'x', dependsOn: ['nope'] } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<{ error: { message: string } }>().error.message).toContain("names no task: 'nope'");

      // A person lets B go on without A: B and then C run.
      const dropped = await h.app.inject({ method: 'DELETE', url: `/api/tasks/${b}/dependencies/${a}` });
      expect(dropped.statusCode).toBe(200);
      expect(dropped.json<{ dependsOn: unknown[] }>().dependsOn).toEqual([{ id: a, title: 'a', status: 'failed', dropped: true }]);
      for (const id of [b, c]) expect((await h.waitFor(id, undefined, 120_000)).status).toBe('completed');
      expect((await h.app.inject({ method: 'DELETE', url: `/api/tasks/${b}/dependencies/${a}` })).statusCode).toBe(409);
    });
    expect(order()).toEqual(['b', 'c']);
  }, 240_000);
});
