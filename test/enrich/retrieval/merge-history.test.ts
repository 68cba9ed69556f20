import { describe, expect, it } from '@jest/globals';
import { inHistoryOrder, mergeHistory } from '../../../enrich/retrieval/merge-history.js';
import type { HistoryCommit } from '../../../enrich/retrieval/parse-git-log.js';

function commit(sha: string, ...parents: string[]): HistoryCommit {
  return { sha, time: 0, parents, message: sha, changes: [] };
}

// a ← b ← c ← d (main), and b ← x (a side branch)
const a = commit('a');
const b = commit('b', 'a');
const c = commit('c', 'b');
const d = commit('d', 'c');
const x = commit('x', 'b');
const shas = (history: HistoryCommit[] | undefined): string[] | undefined => history?.map((entry) => entry.sha);

describe('mergeHistory', () => {
  it('puts the new commits before the base history when the base is an ancestor', () => {
    expect(shas(mergeHistory('d', [d, c], [b, a], 10))).toEqual(['d', 'c', 'b', 'a']);
  });

  it('keeps only what is still reachable when moving to another branch', () => {
    expect(shas(mergeHistory('x', [x], [d, c, b, a], 10))).toEqual(['x', 'b', 'a']);
  });

  it('walks back to an older commit without any new commit', () => {
    expect(shas(mergeHistory('b', [], [d, c, b, a], 10))).toEqual(['b', 'a']);
  });

  it('caps the result at max', () => {
    expect(shas(mergeHistory('d', [d, c], [b, a], 3))).toEqual(['d', 'c', 'b']);
  });

  it('returns undefined when the base history does not reach where they meet', () => {
    expect(mergeHistory('x', [x], [d, c], 10)).toBeUndefined();
  });

  it('needs no base when the new commits reach the root', () => {
    expect(shas(mergeHistory('b', [b, a], [d], 10))).toEqual(['b', 'a']);
  });

  it('returns undefined when a commit behind the base would see less than a full window', () => {
    // The base's window holds d, c only (max 2): b's own window is b, a, which the base cannot give.
    expect(mergeHistory('b', [], [d, c], 2)).toBeUndefined();
    expect(shas(mergeHistory('c', [], [d, c], 2))).toBeUndefined();
    expect(shas(mergeHistory('c', [], [d, c, b, a], 10))).toEqual(['c', 'b', 'a']);
  });
});

describe('inHistoryOrder', () => {
  it('orders by committer time, newest first, keeping the given order among equal times', () => {
    const at = (entry: HistoryCommit, time: number): HistoryCommit => ({ ...entry, time });
    expect(shas(inHistoryOrder([at(b, 2), at(x, 7), at(d, 9), at(c, 7), at(a, 2)]))).toEqual(['d', 'x', 'c', 'b', 'a']);
  });
});
