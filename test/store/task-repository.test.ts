import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openTestStore, testProject, testTask, type TestStore } from '../support/test-store.js';

let opened: TestStore;

beforeEach(() => {
  opened = openTestStore();
  opened.store.projects.create(testProject('p1'));
});

afterEach(() => opened.close());

describe('the subtasks of a decomposed task', () => {
  it('name their parent and are listed with it in the order they were recorded', () => {
    const { tasks } = opened.store;
    tasks.insert(testTask('parent', 'p1'));
    tasks.ensure({ ...testTask('parent-b', 'p1'), parentId: 'parent' });
    tasks.ensure({ ...testTask('parent-a', 'p1'), parentId: 'parent' });
    // Recording a child again (its workflow records itself too) changes nothing.
    tasks.ensure({ ...testTask('parent-b', 'p1'), parentId: null });
    tasks.insert(testTask('alone', 'p1'));
    expect(tasks.childrenOf('parent').map((t) => [t.id, t.parentId])).toEqual([
      ['parent-b', 'parent'],
      ['parent-a', 'parent'],
    ]);
    expect(tasks.get('alone')!.parentId).toBeNull();
    expect(tasks.get('parent')!.parentId).toBeNull();
    expect(tasks.childrenOf('alone')).toEqual([]);
  });
});
