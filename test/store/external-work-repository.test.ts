import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Store } from '../../store/create-store.js';
import { openTestStore, testProject, testTask, type TestStore } from '../support/test-store.js';
import type { Priority } from '../../model/priority.js';

let opened: TestStore;
let store: Store;

function offer(id: string, priority: Priority, iteration = 1): void {
  store.tasks.insert(testTask(id, 'p1', { priority, agent: 'external', status: 'queued' }));
  store.externalWork.offer({ taskId: id, iteration, priority, worktreePath: `/wt/${id}`, promptPath: null, heartbeatTimeoutSeconds: 60 });
}

beforeEach(() => {
  opened = openTestStore();
  store = opened.store;
  store.projects.create(testProject('p1', { name: 'demo', agent: 'external' }));
});

afterEach(() => opened.close());

describe('external work repository', () => {
  it('hands out the most urgent, then the oldest, ready task, each once', () => {
    offer('old-p2', 'P2');
    offer('p0', 'P0');
    offer('new-p2', 'P2');
    offer('p3', 'P3');
    // A task that inherited P1 from a task waiting on it is pulled at P1.
    store.tasks.update('p3', { effectivePriority: 'P1' });
    expect(['a', 'b', 'c', 'd', 'e'].map((worker) => store.externalWork.claimNext(worker)?.taskId)).toEqual(['p0', 'p3', 'old-p2', 'new-p2', undefined]);
    expect(store.externalWork.get('p0')).toMatchObject({ status: 'claimed', workerId: 'a', taskToken: null });
  });

  it('keeps a claim when the same iteration is offered again, and resets it for the next iteration', () => {
    offer('t1', 'P2');
    store.externalWork.claimNext('a');
    expect(store.externalWork.attachToken('t1', 1, 'a', 'dG9rZW4=')).toBe(true);
    store.externalWork.offer({ taskId: 't1', iteration: 1, priority: 'P2', worktreePath: '/wt/t1', promptPath: null, heartbeatTimeoutSeconds: 60 });
    expect(store.externalWork.get('t1')).toMatchObject({ status: 'claimed', workerId: 'a', taskToken: 'dG9rZW4=' });
    store.externalWork.offer({ taskId: 't1', iteration: 2, priority: 'P2', worktreePath: '/wt/t1', promptPath: '/p-2.md', heartbeatTimeoutSeconds: 60 });
    expect(store.externalWork.get('t1')).toMatchObject({ iteration: 2, status: 'ready', workerId: null, taskToken: null, promptPath: '/p-2.md' });
  });

  it('attaches a token only to the claim of that worker and iteration; release puts it back in its old place', () => {
    offer('first', 'P2');
    offer('second', 'P2');
    const claimed = store.externalWork.claimNext('a')!;
    expect(store.externalWork.attachToken('first', 1, 'b', 'x')).toBe(false);
    expect(store.externalWork.attachToken('first', 2, 'a', 'x')).toBe(false);
    store.externalWork.release('first', 'b');
    expect(store.externalWork.get('first')).toMatchObject({ status: 'claimed', workerId: 'a' });
    store.externalWork.release('first', 'a');
    expect(store.externalWork.get('first')).toMatchObject({ status: 'ready', workerId: null, claimedAt: null, offeredAt: claimed.offeredAt });
    expect(store.externalWork.claimNext('b')!.taskId).toBe('first');
  });

  it('finishes only the claim holding the token, withdraws any row', () => {
    offer('t1', 'P2');
    store.externalWork.claimNext('a');
    store.externalWork.attachToken('t1', 1, 'a', 'tok');
    store.externalWork.finish('t1', 'other');
    expect(store.externalWork.get('t1')).toBeDefined();
    store.externalWork.finish('t1', 'tok');
    expect(store.externalWork.get('t1')).toBeUndefined();
    offer('t2', 'P2');
    store.externalWork.withdraw('t2');
    expect(store.externalWork.list()).toEqual([]);
  });
});
