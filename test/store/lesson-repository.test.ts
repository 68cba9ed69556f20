import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { createStore, type Store } from '../../store/create-store.js';
import { migrate } from '../../store/migrate.js';
import { openDatabase, type Db } from '../../store/open-database.js';
import { DEFAULT_PROMPT_SETTINGS } from '../../model/prompt-settings.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

let dir: string;
let db: Db;
let store: Store;

function addTask(id: string, projectId = 'p1'): void {
  store.tasks.insert({
    id, workflowId: `task-${id}`, projectId, title: `task ${id}`, description: '', acceptanceCriteria: ['it works'], priority: 'P2',
    agent: 'command', agentOptions: {}, maxIterations: 3, budgetUsd: null, timeoutMinutes: 5, status: 'running',
  });
}

beforeEach(() => {
  dir = makeTempDir();
  db = openDatabase(path.join(dir, 'ringmaster.db'));
  migrate(db);
  store = createStore(db);
  for (const id of ['p1', 'p2']) {
    store.projects.create({
      id, name: `demo-${id}`, repoPath: '/repo', defaultBranch: 'main', testCommand: null, setupCommand: null, copyFiles: [], agent: 'command',
      maxIterations: 3, maxConcurrentTasks: null, budgetUsd: null, linkFiles: [], buildCommand: null, reloadCommand: null, healthUrl: null, watch: false, self: false,
      lintCommand: ['npm', 'run', 'lint'], prompt: { budgetTokens: 8000, layers: { history: false } },
    });
  }
});

afterEach(() => {
  db.close();
  removeDir(dir);
});

describe('lesson repository', () => {
  it('keeps one lesson per task, newest first, per project, leaving out the asking task', () => {
    for (const id of ['t1', 't2', 't3']) addTask(id);
    addTask('other', 'p2');
    store.lessons.record({ taskId: 't1', projectId: 'p1', title: 'first', outcome: 'failed', lesson: 'old text' });
    store.lessons.record({ taskId: 't1', projectId: 'p1', title: 'first', outcome: 'failed', lesson: 'new text' });
    store.lessons.record({ taskId: 't2', projectId: 'p1', title: 'second', outcome: 'completed', lesson: 'took 3 tries' });
    store.lessons.record({ taskId: 'other', projectId: 'p2', title: 'elsewhere', outcome: 'failed', lesson: 'x' });
    const lessons = store.lessons.recent('p1', 10);
    expect(lessons.map((l) => l.taskId).sort()).toEqual(['t1', 't2']);
    expect(lessons.find((l) => l.taskId === 't1')!.lesson).toBe('new text');
    expect(store.lessons.recent('p1', 10, 't2').map((l) => l.taskId)).toEqual(['t1']);
    expect(store.lessons.recent('p1', 1)).toHaveLength(1);
  });

  it('goes with its task', () => {
    addTask('t1');
    store.lessons.record({ taskId: 't1', projectId: 'p1', title: 'first', outcome: 'failed', lesson: 'text' });
    store.projects.delete('p1');
    expect(store.lessons.recent('p1', 10)).toEqual([]);
  });

  it('stores the prompt settings, lint command and acceptance criteria the new migration added', () => {
    addTask('t1');
    expect(store.projects.get('p1')).toMatchObject({ lintCommand: ['npm', 'run', 'lint'], prompt: { budgetTokens: 8000, layers: { history: false } } });
    expect(store.tasks.get('t1')!.acceptanceCriteria).toEqual(['it works']);
    store.projects.update('p1', { prompt: DEFAULT_PROMPT_SETTINGS, lintCommand: null });
    expect(store.projects.get('p1')).toMatchObject({ lintCommand: null, prompt: DEFAULT_PROMPT_SETTINGS });
  });
});
