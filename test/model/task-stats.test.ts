import { describe, expect, it } from '@jest/globals';
import { percentile, summarizeTasks, summarizeTasksBy, type TaskFacts } from '../../model/task-stats.js';

const task = (overrides: Partial<TaskFacts>): TaskFacts => ({
  project: 'web',
  agent: 'codex',
  model: 'gpt-5-codex',
  status: 'completed',
  iterations: 1,
  tokensIn: 0,
  tokensOut: 0,
  costUsd: 0,
  durationSeconds: 10,
  ...overrides,
});

describe('percentile', () => {
  it('is the nearest rank of the sorted values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
  });
});

describe('summarizeTasks', () => {
  it('counts every task, rates and means the ended ones, sums usage of all', () => {
    const stats = summarizeTasks([
      task({ status: 'completed', iterations: 2, durationSeconds: 30, tokensIn: 10, costUsd: 0.5 }),
      task({ status: 'cancelled', iterations: 4, durationSeconds: 90 }),
      task({ status: 'needs_decision', iterations: 9, durationSeconds: null, tokensOut: 3, costUsd: 0.25 }),
    ]);
    expect(stats).toEqual({ tasks: 3, ended: 2, completed: 1, successRate: 0.5, meanIterations: 3, durationSeconds: { p50: 30, p95: 90 }, tokensIn: 10, tokensOut: 3, costUsd: 0.75 });
  });

  it('has no rates while nothing ended', () => {
    expect(summarizeTasks([task({ status: 'running', durationSeconds: null })])).toMatchObject({
      tasks: 1,
      ended: 0,
      successRate: null,
      meanIterations: null,
      durationSeconds: { p50: null, p95: null },
    });
    expect(summarizeTasks([])).toMatchObject({ tasks: 0, successRate: null });
  });
});

describe('summarizeTasksBy', () => {
  it('groups by the field, most tasks first, then by name', () => {
    const rows = summarizeTasksBy([task({ project: 'b' }), task({ project: 'a' }), task({ project: 'c' }), task({ project: 'c', status: 'failed' })], 'project');
    expect(rows.map((r) => [r.project, r.tasks, r.successRate])).toEqual([
      ['c', 2, 0.5],
      ['a', 1, 1],
      ['b', 1, 1],
    ]);
  });
});
