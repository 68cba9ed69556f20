import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { createStore, type Store } from '../../store/create-store.js';
import { migrate } from '../../store/migrate.js';
import { openDatabase, type Db } from '../../store/open-database.js';
import { relatedTasksOf } from '../../store/related-tasks.js';
import { DEFAULT_PROMPT_SETTINGS } from '../../model/prompt-settings.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

let dir: string;
let db: Db;
let store: Store;

function addTask(id: string): void {
  store.tasks.insert({
    id, workflowId: `task-${id}`, projectId: 'p1', title: `task ${id}`, description: '', acceptanceCriteria: [], priority: 'P2',
    agent: 'command', agentOptions: {}, maxIterations: 3, budgetUsd: null, timeoutMinutes: 5, status: 'running',
  });
}

function addIteration(taskId: string, number: number, summary: string): void {
  const at = new Date().toISOString();
  store.iterations.record({
    taskId, number, outcome: 'success', summary, tokensIn: 1, tokensOut: 1, costUsd: null, durationMs: 1, exitCode: 0, testsPassed: true,
    logPath: null, promptPath: null, startedAt: at, finishedAt: at,
  });
}

beforeEach(() => {
  dir = makeTempDir();
  db = openDatabase(path.join(dir, 'ringmaster.db'));
  migrate(db);
  store = createStore(db);
  store.projects.create({
    id: 'p1', name: 'demo', repoPath: '/repo', defaultBranch: 'main', testCommand: null, setupCommand: null, copyFiles: [], agent: 'command',
    maxIterations: 3, maxConcurrentTasks: null, budgetUsd: null, linkFiles: [], buildCommand: null, reloadCommand: null, healthUrl: null, watch: false, self: false,
    lintCommand: null, prompt: DEFAULT_PROMPT_SETTINGS,
  });
  for (const id of ['a', 'b', 'c', 'd']) addTask(id);
});

afterEach(() => {
  db.close();
  removeDir(dir);
});

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
