import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Store } from '../../store/create-store.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let opened: TestStore;
let store: Store;
beforeEach(() => {
  opened = openTestStore();
  store = opened.store;
});
afterEach(() => opened.close());

const notification = (id: string, dedupKey: string) => ({ id, dedupKey, event: 'completed' as const, projectId: 'p1', taskId: 't1', url: 'http://127.0.0.1:9/hook', secretName: 'HOOK', body: '{}' });

describe('the notification repository', () => {
  it('records one notification per dedup key, however often it is noticed', () => {
    const first = store.notifications.create(notification('n1', 'task:t1:1:completed:1:0:url'));
    const again = store.notifications.create(notification('n2', 'task:t1:1:completed:1:0:url'));
    expect(again).toEqual(first);
    expect(first).toMatchObject({ id: 'n1', status: 'pending', attempts: 0, finishedAt: null });
    expect(store.notifications.list({ limit: 10 }).map((n) => n.id)).toEqual(['n1']);
  });

  it('numbers the attempts, and ends delivered or given up once', () => {
    store.notifications.create(notification('n1', 'k1'));
    expect(store.notifications.recordAttempt('n1', { at: '2026-12-03T15:00:00.000Z', statusCode: 500, error: 'HTTP 500', durationMs: 3 })).toBe(1);
    expect(store.notifications.recordAttempt('n1', { at: '2026-12-03T15:00:01.000Z', statusCode: 200, error: null, durationMs: 2 })).toBe(2);
    store.notifications.markDelivered('n1');
    store.notifications.markFailed('n1');
    expect(store.notifications.get('n1')).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(store.notifications.attempts('n1').map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(store.notifications.list({ taskId: 'other', limit: 10 })).toEqual([]);
  });
});
