import { describe, expect, it } from '@jest/globals';
import { buildReport, formatReport } from '../../../bench/localize/format-report.js';
import { scoreRanking } from '../../../bench/localize/metrics.js';

describe('buildReport and formatReport', () => {
  const result = {
    selector: [scoreRanking(['a', 'b'], ['a'], 10, true), scoreRanking(['a', 'b'], ['b'], 20, false)],
    selectorCold: [scoreRanking(['a'], ['a'], 900, true)],
    bm25: [scoreRanking(['b', 'a'], ['a'], 5, true), scoreRanking(['b', 'a'], ['b'], 7, false)],
    bm25WithReadsMs: [50, 60],
    skipped: 1,
    outsidePool: 0,
  };

  it('summarises both rankers, the no-name stratum and the cold sample', () => {
    const report = buildReport(result);
    expect(report.selector).toMatchObject({ recall1: 0.5, mrr: 0.75, tasks: 2, coldMedianMs: 900, coldTasks: 1 });
    expect(report.selector.noName).toMatchObject({ recall1: 1, tasks: 1 });
    expect(report.bm25).toMatchObject({ recall1: 0.5, withReadsMedianMs: 50, tasks: 2 });
    expect(report.bm25.noName).toMatchObject({ recall1: 0, tasks: 1 });
    expect(report.selector.skippedTasks).toBe(1);
    expect(report.selector.pointsOverBm25).toEqual({ recall1: 0, recall5: 0, recall10: 0, hit5: 0, mrr: 0 });
    expect(Object.keys(report)).toEqual(['selector', 'bm25']);
  });

  it("gives the selector's lead over BM25 in points", () => {
    const better = { ...result, bm25: [scoreRanking(['b', 'a'], ['a'], 5, true), scoreRanking(['b', 'a'], ['a'], 7, false)] };
    expect(buildReport(better).selector.pointsOverBm25).toEqual({ recall1: 50, recall5: 0, recall10: 0, hit5: 0, mrr: 0.25 });
  });

  it('prints a table with the differences in points and ratios', () => {
    const text = formatReport(buildReport(result));
    expect(text).toContain('| selector | 50.0 | 100.0 | 100.0 | 100.0 | 0.750 | 2 | warm 10 / 20; cold 900 / 900 (1 sampled) |');
    expect(text).toContain('MRR 0.000 (×1.00)');
    expect(text).toContain('no-name stratum: R@5 0.0, hit@5 0.0 points');
  });
});
