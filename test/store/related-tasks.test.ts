import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Store } from '../../store/create-store.js';
import { openTestStore, testProject, testTask, type TestStore } from '../support/test-store.js';
import { relatedTasksOf } from '../../store/related-tasks.js';

let opened: TestStore;
let store: Store;

function addTask(id: string): void {
  store.tasks.insert(testTask(id, 'p1'));
}

function addIteration(taskId: string, number: number, summary: string): void {
  const at = new Date().toISOString();
  store.iterations.record({
    taskId,
    number,
    outcome: 'success',
    summary,
    tokensIn: 1,
    tokensOut: 1,
    costUsd: null,
    durationMs: 1,
    exitCode: 0,
    testsPassed: true,
    logPath: null,
    promptPath: null,
    startedAt: at,
    finishedAt: at,
  });
}

beforeEach(() => {
  opened = openTestStore();
  store = opened.store;
  store.projects.create(testProject('p1', { name: 'demo' }));
  for (const id of ['a', 'b', 'c', 'd']) addTask(id);
});

afterEach(() => opened.close());

describe('relatedTasksOf', () => {
  it('lists the tasks a task depends on with their outcome, last summary, error and merge commit', () => {
    addIteration('a', 1, 'first try');
    addIteration('a', 2, 'added the slug helper');
    store.tasks.update('a', { status: 'completed', finalCommit: 'abc123' });
    store.tasks.update('b', { status: 'failed', error: 'tests failed: expected 42' });
    store.dependencies.add('c', ['a', 'b']);
    store.dependencies.drop('c', 'b');

    expect(relatedTasksOf(store, 'c')).toEqual([
      expect.objectContaining({ id: 'a', title: 'task a', status: 'completed', summary: 'added the slug helper', error: null, finalCommit: 'abc123' }),
      expect.objectContaining({ id: 'b', status: 'failed', summary: null, error: 'tests failed: expected 42', finalCommit: null }),
    ]);
  });

  it('is empty for a task without dependencies', () => {
    expect(relatedTasksOf(store, 'd')).toEqual([]);
  });
});
