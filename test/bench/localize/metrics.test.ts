import { describe, expect, it } from '@jest/globals';
import { namesNoFile, quantile, scoreRanking, summarize } from '../../../bench/localize/metrics.js';

describe('scoreRanking', () => {
  it('computes recall at 1/5/10, hit@5 and the reciprocal rank of the first hit', () => {
    const ranked = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    expect(scoreRanking(ranked, ['c', 'k'], 12, true)).toEqual({ recall1: 0, recall5: 0.5, recall10: 0.5, hit5: 1, reciprocalRank: 1 / 3, ms: 12, namesNoFile: true });
    expect(scoreRanking(ranked, ['a'], 0, false)).toMatchObject({ recall1: 1, recall5: 1, hit5: 1, reciprocalRank: 1 });
    expect(scoreRanking(ranked, ['f', 'z'], 0, false)).toMatchObject({ recall5: 0, recall10: 0.5, hit5: 0, reciprocalRank: 1 / 6 });
    expect(scoreRanking(ranked, ['z'], 0, false)).toMatchObject({ recall10: 0, reciprocalRank: 0 });
  });

  it('refuses an empty ground truth', () => {
    expect(() => scoreRanking(['a'], [], 0, false)).toThrow(/empty/);
  });
});

describe('summarize and quantile', () => {
  it('averages scores and takes nearest-rank quantiles of the times', () => {
    const scores = [1, 2, 3, 4, 100].map((ms, i) => scoreRanking(['a', 'b'], [i % 2 === 0 ? 'a' : 'b'], ms, false));
    const summary = summarize(scores);
    expect(summary.recall1).toBeCloseTo(0.6, 10);
    expect(summary.mrr).toBeCloseTo(0.8, 10);
    expect(summary.medianMs).toBe(3);
    expect(summary.p95Ms).toBe(100);
    expect(summary.tasks).toBe(5);
    expect(quantile([], 0.5)).toBe(0);
    expect(summarize([]).recall5).toBe(0);
  });
});

describe('namesNoFile', () => {
  it.each([
    ['fix(content-type): return undefined', ['lib/content-type.js'], false],
    ['fix the contentTypeParser', ['lib/content-type-parser.js'], false],
    ['fix: types in fastify.d.ts', ['fastify.d.ts'], false],
    ['fix: remove raw response headers', ['lib/reply.js'], true],
    ['fix: reply to everyone', ['lib/reply.js', 'lib/route.js'], false],
    ['replying is broken', ['lib/reply.js'], true],
  ])('%j with %j → %s', (task, truth, expected) => {
    expect(namesNoFile(task, truth)).toBe(expected);
  });
});
