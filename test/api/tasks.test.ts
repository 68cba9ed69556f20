import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { createStore } from '../../store/create-store.js';
import { openDatabase } from '../../store/open-database.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testTask } from '../support/test-store.js';

// Input validation and errors of /api/tasks. The task flows themselves are in test/workflows.

let home: string;
let repo: string;
let api: TestApp;
let projectId: string;
beforeEach(async () => {
  home = makeTempDir();
  repo = makeTempGitRepo({ 'a.txt': 'a\n' });
  api = await startTestApp(home);
  projectId = (await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo } })).json<{ id: string }>().id;
});
afterEach(async () => {
  await api.close();
  removeDir(home);
  removeDir(repo);
});

const fields = (res: { json: <T>() => T }) => res.json<{ error: { details: { fields: { field: string; message: string }[] } } }>().error.details.fields;

function insertTask(id: string, status: 'queued' | 'running' | 'completed' = 'completed') {
  api.store.tasks.insert(testTask(id, projectId, { maxIterations: 1, status }));
}

describe('POST /api/tasks', () => {
  it.each([
    [{ project: 'demo' }, 'body.title', 'is required'],
    [{ project: 'demo', title: '' }, 'body.title', 'must NOT have fewer than 1 characters'],
    [{ project: 'nope', title: 't' }, 'body.project', "names no project (id or name): 'nope'"],
    [{ project: 'demo', title: 't', agent: 'command' }, 'body.agentOptions.command', 'is required for the command agent'],
    [{ project: 'demo', title: 't', priority: 'P9' }, 'body.priority', 'must be one of P0, P1, P2, P3, P4'],
    [{ project: 'demo', title: 't', maxIterations: 0 }, 'body.maxIterations', 'must be >= 1'],
    [{ project: 'demo', title: 't', maxIterations: 51 }, 'body.maxIterations', 'must be <= 50'],
    [{ project: 'demo', title: 't', budgetUsd: 0 }, 'body.budgetUsd', 'must be > 0'],
    [{ project: 'demo', title: 't', agentOptions: { command: [] } }, 'body.agentOptions.command', 'must NOT have fewer than 1 items'],
    [{ project: 'demo', title: 't', agentOptions: { env: { A: { nested: true } } } }, 'body.agentOptions.env.A', 'must be string'],
    [{ project: 'demo', title: 't', urgent: true }, 'body.urgent', 'is not a known field'],
  ])('answers 400 naming the field for %j', async (payload, field, message) => {
    const res = await api.app.inject({ method: 'POST', url: '/api/tasks', payload });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(expect.arrayContaining([{ field, message: expect.stringContaining(message) }]));
  });

  it('cuts a long title and description to what Temporal takes, instead of failing the start', async () => {
    // 500 three-byte characters are 1,500 bytes: past the 400 bytes of a workflow summary.
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'demo', title: '€'.repeat(500), description: 'd'.repeat(200_000), agent: 'command', agentOptions: { command: ['true'] } },
    });
    expect(res.statusCode).toBe(201);
    const { id, title } = res.json<{ id: string; title: string }>();
    expect(title).toBe('€'.repeat(500));
    const described = await api.client.workflow.getHandle(`task-${id}`).describe();
    expect(Buffer.byteLength((await described.staticSummary()) ?? '')).toBeLessThanOrEqual(400);
    expect(Buffer.byteLength((await described.staticDetails()) ?? '')).toBeLessThanOrEqual(20 * 1024);
    await api.client.workflow.getHandle(`task-${id}`).terminate('test done');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/tasks', headers: { 'content-type': 'application/json' }, payload: '{"title": "x"' });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('bad_request');
  });
});

describe('unknown task ids', () => {
  it.each([
    ['GET', '/api/tasks/nope'],
    ['POST', '/api/tasks/nope/cancel'],
    ['GET', '/api/tasks/nope/logs'],
    ['GET', '/api/tasks/nope/prompt'],
  ] as const)('%s %s answers 404', async (method, url) => {
    const res = await api.app.inject({ method, url });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: "no task with id 'nope'" } });
  });

  it('refuses an answer longer than a prompt should carry, naming the field', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/tasks/nope/decision', payload: { answer: 'a'.repeat(20_001) } });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual([{ field: 'body.answer', message: 'must NOT have more than 20000 characters' }]);
  });

  it('POST /api/tasks/nope/decision answers 404', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/tasks/nope/decision', payload: { answer: 'x' } });
    expect(res.statusCode).toBe(404);
  });
});

describe('finished tasks', () => {
  it('cannot be cancelled or answered: 409', async () => {
    insertTask('done1');
    const cancel = await api.app.inject({ method: 'POST', url: '/api/tasks/done1/cancel' });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json()).toEqual({ error: { code: 'conflict', message: 'task done1 already ended (completed)' } });
    const decide = await api.app.inject({ method: 'POST', url: '/api/tasks/done1/decision', payload: { answer: 'x' } });
    expect(decide.statusCode).toBe(409);
  });
});

