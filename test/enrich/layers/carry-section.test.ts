import { describe, expect, it } from '@jest/globals';
import { hasCarry, mergeConflictInstruction, renderCarrySection } from '../../../enrich/layers/carry-section.js';
import { countTokens } from '../../../enrich/tokens.js';
import type { Carry } from '../../../model/task-loop.js';

const MERGE_TEXT =
  'Your work could not be merged: `main` has moved since you started and conflicts with your branch in `a.ts`, `b.ts`. ' +
  'In this worktree run `git merge main`, resolve the conflicts so that both changes keep their intent, `git add` the files and `git commit --no-edit` to finish the merge. Then check the work still does what the task asks.';

describe('mergeConflictInstruction', () => {
  it('keeps the exact instruction, and says "some files" without a list', () => {
    expect(mergeConflictInstruction({ defaultBranch: 'main', files: ['a.ts', 'b.ts'] })).toBe(MERGE_TEXT);
    expect(mergeConflictInstruction({ defaultBranch: 'trunk', files: [] })).toContain('conflicts with your branch in some files. In this worktree run `git merge trunk`');
  });
});

describe('renderCarrySection', () => {
  it('gives every part of the carry in full when it fits', () => {
    const carry: Carry = {
      previousSummary: 'Added the retry.',
      testFailure: { command: 'npm test', output: 'FAIL retry.test.ts\n  expected 3 got 2' },
      mergeConflict: { defaultBranch: 'main', files: ['a.ts', 'b.ts'] },
      decision: { question: 'Keep the old API?', answer: 'Yes, deprecate it.' },
    };
    expect(renderCarrySection(carry, 2000)).toEqual({
      cut: false,
      text: [
        '## Where the previous iteration left off',
        'Your summary of the previous iteration:\n\n```\nAdded the retry.\n```',
        "The project's tests failed (`npm test`). The end of their output:\n\n```\nFAIL retry.test.ts\n  expected 3 got 2\n```\n\nFix the cause, not the tests, unless the tests are wrong.",
        MERGE_TEXT,
        'You asked: Keep the old API?\n\nThe answer: Yes, deprecate it.',
      ].join('\n\n'),
    });
  });

  it('cuts the test output first, keeping its end, and keeps every other part', () => {
    const output = Array.from({ length: 2000 }, (_, i) => `log line ${i}`).join('\n') + '\nAssertionError: the real failure';
    const carry: Carry = {
      previousSummary: 'Changed the retry count.',
      testFailure: { command: 'npm test', output },
      mergeConflict: { defaultBranch: 'main', files: ['a.ts', 'b.ts'] },
      decision: { question: 'Keep it?', answer: 'Yes.' },
    };
    const section = renderCarrySection(carry, 400);
    expect(section.cut).toBe(true);
    expect(countTokens(section.text)).toBeLessThanOrEqual(400);
    expect(section.text).toContain('Changed the retry count.');
    expect(section.text).toContain('[… earlier output cut]\nlog line');
    expect(section.text).toContain('AssertionError: the real failure\n```');
    expect(section.text).not.toContain('log line 0\n');
    expect(section.text).toContain(MERGE_TEXT);
    expect(section.text).toContain('The answer: Yes.');
  });

  it('keeps a share for the summary and the decision when all three are long', () => {
    const long = (word: string) => `${word} `.repeat(3000);
    const carry: Carry = { previousSummary: long('summary'), testFailure: { command: 't', output: long('output') }, decision: { question: long('question'), answer: 'no' } };
    const section = renderCarrySection(carry, 600);
    expect(countTokens(section.text)).toBeLessThanOrEqual(600);
    for (const word of ['summary', 'output', 'question']) expect(section.text).toContain(`${word} ${word}`);
  });

  it('is empty for an empty carry', () => {
    expect(hasCarry({})).toBe(false);
    expect(renderCarrySection({}, 1000)).toEqual({ text: '', cut: false });
    expect(renderCarrySection({ previousSummary: '' }, 1000)).toEqual({ text: '', cut: false });
  });
});
