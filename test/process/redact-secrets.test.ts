import { describe, expect, it } from '@jest/globals';
import { createRedactor } from '../../process/redact-secrets.js';

describe('createRedactor', () => {
  it('replaces each value as written and as JSON-escaped, longest first', () => {
    const redact = createRedactor(['abc"def\\1', 'token-123', 'token-123-long']);
    expect(redact('key token-123-long and token-123')).toBe('key [secret] and [secret]');
    expect(redact(JSON.stringify({ v: 'abc"def\\1' }))).toBe('{"v":"[secret]"}');
  });

  it('leaves lines alone without values, and never blanks out values too short to be secrets', () => {
    expect(createRedactor([])('plain')).toBe('plain');
    expect(createRedactor(['ab'])('ab cd')).toBe('ab cd');
  });
});
