import { describe, expect, it } from '@jest/globals';
import { parseRecentCommits } from '../../../enrich/layers/parse-recent-commits.js';

describe('parseRecentCommits', () => {
  it('reads sha, date, subject and the shortstat of each record', () => {
    const stdout = [
      '\x1eabc1234\x1f2024-05-02\x1fFix: the retry (again)',
      '',
      ' 2 files changed, 10 insertions(+), 1 deletion(-)',
      '\x1edef5678\x1f2024-05-01\x1fDelete old code',
      '',
      ' 1 file changed, 3 deletions(-)',
      '\x1e0123abc\x1f2024-04-30\x1fMerge branch x',
      '',
    ].join('\n');
    expect(parseRecentCommits(stdout)).toEqual([
      { sha: 'abc1234', date: '2024-05-02', subject: 'Fix: the retry (again)', filesChanged: 2, insertions: 10, deletions: 1 },
      { sha: 'def5678', date: '2024-05-01', subject: 'Delete old code', filesChanged: 1, insertions: 0, deletions: 3 },
      { sha: '0123abc', date: '2024-04-30', subject: 'Merge branch x', filesChanged: 0, insertions: 0, deletions: 0 },
    ]);
  });

  it('gives nothing for empty output', () => {
    expect(parseRecentCommits('')).toEqual([]);
    expect(parseRecentCommits('\n')).toEqual([]);
  });
});
