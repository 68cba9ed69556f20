import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../../cli/cli-error.js';
import { numberFlag } from '../../cli/number-flag.js';

describe('numberFlag', () => {
  it('reads numbers and refuses anything else, naming the flag', () => {
    expect(numberFlag('2.5', '--budget')).toBe(2.5);
    expect(numberFlag(' 40 ', '--budget')).toBe(40);
    for (const text of ['lots', '', '  ', 'NaN', 'Infinity', '1e999', '3 USD']) {
      expect(() => numberFlag(text, '--budget')).toThrow(new UsageError(`--budget must be a number, got "${text}"`));
    }
  });
});
