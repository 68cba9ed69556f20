import { describe, expect, it } from '@jest/globals';
import { buildContinuationPrompt } from '../../enrich/continuation-prompt.js';

describe('buildContinuationPrompt', () => {
  it('says only what is new: the failing tests and the answer, not the summary the conversation already holds', () => {
    const prompt = buildContinuationPrompt({
      iteration: 3,
      budgetTokens: 4000,
      carry: { previousSummary: 'I changed the parser.', testFailure: { command: 'npm test', output: 'FAIL parser.test.ts' }, decision: { question: 'Keep v1?', answer: 'No' } },
    });
    expect(prompt).toMatch(/^## Iteration 3 of the same task\n\nYou are continuing the task of this conversation/);
    expect(prompt).toContain("The project's tests failed (`npm test`)");
    expect(prompt).toContain('FAIL parser.test.ts');
    expect(prompt).toContain('You asked: Keep v1?\n\nThe answer: No');
    expect(prompt).not.toContain('I changed the parser.');
    expect(prompt).not.toContain('Where the previous iteration left off');
    expect(prompt).toMatch(/end your final message with `<promise>COMPLETE<\/promise>`/);
  });

  it('asks to go on when nothing new came in (the previous run stopped early)', () => {
    expect(buildContinuationPrompt({ iteration: 2, budgetTokens: 4000, carry: { previousSummary: 'Half way.' } })).toContain('Your previous turn ended before the work was done: go on with it.');
  });
});
