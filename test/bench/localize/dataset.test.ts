import { describe, expect, it } from '@jest/globals';
import { chronological, formatDataset, parseDataset, type LocalizationTask } from '../../../bench/localize/dataset.js';

const task = (commit: string, date: string): LocalizationTask => ({
  repo: 'o/r',
  commit,
  parent: `${commit}^`,
  date,
  task: 'fix it',
  files: ['a.js'],
  test_files: [],
  file_status: { 'a.js': 'M' },
  other_files: [],
});

describe('dataset', () => {
  it('round-trips tasks through JSON lines', () => {
    const tasks = [task('b', '2024-01-02T00:00:00Z'), task('a', '2024-01-01T00:00:00+02:00')];
    expect(parseDataset(formatDataset(tasks))).toEqual(tasks);
    expect(formatDataset([])).toBe('');
  });

  it('orders tasks oldest first by the instant, whatever the time zone', () => {
    const tasks = [task('x', '2024-01-01T10:00:00+05:00'), task('y', '2024-01-01T06:00:00Z'), task('z', '2024-01-01T05:00:00Z')];
    expect(chronological(tasks).map((t) => t.commit)).toEqual(['x', 'z', 'y']);
  });

  it('names the line and field that are wrong', () => {
    expect(() => parseDataset('{"repo":"o/r"}\n')).toThrow(/line 1: expected "commit" to be a string/);
    expect(() => parseDataset('\nnot json\n')).toThrow(/line 2: expected JSON/);
    const noFiles = JSON.stringify({ ...task('a', 'd'), files: 'a.js' });
    expect(() => parseDataset(noFiles)).toThrow(/expected "files" to be an array of strings/);
  });
});
