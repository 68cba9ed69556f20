import { describe, expect, it } from '@jest/globals';
import { capabilityProblem, hasCapabilities, MAX_LABELS, parseCapabilityList } from '../../model/worker-capabilities.js';

describe('worker capabilities', () => {
  it('parses a comma-separated label list, trimming and dropping repeats', () => {
    expect(parseCapabilityList(' gpu, languages=python,,gpu ,cuda-12.4 ')).toEqual({ ok: true, capabilities: ['gpu', 'languages=python', 'cuda-12.4'] });
    expect(parseCapabilityList('')).toEqual({ ok: true, capabilities: [] });
  });

  it.each([
    ['has space', 'is not a capability'],
    ['=python', 'is not a capability'],
    ['languages=', 'is not a capability'],
    ['a,b=c=d', 'is not a capability'],
    ['x'.repeat(49), 'longer than 48'],
  ])('rejects %j saying why', (text, why) => {
    const parsed = parseCapabilityList(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(why);
  });

  it(`takes at most ${MAX_LABELS} labels`, () => {
    const many = Array.from({ length: MAX_LABELS + 1 }, (_, i) => `l${i}`).join(',');
    expect(parseCapabilityList(many)).toEqual({ ok: false, error: `has ${MAX_LABELS + 1} labels; at most ${MAX_LABELS} are allowed` });
  });

  it('matches required capabilities by exact string', () => {
    const have = ['command', 'claude-code', 'gpu', 'languages=python'];
    expect(hasCapabilities(have, [])).toBe(true);
    expect(hasCapabilities(have, ['gpu', 'languages=python'])).toBe(true);
    expect(hasCapabilities(have, ['languages'])).toBe(false);
    expect(hasCapabilities(have, ['GPU'])).toBe(false);
    expect(capabilityProblem('claude-code')).toBeUndefined();
  });
});
