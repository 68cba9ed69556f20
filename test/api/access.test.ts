import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { apiTokenFile } from '../../access/install-token.js';
import { ROUTE_ACCESS } from '../../api/route-access.js';
import { startApiServer, type ApiServer } from '../../api/server.js';
import { resolveSettings } from '../../config/server-settings.js';
import { freePort } from '../support/free-port.js';
import { rawRequest } from '../support/http-request.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

// The API as `ringmaster api` serves it, reached over real sockets: the token, the Host and Origin
// checks and the roles, as a browser page elsewhere, a rebinding attacker and a person's CLI meet them.

let home: string;
let port: number;
let server: ApiServer;
let token: string;
const host = () => `127.0.0.1:${port}`;
const as = (bearer: string | undefined, extra: Record<string, string> = {}) => ({ host: host(), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...extra });

beforeAll(async () => {
  const parent = makeTempDir('ringmaster-access-');
  home = path.join(parent, 'home');
  port = await freePort();
  server = await startApiServer(resolveSettings({ TEMPORAL_ADDRESS: testRunEnv().temporalAddress, RINGMASTER_PUBLIC_URL: 'https://rm.example.com', RINGMASTER_LOG_LEVEL: 'warn' }, { home, port }));
  token = fs.readFileSync(apiTokenFile(home), 'utf8').trim();
});
afterAll(async () => {
  await server.close();
  removeDir(path.dirname(home));
});

