import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { taskFiles } from '../../config/task-files.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testProject, testTask } from '../support/test-store.js';

// PUT /api/hosts/:hostId/tasks/:taskId/files/:name: how a host worker's task files reach the control plane's data dir.

let home: string;
let api: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  home = makeTempDir();
  api = await startTestApp(home);
  api.store.projects.create(testProject('p1'));
  api.store.tasks.insert(testTask('t1', 'p1', { maxIterations: 1 }));
  api.store.tasks.update('t1', { hostId: 'host-a' });
  for (const role of ['viewer', 'operator']) {
    tokens[role] = (await api.app.inject({ method: 'POST', url: '/api/users', payload: { name: `${role}-user`, role } })).json<{ token: string }>().token;
  }
});
afterAll(async () => {
  await api.close();
  removeDir(home);
});

const put = (name: string, offset: number | undefined, body: string | Buffer, headers: Record<string, string> = {}, host = 'host-a', task = 't1') =>
  api.app.inject({
    method: 'PUT',
    url: `/api/hosts/${host}/tasks/${task}/files/${name}${offset === undefined ? '' : `?offset=${offset}`}`,
    headers: { 'content-type': 'application/octet-stream', ...headers },
    payload: Buffer.isBuffer(body) ? body : Buffer.from(body),
  });
const local = (name: string) => `${taskFiles(home, 't1').dir}/${name}`;
const fields = (res: { json: <T>() => T }) => res.json<{ error: { details: { fields: { field: string }[] } } }>().error.details.fields.map((f) => f.field);

describe('PUT /api/hosts/:hostId/tasks/:taskId/files/:name', () => {
  it('appends at the end, into a private file in the task folder', async () => {
    expect((await put('iteration-1.log', 0, 'hello\n')).json()).toEqual({ size: 6 });
    const res = await put('iteration-1.log', 6, 'world\n');
    expect([res.statusCode, res.json()]).toEqual([200, { size: 12 }]);
    expect(fs.readFileSync(local('iteration-1.log'), 'utf8')).toBe('hello\nworld\n');
    expect(fs.statSync(local('iteration-1.log')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(taskFiles(home, 't1').dir).mode & 0o777).toBe(0o700);
  });

  it('skips bytes it already has: a retried chunk is a no-op, an overlapping one adds only its new part', async () => {
    await put('tests-1.log', 0, 'abc\ndef\n');
    expect((await put('tests-1.log', 0, 'abc\ndef\n')).json()).toEqual({ size: 8 });
    expect((await put('tests-1.log', 4, 'de')).json()).toEqual({ size: 8 });
    expect((await put('tests-1.log', 5, 'ef\nghi\n')).json()).toEqual({ size: 12 });
    expect(fs.readFileSync(local('tests-1.log'), 'utf8')).toBe('abc\ndef\nghi\n');
  });

  it('answers 409 with its size when the bytes would leave a gap, and writes nothing', async () => {
    await put('setup.log', 0, 'npm ci\n');
    const gap = await put('setup.log', 10, 'later\n');
    expect(gap.statusCode).toBe(409);
    expect(gap.json()).toEqual({ error: { code: 'conflict', message: expect.stringContaining('send from 7'), details: { size: 7 } } });
    expect(fs.readFileSync(local('setup.log'), 'utf8')).toBe('npm ci\n');
    const fresh = await put('prompt-1.md', 3, 'x');
    expect([fresh.statusCode, fresh.json()]).toEqual([409, expect.objectContaining({ error: expect.objectContaining({ details: { size: 0 } }) })]);
    expect(fs.existsSync(local('prompt-1.md'))).toBe(false);
  });

  it('takes prompts and their reports', async () => {
    expect((await put('prompt-1.md', 0, '# Task\n')).json()).toEqual({ size: 7 });
    expect((await put('prompt-1.report.json', 0, '{"total":3}\n')).json()).toEqual({ size: 12 });
  });

  it.each(['..%2F..%2Fapi-token', 'logs%2Fiteration-1.log', 'Iteration-1.log', 'iteration-1.txt', '.log', `${'a'.repeat(77)}.log`, 'a.b.log'])('answers 400 naming the name for %s', async (name) => {
    const res = await put(name, 0, 'x');
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain('params.name');
  });

  it('answers 400 naming the offset when it is missing or negative', async () => {
    for (const offset of [undefined, -1]) {
      const res = await put('iteration-2.log', offset, 'x');
      expect([res.statusCode, fields(res)]).toEqual([400, ['querystring.offset']]);
    }
  });

  it('answers 404 for an unknown task and 409 for a task on another host', async () => {
    const unknown = await put('iteration-1.log', 0, 'x', {}, 'host-a', 'nope');
    expect([unknown.statusCode, unknown.json()]).toEqual([404, { error: { code: 'not_found', message: "no task 'nope'" } }]);
    const other = await put('iteration-1.log', 0, 'x', {}, 'host-b');
    expect([other.statusCode, other.json()]).toEqual([409, { error: { code: 'conflict', message: 'task t1 runs on host host-a, not host-b' } }]);
  });

  it('takes raw bytes only, at most 1 MiB per request', async () => {
    const json = await api.app.inject({ method: 'PUT', url: '/api/hosts/host-a/tasks/t1/files/iteration-3.log?offset=0', payload: { text: 'x' } });
    expect([json.statusCode, json.json<{ error: { code: string } }>().error.code]).toEqual([415, 'unsupported_media_type']);
    const big = await put('iteration-3.log', 0, Buffer.alloc(1024 * 1024 + 1, 0x61));
    expect([big.statusCode, big.json<{ error: { code: string } }>().error.code]).toEqual([413, 'payload_too_large']);
    expect((await put('iteration-3.log', 0, Buffer.alloc(1024 * 1024, 0x61))).json()).toEqual({ size: 1024 * 1024 });
  });

  it('is for host tokens and the install admin token, not for viewers or operators', async () => {
    for (const role of ['viewer', 'operator']) {
      const res = await put('iteration-4.log', 0, 'x', { authorization: `Bearer ${tokens[role]}` });
      expect([role, res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([role, 403, 'forbidden']);
    }
    const host = await api.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'host-user', role: 'host' } });
    expect([host.statusCode, host.json()]).toEqual([201, expect.objectContaining({ user: expect.objectContaining({ role: 'host' }) })]);
    expect((await put('iteration-4.log', 0, 'x', { authorization: `Bearer ${host.json<{ token: string }>().token}` })).json()).toEqual({ size: 1 });
    expect((await put('iteration-4.log', 1, 'y')).json()).toEqual({ size: 2 });
    expect(fs.existsSync(local('iteration-4.log')) && fs.readFileSync(local('iteration-4.log'), 'utf8')).toBe('xy');
  });
});
