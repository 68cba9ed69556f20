import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { assertSafeBind, InsecureBindError } from '../../api/auth.js';
import { startApiServer } from '../../api/server.js';
import { resolveSettings } from '../../config/settings.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testRunEnv } from '../support/test-env.js';

let home: string;
let api: TestApp | undefined;
beforeEach(() => {
  home = makeTempDir();
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  removeDir(home);
});

describe('the API token', () => {
  it('answers 401 to every request without the right bearer token', async () => {
    api = await startTestApp(home, { apiToken: 's3cret-token' });
    for (const url of ['/health', '/api/projects', '/api/tasks', '/openapi.json']) {
      const none = await api.app.inject({ method: 'GET', url });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toEqual({ error: { code: 'unauthorized', message: 'send Authorization: Bearer <RINGMASTER_API_TOKEN>' } });
      const wrong = await api.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer s3cret-tokeN' } });
      expect(wrong.statusCode).toBe(401);
    }
    const right = await api.app.inject({ method: 'GET', url: '/api/projects', headers: { authorization: 'Bearer s3cret-token' } });
    expect(right.statusCode).toBe(200);
  });

  it('is not required on loopback without one', async () => {
    api = await startTestApp(home);
    expect((await api.app.inject({ method: 'GET', url: '/api/projects' })).statusCode).toBe(200);
  });
});

describe('binding', () => {
  it.each(['127.0.0.1', '127.0.0.2', '::1', 'localhost'])('allows %s without a token', (host) => {
    expect(() => assertSafeBind(host, undefined)).not.toThrow();
  });

  it.each(['0.0.0.0', '::', '192.168.1.10'])('refuses %s without a token, and allows it with one', (host) => {
    expect(() => assertSafeBind(host, undefined)).toThrow(InsecureBindError);
    expect(() => assertSafeBind(host, 'token')).not.toThrow();
  });

  it('the API server refuses to start on 0.0.0.0 without RINGMASTER_API_TOKEN', async () => {
    const settings = resolveSettings({ TEMPORAL_ADDRESS: testRunEnv().temporalAddress }, { home, host: '0.0.0.0', port: 1 });
    await expect(startApiServer(settings)).rejects.toThrow('refusing to serve the API on 0.0.0.0 without a token');
  });
});
