import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { selectCleanups } from '../../maintenance/select-cleanups.js';
import type { Store } from '../../store/create-store.js';
import type { TaskProgress } from '../../store/task-repository.js';
import { openTestStore, testProject, testTask, type TestStore } from '../support/test-store.js';

const DAY = 24 * 60 * 60_000;
const now = Date.parse('2026-12-01T12:00:00Z');
const daysAgo = (days: number) => new Date(now - days * DAY).toISOString();

let opened: TestStore;
let store: Store;

function addTask(id: string, progress: TaskProgress): void {
  store.tasks.insert(testTask(id, 'p1'));
  store.tasks.update(id, { hostId: 'h1', worktreePath: `/wt/${id}`, branch: `ringmaster/${id}`, baseCommit: 'abc', ...progress });
}

function select(keepDays = 14) {
  return selectCleanups({ failed: store.tasks.cleanupPending(), kept: store.tasks.keptWorktrees(), projects: new Map(store.projects.list().map((p) => [p.id, p])), now, keepDays });
}

beforeEach(() => {
  opened = openTestStore();
  store = opened.store;
  store.projects.create(testProject('p1', { name: 'demo', copyFiles: ['.env'] }));
});

afterEach(() => opened.close());

describe('selectCleanups', () => {
  it('takes kept worktrees older than the retention, not newer or pinned ones', () => {
    addTask('old', { status: 'failed', worktreeKept: true, finishedAt: daysAgo(15) });
    addTask('new', { status: 'failed', worktreeKept: true, finishedAt: daysAgo(13) });
    addTask('pinned', { status: 'conflict', worktreeKept: true, finishedAt: daysAgo(30) });
    store.tasks.pin('pinned', true);
    addTask('running', { status: 'running' });

    expect(select()).toEqual([
      {
        taskId: 'old',
        title: 'task old',
        hostId: 'h1',
        repoPath: '/repo',
        defaultBranch: 'main',
        worktreePath: '/wt/old',
        branch: 'ringmaster/old',
        baseCommit: 'abc',
        copyFiles: ['.env'],
        merged: false,
        reason: 'retention',
      },
    ]);
    expect(select(31)).toEqual([]);
  });

  it('takes every failed cleanup again, once, saying whether the work was merged', () => {
    addTask('done', { status: 'completed', worktreeKept: true, finishedAt: daysAgo(20), cleanupError: 'worktree is locked' });
    addTask('lost', { status: 'failed', worktreeKept: false, finishedAt: daysAgo(1), cleanupError: 'Permission denied' });
    expect(select().map((c) => [c.taskId, c.reason, c.merged])).toEqual([
      ['done', 'cleanup-failed', true],
      ['lost', 'cleanup-failed', false],
    ]);
  });

  it('skips a task with no host or worktree recorded', () => {
    addTask('nowhere', { status: 'failed', worktreeKept: true, finishedAt: daysAgo(20), hostId: null, worktreePath: null });
    expect(select()).toEqual([]);
  });
});
