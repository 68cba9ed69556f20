import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AgentOutcome } from '../../model/agent-outcome.js';
import type { Store } from '../../store/create-store.js';
import { openTestStore, testProject, testTask, type TestStore } from '../support/test-store.js';

// The aggregates GET /metrics reads, on a real database with a known set of tasks.

let opened: TestStore;
let store: Store;

function addTask(id: string, projectId: string, agent: 'command' | 'claude-code'): void {
  store.tasks.insert(testTask(id, projectId, { agent }));
}

function addIteration(taskId: string, number: number, outcome: AgentOutcome, usage: { tokensIn: number; tokensOut: number; costUsd: number | null; durationMs: number; model?: string }): void {
  const at = new Date().toISOString();
  store.iterations.record({ taskId, number, outcome, summary: '', ...usage, exitCode: 0, testsPassed: null, logPath: null, promptPath: null, startedAt: at, finishedAt: at });
}

/** Ends the task `seconds` after it was filed. */
function finish(id: string, status: 'completed' | 'failed', seconds: number): void {
  const created = Date.parse(store.tasks.get(id)!.createdAt);
  store.tasks.update(id, { status, finishedAt: new Date(created + seconds * 1000).toISOString() });
}

beforeEach(() => {
  opened = openTestStore();
  store = opened.store;
  store.projects.create(testProject('p1', { name: 'web' }));
  store.projects.create(testProject('p2', { name: 'api' }));
  addTask('a', 'p1', 'claude-code');
  addTask('b', 'p1', 'claude-code');
  addTask('c', 'p2', 'command');
});

afterEach(() => opened.close());

describe('the metrics repository', () => {
  it('counts tasks by project, agent and status', () => {
    finish('a', 'completed', 90);
    const rows = store.metrics.tasks();
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        { project: 'web', agent: 'claude-code', status: 'completed', count: 1 },
        { project: 'web', agent: 'claude-code', status: 'running', count: 1 },
        { project: 'api', agent: 'command', status: 'running', count: 1 },
      ]),
    );
  });

  it('sums iterations, tokens and reported cost by project, agent, model and outcome; gives each run and ended task its duration', () => {
    addIteration('a', 1, 'incomplete', { tokensIn: 1000, tokensOut: 200, costUsd: 0.25, durationMs: 30_000, model: 'claude-sonnet-4-5' });
    addIteration('a', 2, 'success', { tokensIn: 1500, tokensOut: 300, costUsd: 0.5, durationMs: 45_000, model: 'claude-sonnet-4-5' });
    addIteration('b', 1, 'success', { tokensIn: 10, tokensOut: 5, costUsd: null, durationMs: 1_500 });
    addIteration('c', 1, 'agent_error', { tokensIn: 0, tokensOut: 0, costUsd: null, durationMs: 200 });
    finish('a', 'completed', 120);
    finish('c', 'failed', 7.5);

    expect(store.metrics.iterations()).toEqual(
      expect.arrayContaining([
        { project: 'web', agent: 'claude-code', model: 'claude-sonnet-4-5', outcome: 'incomplete', count: 1, tokensIn: 1000, tokensOut: 200, costUsd: 0.25 },
        { project: 'web', agent: 'claude-code', model: 'claude-sonnet-4-5', outcome: 'success', count: 1, tokensIn: 1500, tokensOut: 300, costUsd: 0.5 },
        { project: 'web', agent: 'claude-code', model: 'unknown', outcome: 'success', count: 1, tokensIn: 10, tokensOut: 5, costUsd: 0 },
        { project: 'api', agent: 'command', model: 'unknown', outcome: 'agent_error', count: 1, tokensIn: 0, tokensOut: 0, costUsd: 0 },
      ]),
    );
    expect(store.metrics.iterations()).toHaveLength(4);
    expect(
      store.metrics
        .runDurations()
        .map((d) => d.seconds)
        .sort((x, y) => x - y),
    ).toEqual([0.2, 1.5, 30, 45]);
    const tasks = store.metrics.taskDurations();
    expect(tasks).toHaveLength(2);
    expect(tasks.find((d) => d.project === 'web')!.seconds).toBeCloseTo(120, 1);
    expect(tasks.find((d) => d.project === 'api')).toMatchObject({ agent: 'command' });
    expect(tasks.find((d) => d.project === 'api')!.seconds).toBeCloseTo(7.5, 1);
  });

  it("gives each project's merge queue its depth now and each pass its wait, from the tasks' integrating status", () => {
    expect(store.metrics.queueDepths()).toEqual(
      expect.arrayContaining([
        { project: 'web', count: 0 },
        { project: 'api', count: 0 },
      ]),
    );
    store.tasks.update('a', { status: 'integrating', step: 'committing the work' });
    store.tasks.update('a', { status: 'integrating', step: 'waiting in the merge queue (position 2)' });
    store.tasks.update('b', { status: 'integrating' });
    expect(store.metrics.queueDepths()).toEqual(
      expect.arrayContaining([
        { project: 'web', count: 2 },
        { project: 'api', count: 0 },
      ]),
    );
    expect(store.metrics.queueWaits()).toEqual([]);

    store.tasks.update('a', { status: 'completed', finishedAt: new Date().toISOString() });
    // A merge that failed goes back to the agent, then through the queue again.
    store.tasks.update('b', { status: 'running' });
    store.tasks.update('b', { status: 'integrating' });
    expect(store.metrics.queueDepths()).toEqual(expect.arrayContaining([{ project: 'web', count: 1 }]));
    const waits = store.metrics.queueWaits();
    expect(waits.map((w) => w.project)).toEqual(['web', 'web']);
    for (const wait of waits) expect(wait.seconds).toBeGreaterThanOrEqual(0);
  });

  it('counts the releases that ended, not the running ones', () => {
    const start = (id: string) => store.reloads.start({ id, projectId: 'p1', workflowId: `reload-${id}`, trigger: 'manual', taskId: null, fromCommit: null, toCommit: id });
    start('r1');
    start('r2');
    start('r3');
    store.reloads.finish('r1', { status: 'deployed', error: null, revertCommit: null });
    store.reloads.finish('r2', { status: 'rolled_back', error: 'health check failed', revertCommit: 'abc' });
    expect(store.metrics.releases().sort((x, y) => x.status.localeCompare(y.status))).toEqual([
      { project: 'web', status: 'deployed', count: 1 },
      { project: 'web', status: 'rolled_back', count: 1 },
    ]);
  });
});
