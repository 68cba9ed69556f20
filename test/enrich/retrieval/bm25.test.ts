import { describe, expect, it } from '@jest/globals';
import { scoreBm25, type Bm25Document } from '../../../enrich/retrieval/bm25.js';

function doc(words: string): Bm25Document {
  const terms = new Map<string, number>();
  for (const word of words.split(' ')) terms.set(word, (terms.get(word) ?? 0) + 1);
  return { terms, length: words.split(' ').length };
}

describe('scoreBm25', () => {
  const docs = [doc('reply send header'), doc('request header header'), doc('route prefix'), doc('reply reply reply reply reply reply reply reply')];

  it('scores documents holding the query terms, rarer terms counting more', () => {
    const { scores } = scoreBm25(
      docs,
      new Map([
        ['prefix', 1],
        ['header', 1],
      ]),
    );
    expect(scores[2]).toBeGreaterThan(scores[0]!);
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    expect(scores[3]).toBe(0);
  });

  it('saturates term frequency and reports the matched query weight', () => {
    const { scores, matched } = scoreBm25(
      docs,
      new Map([
        ['reply', 1],
        ['send', 0.5],
      ]),
    );
    expect(scores[0]).toBeGreaterThan(scores[3]!);
    expect([...matched]).toEqual([1.5, 0, 0, 1]);
  });

  it('gives a long matching document at least the delta floor (BM25+)', () => {
    const long = doc(`needle ${'hay '.repeat(500).trim()}`);
    const classic = scoreBm25([long, doc('other words')], new Map([['needle', 1]]), { k1: 1.2, b: 0.75, delta: 0 }).scores[0]!;
    const plus = scoreBm25([long, doc('other words')], new Map([['needle', 1]]), { k1: 1.2, b: 0.75, delta: 0.5 }).scores[0]!;
    expect(plus - classic).toBeCloseTo(0.5 * Math.log(1 + 1.5 / 1.5), 10);
  });

  it('returns zeros for an empty query or no documents', () => {
    expect([...scoreBm25(docs, new Map()).scores]).toEqual([0, 0, 0, 0]);
    expect(scoreBm25([], new Map([['x', 1]])).scores.length).toBe(0);
  });
});