describe('GET /api/tasks', () => {
  it('pages through tasks newest first with a cursor, and filters', async () => {
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) insertTask(id, id === 'a3' ? 'running' : 'completed');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/tasks?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await api.app.inject({ method: 'GET', url })).json<{ items: { id: string }[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
    const running = (await api.app.inject({ method: 'GET', url: '/api/tasks?status=running&project=demo' })).json<{ items: { id: string }[] }>();
    expect(running.items.map((t) => t.id)).toEqual(['a3']);
    const other = (await api.app.inject({ method: 'GET', url: '/api/tasks?project=unknown' })).json<{ items: unknown[] }>();
    expect(other.items).toEqual([]);
  });

  it('answers a page it sent before with what the projection holds now, whoever wrote to it', async () => {
    insertTask('b1', 'running');
    const list = async (url = '/api/tasks?limit=5') => {
      const res = await api.app.inject({ method: 'GET', url });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      return res.json<{ items: { id: string; status: string; projectName: string }[] }>().items;
    };
    expect((await list()).map((t) => t.id)).toEqual(['b1']);
    expect(await list()).toEqual(await list());
    // A write of this process's connection.
    insertTask('b2');
    expect((await list()).map((t) => t.id)).toEqual(['b2', 'b1']);
    // A write of another connection, as the worker's projection writes are.
    const other = openDatabase(path.join(home, 'ringmaster.db'));
    try {
      createStore(other).tasks.update('b1', { status: 'completed' });
      expect((await list()).find((t) => t.id === 'b1')!.status).toBe('completed');
      createStore(other).projects.update(projectId, { name: 'renamed' });
      expect((await list()).map((t) => t.projectName)).toEqual(['renamed', 'renamed']);
    } finally {
      other.close();
    }
    // Other queries are pages of their own.
    expect((await list('/api/tasks?limit=1')).map((t) => t.id)).toEqual(['b2']);
  });

  it.each([
    ['/api/tasks?cursor=garbage', 'querystring.cursor'],
    ['/api/tasks?status=sleeping', 'querystring.status'],
    ['/api/tasks?limit=0', 'querystring.limit'],
    ['/api/tasks?limit=500', 'querystring.limit'],
  ])('answers 400 for %s', async (url, field) => {
    const res = await api.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(fields(res)[0]!.field).toBe(field);
  });
});

describe('POST /api/tasks with an Idempotency-Key', () => {
  const body = { project: 'demo', title: 'Once only', agent: 'command', agentOptions: { command: ['true'] } };
  const file = (payload: object, key: string, authorization?: string) =>
    api.app.inject({ method: 'POST', url: '/api/tasks', payload, headers: { 'idempotency-key': key, ...(authorization ? { authorization } : {}) } });

  it('files one task for a retried request and says it is a replay', async () => {
    const first = await file(body, 'key-1');
    const again = await file({ agentOptions: { command: ['true'] }, agent: 'command', title: 'Once only', project: 'demo' }, 'key-1');
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    await api.client.workflow.getHandle(`task-${first.json<{ id: string }>().id}`).terminate('test done');
  });

  it('refuses a key used with another request, and keys are per user', async () => {
    const first = await file(body, 'key-2');
    const other = await file({ ...body, title: 'Something else' }, 'key-2');
    expect(other.statusCode).toBe(409);
    expect(other.json<{ error: { message: string } }>().error.message).toContain("the Idempotency-Key 'key-2' was used");
    const token = (await api.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'olga', role: 'operator' } })).json<{ token: string }>().token;
    const byOlga = await file(body, 'key-2', `Bearer ${token}`);
    expect(byOlga.statusCode).toBe(201);
    expect(byOlga.json<{ id: string }>().id).not.toBe(first.json<{ id: string }>().id);
    for (const res of [first, byOlga]) await api.client.workflow.getHandle(`task-${res.json<{ id: string }>().id}`).terminate('test done');
  });
});

describe('GET /api/tasks/:id hostWait', () => {
  it('says an unfinished task of a project without a remote waits for a host that is not running', async () => {
    insertTask('stuck', 'running');
    api.store.tasks.update('stuck', { hostId: 'gone-host' });
    insertTask('done', 'completed');
    api.store.tasks.update('done', { hostId: 'gone-host' });
    insertTask('unplaced', 'queued');

    const stuck = await api.app.inject({ method: 'GET', url: '/api/tasks/stuck' });
    expect(stuck.statusCode).toBe(200);
    expect(stuck.json<{ hostWait: string }>().hostWait).toBe(
      'host gone-host, which holds its worktree, is not running (no worker of it reports to Temporal): its project has no remote, so the task cannot move and waits for gone-host to come back (start ringmaster there)',
    );
    expect((await api.app.inject({ method: 'GET', url: '/api/tasks/done' })).json<{ hostWait: null }>().hostWait).toBeNull();
    expect((await api.app.inject({ method: 'GET', url: '/api/tasks/unplaced' })).json<{ hostWait: null }>().hostWait).toBeNull();
  });
});
