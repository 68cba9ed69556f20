import { describe, expect, it } from '@jest/globals';
import { renderHistoryLayer } from '../../../enrich/layers/history-layer.js';
import type { RecentCommit } from '../../../enrich/layers/parse-recent-commits.js';
import { BUDGETS, expectWithinBudget } from './within-budget.js';

const commit = (n: number, extra: Partial<RecentCommit> = {}): RecentCommit => ({
  sha: `abc${n}def`,
  date: `2024-05-${String(n).padStart(2, '0')}`,
  subject: `Change number ${n}`,
  filesChanged: n,
  insertions: n * 10,
  deletions: n,
  ...extra,
});

describe('renderHistoryLayer', () => {
  it('lists the commits compactly, newest first as given', () => {
    const output = renderHistoryLayer({ commits: [commit(2), commit(1), commit(1, { sha: 'fed9', subject: 'Merge', filesChanged: 0 })] }, 500);
    expect(output.text).toBe(
      ['## Recent commits touching these files', '', '- abc2def 2024-05-02 Change number 2 (2 files, +20 -2)', '- abc1def 2024-05-01 Change number 1 (1 file, +10 -1)', '- fed9 2024-05-01 Merge'].join(
        '\n',
      ),
    );
    expect(output.note).toBe('3 commits');
    expectWithinBudget(output, 500, 'history');
  });

  it('keeps the newest that fit and says how many', () => {
    const commits = Array.from({ length: 10 }, (_, i) => commit(10 - i, { subject: 'A long subject line of a commit '.repeat(3) }));
    const output = renderHistoryLayer({ commits }, 80);
    expectWithinBudget(output, 80, 'history');
    expect(output.text).toContain('abc10def');
    expect(output.note).toMatch(/^\d of 10 commits$/);
  });

  it('is empty without commits and within every budget', () => {
    expect(renderHistoryLayer({ commits: [] }, 1000)).toEqual({ layer: 'history', text: '', tokens: 0, note: 'no commits' });
    for (const budget of BUDGETS) expectWithinBudget(renderHistoryLayer({ commits: [commit(1), commit(2)] }, budget), budget, 'history');
  });
});
