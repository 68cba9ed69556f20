import { describe, expect, it } from '@jest/globals';
import { checkQueueItem } from '../../model/merge-queue.js';
import { isTaskId } from '../../model/ids.js';

const commit = 'a'.repeat(40);
const candidate = { taskId: 'mhx1k2ab7q3f', taskWorkflowId: 'task-mhx1k2ab7q3f', branch: 'ringmaster/mhx1k2ab7q3f', headCommit: commit, title: 't' };

describe('queue items arriving through Temporal', () => {
  it('are accepted when every id and name is one Ringmaster would make', () => {
    expect(checkQueueItem({ kind: 'merge', candidate })).toBeUndefined();
    expect(checkQueueItem({ kind: 'reload', toCommit: commit, trigger: 'manual' })).toBeUndefined();
    expect(checkQueueItem({ kind: 'merge', candidate, trace: { traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` } })).toBeUndefined();
  });

  it.each([
    [{ kind: 'delete' }, 'item.kind'],
    [{ kind: 'merge', candidate: { ...candidate, taskId: '../../etc' } }, 'item.candidate.taskId'],
    [{ kind: 'merge', candidate: { ...candidate, branch: '--upload-pack=evil' } }, 'item.candidate.branch'],
    [{ kind: 'merge', candidate: { ...candidate, headCommit: 'HEAD' } }, 'item.candidate.headCommit'],
    [{ kind: 'reload', toCommit: 'main' }, 'item.toCommit'],
    [{ kind: 'merge', candidate, trace: { cookie: 'x' } }, 'item.trace'],
    [{ kind: 'merge', candidate, trace: { traceparent: 'x'.repeat(600) } }, 'item.trace'],
  ])('are refused naming the field: %j', (item, field) => {
    expect(checkQueueItem(item)).toContain(field);
  });

  it('task ids are path segments, never paths', () => {
    for (const id of ['mhx1k2ab7q3f', 'my-task.1', 'A_b']) expect(isTaskId(id)).toBe(true);
    for (const id of ['', '.', '..', '../x', 'a/b', '-rf', '.hidden', 'x'.repeat(129), 42]) expect(isTaskId(id)).toBe(false);
  });
});
