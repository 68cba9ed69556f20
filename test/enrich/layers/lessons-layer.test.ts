import { describe, expect, it } from '@jest/globals';
import { renderLessonsLayer, type LessonsLayerInput } from '../../../enrich/layers/lessons-layer.js';
import { BUDGETS, expectWithinBudget } from './within-budget.js';

const input: LessonsLayerInput = {
  carry: { previousSummary: 'Added a retry loop.', testFailure: { command: 'npm test', output: 'FAIL webhook.test.ts' } },
  previousIterations: [
    { number: 2, outcome: 'incomplete', summary: 'Added a retry loop.\nMore detail.' },
    { number: 1, outcome: 'needs_decision', summary: null },
  ],
  projectLessons: [
    { taskId: 't1', title: 'Speed up CI', lesson: 'Use npm ci.', createdAt: '2024-03-01T00:00:00Z' },
    { taskId: 't2', title: 'Webhook timeouts', lesson: 'Webhook receivers time out after 5 s; keep retries short.', createdAt: '2024-01-01T00:00:00Z' },
    { taskId: 't3', title: 'Duplicate', lesson: 'Use npm ci.', createdAt: '2024-02-01T00:00:00Z' },
  ],
  query: { title: 'Retry failed webhook deliveries' },
};

describe('renderLessonsLayer', () => {
  it('gives the carry, then the earlier iterations, then the relevant lessons first', () => {
    const output = renderLessonsLayer(input, 2000);
    expectWithinBudget(output, 2000, 'lessons');
    const text = output.text;
    expect(text.startsWith('## Where the previous iteration left off')).toBe(true);
    expect(text).toContain('## Earlier iterations of this task\n\n- Iteration 1: needs_decision\n- Iteration 2: incomplete. Added a retry loop.');
    expect(text).toContain(
      '## Lessons from the project\'s earlier tasks\n\n- Webhook receivers time out after 5 s; keep retries short. (from "Webhook timeouts", 2024-01-01)\n- Use npm ci. (from "Speed up CI", 2024-03-01)',
    );
    expect(text).not.toContain('Duplicate');
    expect(text.indexOf('Where the previous')).toBeLessThan(text.indexOf('Earlier iterations'));
    expect(text.indexOf('Earlier iterations')).toBeLessThan(text.indexOf('Lessons from'));
    expect(output.note).toBe('2 of 2 iterations, 2 of 3 lessons');
  });

  it('gives the carry priority over iterations and lessons when room is short', () => {
    const output = renderLessonsLayer({ ...input, carry: { ...input.carry, previousSummary: 'A long summary. '.repeat(50) } }, 150);
    expectWithinBudget(output, 150, 'lessons');
    expect(output.text).toContain('FAIL webhook.test.ts');
    expect(output.text).not.toContain('Lessons from');
  });

  it('gives the lessons alone without a carry, and nothing for empty input', () => {
    const output = renderLessonsLayer({ ...input, carry: {}, previousIterations: [] }, 500);
    expect(output.text.startsWith("## Lessons from the project's earlier tasks")).toBe(true);
    const empty = renderLessonsLayer({ carry: {}, previousIterations: [], projectLessons: [], query: { title: '' } }, 500);
    expect(empty).toEqual({ layer: 'lessons', text: '', tokens: 0 });
  });

  it('stays within every budget and is deterministic', () => {
    const big = {
      ...input,
      carry: { ...input.carry, testFailure: { command: 'npm test', output: 'x\n'.repeat(5000) }, mergeConflict: { defaultBranch: 'main', files: ['a.ts'] } },
      projectLessons: Array.from({ length: 50 }, (_, i) => ({ taskId: `t${i}`, title: `Task ${i}`, lesson: `Lesson ${i} about webhooks and retries.`, createdAt: '2024-01-01' })),
    };
    for (const budget of BUDGETS) expectWithinBudget(renderLessonsLayer(big, budget), budget, 'lessons');
    expect(renderLessonsLayer(big, 700)).toEqual(renderLessonsLayer(big, 700));
  });
});