describe('the install token', () => {
  it('is generated on first start into the data dir, which only its owner can enter', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(apiTokenFile(home)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    for (const file of ['ringmaster.db', 'ringmaster.db-wal', 'secret-key']) {
      expect({ file, mode: fs.statSync(path.join(home, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
  });
});

describe('without a token', () => {
  const concrete = (pattern: string) => pattern.replace(':dependsOn', 'other').replace(/:[a-zA-Z]+/g, 'x1');

  it('every route but the bare /health and the docs answers 401', async () => {
    for (const [route, access] of Object.entries(ROUTE_ACCESS)) {
      const [method, pattern] = route.split(' ') as [string, string];
      const res = await rawRequest({ port, method, path: concrete(pattern), headers: as(undefined), ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
      if (access === 'open') expect({ route, status: res.status }).not.toEqual({ route, status: 401 });
      else {
        expect({ route, status: res.status }).toEqual({ route, status: 401 });
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
    expect((await rawRequest({ port, path: '/api/nothing-here', headers: as(undefined) })).status).toBe(401);
  });

  it('/health says only whether Ringmaster is up; with the token, the whole report', async () => {
    const bare = await rawRequest({ port, path: '/health', headers: as(undefined) });
    expect(Object.keys(bare.json<object>())).toEqual(['status']);
    const full = await rawRequest({ port, path: '/health', headers: as(token) });
    expect(full.json()).toMatchObject({ version: expect.any(String), db: { status: 'ok' }, temporal: { address: testRunEnv().temporalAddress } });
  });

  it('the Swagger UI loads and its contract offers the bearer scheme', async () => {
    expect([200, 302]).toContain((await rawRequest({ port, path: '/docs', headers: as(undefined) })).status);
    const spec = (await rawRequest({ port, path: '/openapi.json', headers: as(undefined) })).json<{ components: { securitySchemes: object }; security: object[] }>();
    expect(spec.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(spec.security).toEqual([{ bearer: [] }]);
  });

  it('a wrong token is 401 too', async () => {
    const res = await rawRequest({ port, path: '/api/tasks', headers: as(`${token.slice(0, -1)}x`) });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: 'the bearer token is wrong' } });
  });
});

describe('hosts and origins', () => {
  it('answers 421 to a request for another host, the way a rebinding page sends it (curl)', async () => {
    // Not execFileSync: the server answering curl runs in this very process.
    const { stdout: out } = await promisify(execFile)(
      'curl',
      ['-s', '-o', '-', '-w', '\n%{http_code}', '-H', 'Host: evil.example:8080', '-H', `Authorization: Bearer ${token}`, `http://127.0.0.1:${port}/api/tasks`],
      { encoding: 'utf8' },
    );
    const [body, status] = out.split('\n');
    expect(status).toBe('421');
    expect(JSON.parse(body!)).toMatchObject({ error: { code: 'misdirected_request', message: expect.stringContaining("'evil.example:8080'") } });
  });

  it('serves the loopback names with its port and the public URL host', async () => {
    for (const name of [`localhost:${port}`, `127.0.0.1:${port}`, 'rm.example.com']) {
      expect((await rawRequest({ port, path: '/api/tasks', headers: { ...as(token), host: name } })).status).toBe(200);
    }
    expect((await rawRequest({ port, path: '/health', headers: { host: 'localhost' } })).status).toBe(421);
  });

  it('refuses a page of another origin with 403 and lets its own pass', async () => {
    const foreign = await rawRequest({ port, method: 'POST', path: '/api/tasks', headers: as(token, { origin: 'http://evil.example', 'content-type': 'text/plain' }), body: {} });
    expect(foreign.status).toBe(403);
    expect(foreign.json()).toMatchObject({ error: { code: 'forbidden', message: "requests from pages of 'http://evil.example' are refused" } });
    expect((await rawRequest({ port, path: '/api/tasks', headers: as(token, { origin: `http://127.0.0.1:${port}` }) })).status).toBe(200);
    expect((await rawRequest({ port, path: '/api/tasks', headers: as(token, { origin: 'https://rm.example.com' }) })).status).toBe(200);
  });
});

describe('users and roles', () => {
  const addUser = async (name: string, role: string) => {
    const res = await rawRequest({ port, method: 'POST', path: '/api/users', headers: as(token), body: { name, role } });
    expect(res.status).toBe(201);
    return res.json<{ user: { name: string; role: string; createdBy: string }; token: string }>();
  };

  it('gives each role what it may do and names the role needed otherwise', async () => {
    const viewer = await addUser('vic', 'viewer');
    const operator = await addUser('olga', 'operator');
    expect(viewer.user).toMatchObject({ name: 'vic', role: 'viewer', createdBy: 'admin' });
    expect(viewer.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect((await rawRequest({ port, path: '/api/tasks', headers: as(viewer.token) })).status).toBe(200);
    const filed = await rawRequest({ port, method: 'POST', path: '/api/tasks', headers: as(viewer.token), body: { project: 'p', title: 't' } });
    expect(filed.status).toBe(403);
    expect(filed.json()).toEqual({ error: { code: 'forbidden', message: 'this needs the operator role; vic is viewer' } });

    // An operator gets past the role check (and on to the project lookup).
    const byOperator = await rawRequest({ port, method: 'POST', path: '/api/tasks', headers: as(operator.token), body: { project: 'nope', title: 't' } });
    expect(byOperator.status).toBe(400);
    const project = await rawRequest({ port, method: 'POST', path: '/api/projects', headers: as(operator.token), body: { name: 'p', repoPath: '/tmp' } });
    expect(project.json()).toEqual({ error: { code: 'forbidden', message: 'this needs the admin role; olga is operator' } });
    expect((await rawRequest({ port, path: '/api/users', headers: as(operator.token) })).status).toBe(403);
  });

  it('lists users without their tokens, refuses a duplicate and revokes a removed one at once', async () => {
    const user = await addUser('tmp-user', 'viewer');
    const listed = await rawRequest({ port, path: '/api/users', headers: as(token) });
    expect(listed.text).not.toContain(user.token);
    expect(listed.json<{ items: object[] }>().items).toContainEqual(expect.objectContaining({ name: 'tmp-user', role: 'viewer' }));
    const again = await rawRequest({ port, method: 'POST', path: '/api/users', headers: as(token), body: { name: 'tmp-user', role: 'admin' } });
    expect(again.status).toBe(409);
    const bad = await rawRequest({ port, method: 'POST', path: '/api/users', headers: as(token), body: { name: 'x', role: 'root' } });
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed', details: { fields: [expect.objectContaining({ field: 'body.role' })] } } });
    expect((await rawRequest({ port, method: 'DELETE', path: '/api/users/tmp-user', headers: as(token) })).status).toBe(204);
    expect((await rawRequest({ port, path: '/api/tasks', headers: as(user.token) })).status).toBe(401);
  });
});
