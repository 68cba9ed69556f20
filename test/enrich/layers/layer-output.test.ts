import { describe, expect, it } from '@jest/globals';
import { emptyLayer, finishLayer } from '../../../enrich/layers/layer-output.js';
import { countTokens } from '../../../enrich/tokens.js';

describe('finishLayer', () => {
  it('trims and counts a text that fits', () => {
    const output = finishLayer('task', '\n# Task: x\n\n', 100, 'a note');
    expect(output).toEqual({ layer: 'task', text: '# Task: x', tokens: countTokens('# Task: x'), note: 'a note' });
  });

  it('cuts a text over budget to the budget', () => {
    const text = 'word '.repeat(500);
    const output = finishLayer('history', text, 40);
    expect(output.tokens).toBeLessThanOrEqual(40);
    expect(output.tokens).toBe(countTokens(output.text));
    expect(text.startsWith(output.text)).toBe(true);
  });

  it('is empty for a blank text or a budget of 0', () => {
    expect(finishLayer('lessons', '  \n', 100)).toEqual(emptyLayer('lessons'));
    expect(finishLayer('lessons', 'something', 0, 'why')).toEqual({ layer: 'lessons', text: '', tokens: 0, note: 'why' });
  });
});
