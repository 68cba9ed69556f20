import { describe, expect, it } from '@jest/globals';
import { checkAccess, type AccessPolicy } from '../../access/request-access.js';
import { Role, type Principal } from '../../model/roles.js';

const people: Record<string, Principal> = { 'admin-token': { name: 'admin', role: Role.admin }, 'viewer-token': { name: 'vic', role: Role.viewer } };
const policy: AccessPolicy = {
  hosts: new Set(['127.0.0.1:8080', 'localhost:8080']),
  origins: new Set(['http://127.0.0.1:8080', 'http://localhost:8080']),
  principalOf: (token) => people[token],
};
const request = { host: '127.0.0.1:8080', origin: undefined, authorization: 'Bearer admin-token', needs: Role.viewer } as const;

describe('checkAccess', () => {
  it('lets a known token with a big enough role through, and names who it is', () => {
    expect(checkAccess(request, policy)).toEqual({ principal: { name: 'admin', role: 'admin' } });
    expect(checkAccess({ ...request, host: 'LOCALHOST:8080', origin: 'http://localhost:8080' }, policy)).toEqual({ principal: people['admin-token'] });
  });

  it('refuses a foreign Host with 421 before anything else, even with a good token', () => {
    const decided = checkAccess({ ...request, host: 'evil.example:8080' }, policy);
    expect(decided).toEqual({ refusal: expect.objectContaining({ status: 421, code: 'misdirected_request' }) });
    expect(checkAccess({ ...request, host: undefined }, policy)).toMatchObject({ refusal: { status: 421 } });
    expect(checkAccess({ ...request, host: '127.0.0.1:8081' }, policy)).toMatchObject({ refusal: { status: 421 } });
  });

  it('refuses a foreign Origin with 403, the null origin of sandboxed pages included', () => {
    for (const origin of ['http://evil.example', 'https://127.0.0.1:8080', 'null']) {
      expect(checkAccess({ ...request, origin }, policy)).toMatchObject({ refusal: { status: 403, code: 'forbidden' } });
    }
  });

  it('answers 401 without a token or with a wrong one, and lets an open route answer anonymously', () => {
    expect(checkAccess({ ...request, authorization: undefined }, policy)).toMatchObject({ refusal: { status: 401, code: 'unauthorized' } });
    expect(checkAccess({ ...request, authorization: 'Bearer nope' }, policy)).toMatchObject({ refusal: { status: 401, message: 'the bearer token is wrong' } });
    expect(checkAccess({ ...request, authorization: 'Basic YWRtaW4=' }, policy)).toMatchObject({ refusal: { status: 401 } });
    expect(checkAccess({ ...request, authorization: undefined, needs: undefined }, policy)).toEqual({ principal: undefined });
    // A wrong token is wrong on an open route too: it is never silently ignored.
    expect(checkAccess({ ...request, authorization: 'Bearer nope', needs: undefined }, policy)).toMatchObject({ refusal: { status: 401 } });
  });

  it('answers 403 naming the role a route needs', () => {
    expect(checkAccess({ ...request, authorization: 'Bearer viewer-token', needs: Role.operator }, policy)).toEqual({
      refusal: { status: 403, code: 'forbidden', message: 'this needs the operator role; vic is viewer' },
    });
  });
});
