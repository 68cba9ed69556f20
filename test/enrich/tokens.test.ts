import { describe, expect, it } from '@jest/globals';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens, countTokensWithin, truncateToTokens } from '../../enrich/tokens.js';

const exact = (text: string) => encode(text, { disallowedSpecial: new Set<string>() }).length;
const code = Array.from({ length: 300 }, (_, i) => `export function handler${i} (request, reply) { return reply.send({ ok: ${i} }) }`).join('\n');

describe('token counting', () => {
  it('counts like the o200k tokenizer, the first time and when the text comes again', () => {
    for (const text of ['', 'hello world', code, `${code}\n`, '<|endoftext|> is plain text here']) {
      expect(countTokens(text)).toBe(exact(text));
      expect(countTokens(text)).toBe(exact(text));
    }
  });

  it('answers within a limit with the count, past it with undefined, before and after the count is known', () => {
    const fresh = `${code}\n// fresh`;
    const tokens = exact(fresh);
    expect(countTokensWithin(fresh, tokens - 1)).toBeUndefined();
    expect(countTokensWithin(fresh, tokens)).toBe(tokens);
    expect(countTokensWithin(fresh, tokens - 1)).toBeUndefined();
    expect(countTokensWithin(fresh, tokens + 5)).toBe(tokens);
    expect(countTokensWithin('', 0)).toBe(0);
    expect(countTokensWithin('x', -1)).toBeUndefined();
  });

  it('truncates to the limit whether or not the text was counted before', () => {
    const text = `${code}\n// truncate me`;
    const first = truncateToTokens(text, 100);
    expect(first.truncated).toBe(true);
    expect(first.tokens).toBeLessThanOrEqual(100);
    countTokens(text);
    expect(truncateToTokens(text, 100)).toEqual(first);
    expect(truncateToTokens(text, exact(text))).toEqual({ text, tokens: exact(text), truncated: false });
  });
});
