import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { isRefusal, signBody } from '../../notify/send-notification.js';

describe('signBody', () => {
  it("is GitHub's sha256=<hex> scheme: HMAC-SHA256 of the body with the secret", () => {
    expect(signBody('s3cret', '{"a":1}')).toBe(`sha256=${createHmac('sha256', 's3cret').update('{"a":1}').digest('hex')}`);
    expect(signBody('s3cret', '{"a":1}')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});

describe('isRefusal', () => {
  it('gives up on a 4xx a retry will not change, not on timeouts, conflicts, rate limits or 5xx', () => {
    expect([400, 401, 403, 404, 410, 422].every(isRefusal)).toBe(true);
    expect([408, 409, 425, 429, 500, 502, 503, 200, 301].some(isRefusal)).toBe(false);
  });
});
