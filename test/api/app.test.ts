import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../../api/app.js';
import { HttpError } from '../../api/errors.js';
import { resolveSettings } from '../../config/server-settings.js';
import { loadMigrations } from '../../store/migrate.js';
import { freePort } from '../support/free-port.js';
import { eventually } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startTestWorkers } from '../support/temporal.js';
import { testRunEnv, uniqueTaskQueue } from '../support/test-env.js';

let dir: string;
let testApps: TestApp[] = [];

beforeEach(() => {
  dir = makeTempDir();
});
afterEach(async () => {
  await Promise.all(testApps.map((t) => t.close()));
  testApps = [];
  removeDir(dir);
});

async function appWith(overrides: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const testApp = await startTestApp(dir, overrides);
  testApps.push(testApp);
  return testApp.app;
}

describe('GET /health', () => {
  it('is 200 "ok" and lists the live worker when Temporal, the database and a worker are up', async () => {
    const taskQueue = uniqueTaskQueue('health');
    const app = await appWith({ workerTaskQueues: [taskQueue] });
    const workers = await startTestWorkers(taskQueue, { home: dir, store: testApps[0]!.store });
    try {
      await workers.runUntil(async () => {
        const body = await eventually(
          async () => {
            const res = await app.inject({ method: 'GET', url: '/health' });
            const json = res.json<{ status: string }>();
            return json.status === 'ok' ? { code: res.statusCode, json } : undefined;
          },
          'status ok',
          20_000,
        );
        expect(body.code).toBe(200);
        expect(body.json).toMatchObject({
          status: 'ok',
          version: '9.9.9',
          commit: 'abc123',
          temporal: { status: 'ok', address: testRunEnv().temporalAddress, namespace: 'default', uiUrl: 'http://127.0.0.1:8233' },
          db: { status: 'ok', schemaVersion: Math.max(...loadMigrations().map((m) => m.version)) },
          workers: { status: 'ok', count: 1, list: [{ pid: process.pid, taskQueues: [taskQueue] }] },
        });
        expect(body.json).not.toHaveProperty('error');
      });
    } finally {
      await workers.close();
    }
  });

  it('is 200 "degraded" when no worker polls', async () => {
    const res = await (await appWith()).inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', workers: { status: 'none', count: 0, list: [] } });
  });

  it('is 503 naming temporal when Temporal is unreachable', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const unreachable = Connection.lazy({ address });
    try {
      const temporal = resolveSettings({ TEMPORAL_ADDRESS: address }).temporal;
      const res = await (await appWith({ connection: unreachable, temporal })).inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        status: 'unavailable',
        temporal: { status: 'unreachable', address },
        db: { status: 'ok' },
        workers: { status: 'unknown' },
        error: { code: 'service_unavailable', details: { failing: ['temporal'] } },
      });
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/^unavailable: temporal: /);
    } finally {
      await unreachable.close();
    }
  });

  it('is 503 naming db when the database cannot be read', async () => {
    const app = await appWith();
    testApps[0]!.db.close();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'unavailable',
      temporal: { status: 'ok' },
      db: { status: 'unreachable', error: 'The database connection is not open' },
      error: { code: 'service_unavailable', details: { failing: ['db'] } },
    });
  });
});

describe('OpenAPI', () => {
  it('serves the document at /openapi.json with /health and the shared error schema', async () => {
    const res = await (await appWith()).inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; info: { version: string }; paths: Record<string, Record<string, { responses: object }>>; components: { schemas: object } }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    expect(Object.keys(doc.paths['/health']!.get!.responses)).toEqual(['200', '503']);
    expect(doc.components.schemas).toHaveProperty('ErrorBody');
    expect(doc.paths).not.toHaveProperty('/openapi.json');
  });

  it('serves the docs page and its assets offline', async () => {
    const app = await appWith();
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const css = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
  });
});

describe('the one error format', () => {
  async function appWithProbeRoutes(): Promise<FastifyInstance> {
    const app = await appWith();
    app.post('/probe', { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) } }, () => ({ ok: true }));
    app.get('/probe/conflict', () => {
      throw new HttpError(409, 'conflict', 'project "demo" already exists', { field: 'name' });
    });
    app.get('/probe/crash', () => {
      throw new Error('secret internal detail');
    });
    return app;
  }

  it('answers an unknown route with 404 not_found', async () => {
    const res = await (await appWith()).inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /nope' } });
  });

  it('names every invalid field with 400 validation_failed', async () => {
    const res = await (await appWithProbeRoutes()).inject({ method: 'POST', url: '/probe', payload: { count: 0, extra: true } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<{ error: { code: string; message: string; details: { fields: { field: string; message: string }[] } } }>();
    expect(error.code).toBe('validation_failed');
    expect(error.details.fields).toEqual(
      expect.arrayContaining([
        { field: 'body.name', message: 'is required' },
        { field: 'body.count', message: 'must be >= 1' },
        { field: 'body.extra', message: 'is not a known field' },
      ]),
    );
    expect(error.message).toContain('body.name is required');
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const res = await (await appWithProbeRoutes()).inject({ method: 'POST', url: '/probe', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('bad_request');
  });

  it('answers a too large body with 413 payload_too_large', async () => {
    const res = await (await appWithProbeRoutes()).inject({ method: 'POST', url: '/probe', payload: { name: 'x'.repeat(2 * 1024 * 1024), count: 1 } });
    expect(res.statusCode).toBe(413);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('payload_too_large');
  });

  it('renders an HttpError with its status, code and details', async () => {
    const res = await (await appWithProbeRoutes()).inject({ method: 'GET', url: '/probe/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: { code: 'conflict', message: 'project "demo" already exists', details: { field: 'name' } } });
  });

  it('hides the details of an unexpected error behind 500 internal_error', async () => {
    const res = await (await appWithProbeRoutes()).inject({ method: 'GET', url: '/probe/crash' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal_error', message: 'internal error; see the API log for details' } });
    expect(res.body).not.toContain('secret');
  });
});
