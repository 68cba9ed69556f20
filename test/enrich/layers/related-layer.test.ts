import { describe, expect, it } from '@jest/globals';
import { renderRelatedLayer } from '../../../enrich/layers/related-layer.js';
import type { RelatedTask } from '../../../model/related-task.js';
import { BUDGETS, expectWithinBudget } from './within-budget.js';

const task = (id: string, extra: Partial<RelatedTask> = {}): RelatedTask => ({
  id,
  title: `Task ${id}`,
  status: 'completed',
  summary: `Did ${id}.`,
  error: null,
  finalCommit: null,
  ...extra,
});

describe('renderRelatedLayer', () => {
  it('gives each task its outcome and summary, most recent first', () => {
    const related = [
      task('t1', { updatedAt: '2024-01-01T00:00:00Z', finalCommit: '0123456789abcdef0123' }),
      task('t2', { updatedAt: '2024-02-01T00:00:00Z', status: 'failed', summary: null, error: 'tests failed' }),
    ];
    const output = renderRelatedLayer({ related }, 1000);
    expect(output.text).toBe(
      ['## Tasks this one depends on', '', '- Task t2 (`t2`): failed', '  Error: tests failed', '- Task t1 (`t1`): completed, merged as `0123456789ab`', '  Summary: Did t1.'].join('\n'),
    );
    expect(output.note).toBe('2 tasks');
    expectWithinBudget(output, 1000, 'related');
  });

  it('keeps the given order without dates, and shares the room between long summaries', () => {
    const long = 'A long summary sentence. '.repeat(200);
    const output = renderRelatedLayer({ related: [task('a', { summary: long }), task('b', { summary: 'Short.' }), task('c', { summary: long })] }, 300);
    expectWithinBudget(output, 300, 'related');
    expect(output.text.indexOf('`a`')).toBeLessThan(output.text.indexOf('`b`'));
    expect(output.text).toContain('  Summary: Short.');
    expect(output.text.match(/\[… cut\]/g)).toHaveLength(2);
  });

  it('leaves out the oldest when even their first lines do not fit', () => {
    const related = Array.from({ length: 30 }, (_, i) => task(`t${i}`, { updatedAt: `2024-01-${String(i + 1).padStart(2, '0')}` }));
    const output = renderRelatedLayer({ related }, 100);
    expectWithinBudget(output, 100, 'related');
    expect(output.text).toContain('`t29`');
    expect(output.text).not.toContain('`t0`');
    expect(output.note).toMatch(/^\d+ of 30 tasks, the \d+ oldest left out$/);
  });

  it('is empty without tasks and within every budget', () => {
    expect(renderRelatedLayer({ related: [] }, 1000)).toEqual({ layer: 'related', text: '', tokens: 0 });
    for (const budget of BUDGETS) expectWithinBudget(renderRelatedLayer({ related: [task('x', { summary: 'y '.repeat(3000) })] }, budget), budget, 'related');
  });
});
