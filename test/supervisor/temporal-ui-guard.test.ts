import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role, type Principal } from '../../model/roles.js';
import { buildUiGuard } from '../../supervisor/temporal-ui-guard.js';
import { createUiSessions } from '../../supervisor/ui-sessions.js';

// The guard in front of the embedded Web UI, with a plain HTTP server standing in for the Web UI.

let upstream: http.Server;
let seen: { url: string; cookie: string | undefined; authorization: string | undefined; body: string }[] = [];
let guard: FastifyInstance;
const people: Record<string, Principal> = { 'admin-token': { name: 'admin', role: Role.admin }, 'op-token': { name: 'olga', role: Role.operator } };

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ url: request.url!, cookie: request.headers.cookie, authorization: request.headers.authorization, body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"namespaces":[]}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  guard = await buildUiGuard({
    policy: { hosts: new Set(['127.0.0.1:8233']), origins: new Set(['http://127.0.0.1:8233']), principalOf: (token) => people[token] },
    sessions: createUiSessions(),
    upstream: () => `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
  });
});
afterAll(async () => {
  await guard.close();
  await new Promise((resolve) => upstream.close(resolve));
});

const host = { host: '127.0.0.1:8233' };
const signIn = (token: string) =>
  guard.inject({
    method: 'POST',
    url: '/_ringmaster/sign-in',
    headers: { ...host, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:8233' },
    payload: `token=${encodeURIComponent(token)}`,
  });

describe('the Temporal Web UI guard', () => {
  it('sends a browser without a session to sign in, and answers anything else 401', async () => {
    const page = await guard.inject({ method: 'GET', url: '/namespaces/default/workflows', headers: { ...host, accept: 'text/html' } });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/_ringmaster/sign-in');
    expect((await guard.inject({ method: 'GET', url: '/_ringmaster/sign-in', headers: host })).body).toContain('<form method="post" action="/_ringmaster/sign-in">');
    const api = await guard.inject({ method: 'GET', url: '/api/v1/namespaces', headers: host });
    expect(api.statusCode).toBe(401);
    expect(seen).toEqual([]);
  });

  it('refuses other hosts (421) and pages of other origins (403), even signed in', async () => {
    expect((await guard.inject({ method: 'GET', url: '/', headers: { host: 'evil.example:8233' } })).statusCode).toBe(421);
    const cookie = (await signIn('admin-token')).headers['set-cookie'] as string;
    const foreign = await guard.inject({
      method: 'POST',
      url: '/api/v1/namespaces/default/workflows/x',
      headers: { ...host, cookie, origin: 'http://evil.example', 'content-type': 'text/plain' },
      payload: '{}',
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('signs in admins only, with an HttpOnly SameSite=Strict cookie', async () => {
    expect((await signIn('nope')).statusCode).toBe(401);
    const operator = await signIn('op-token');
    expect(operator.statusCode).toBe(401);
    expect(operator.body).toContain('olga is operator; the Temporal UI needs an admin.');
    const admin = await signIn('admin-token');
    expect(admin.statusCode).toBe(303);
    expect(admin.headers['set-cookie']).toMatch(/^ringmaster_ui=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it("passes a signed-in browser's requests to the Web UI without the session cookie or a token", async () => {
    seen = [];
    const session = (await signIn('admin-token')).headers['set-cookie'] as string;
    const cookie = `${session.split(';')[0]}; _csrf=abc`;
    const listed = await guard.inject({ method: 'GET', url: '/api/v1/namespaces?x=1', headers: { ...host, cookie, authorization: 'Bearer admin-token' } });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ namespaces: [] });
    const posted = await guard.inject({
      method: 'POST',
      url: '/api/v1/namespaces/default/workflows/w/signal/s',
      headers: { ...host, cookie, origin: 'http://127.0.0.1:8233', 'content-type': 'application/json' },
      payload: '{"a":1}',
    });
    expect(posted.statusCode).toBe(200);
    expect(seen).toEqual([
      { url: '/api/v1/namespaces?x=1', cookie: '_csrf=abc', authorization: undefined, body: '' },
      { url: '/api/v1/namespaces/default/workflows/w/signal/s', cookie: '_csrf=abc', authorization: undefined, body: '{"a":1}' },
    ]);
    const out = await guard.inject({ method: 'POST', url: '/_ringmaster/sign-out', headers: { ...host, cookie } });
    expect(out.statusCode).toBe(303);
    expect((await guard.inject({ method: 'GET', url: '/api/v1/namespaces', headers: { ...host, cookie } })).statusCode).toBe(401);
  });
});
