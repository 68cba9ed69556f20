import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Store } from '../../store/create-store.js';
import { DEFAULT_PROMPT_SETTINGS } from '../../model/prompt-settings.js';
import { openTestStore, testProject, testTask, type TestStore } from '../support/test-store.js';

let opened: TestStore;
let store: Store;

function addTask(id: string, projectId = 'p1'): void {
  store.tasks.insert(testTask(id, projectId, { acceptanceCriteria: ['it works'] }));
}

beforeEach(() => {
  opened = openTestStore();
  store = opened.store;
  for (const id of ['p1', 'p2']) {
    store.projects.create(testProject(id, { lintCommand: ['npm', 'run', 'lint'], prompt: { budgetTokens: 8000, layers: { history: false } } }));
  }
});

afterEach(() => opened.close());

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
