import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { git } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testTask } from '../support/test-store.js';

let home: string;
let repo: string;
let api: TestApp;
beforeEach(async () => {
  home = makeTempDir();
  repo = makeTempGitRepo({ 'README.md': '# r\n', '.gitignore': '.env\n' });
  api = await startTestApp(home);
});
afterEach(async () => {
  await api.close();
  removeDir(home);
  removeDir(repo);
});

const post = (payload: unknown) => api.app.inject({ method: 'POST', url: '/api/projects', payload: payload as object });
const fields = (res: { json: <T>() => T }) => res.json<{ error: { details: { fields: { field: string; message: string }[] } } }>().error.details.fields;

describe('POST /api/projects', () => {
  it('registers a repository with defaults taken from it', async () => {
    const res = await post({ name: 'demo', repoPath: repo, testCommand: 'npm test -- --grep "a b"', setupCommand: ['npm', 'ci'], copyFiles: ['.env'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'demo',
      repoPath: fs.realpathSync(repo),
      defaultBranch: 'main',
      testCommand: ['npm', 'test', '--', '--grep', 'a b'],
      setupCommand: ['npm', 'ci'],
      copyFiles: ['.env'],
      agent: 'claude-code',
      maxIterations: 5,
      budgetUsd: null,
      healthCheckSeconds: 10,
      onRateLimit: 'wait',
      rateLimitMaxWaitMinutes: 360,
    });
    expect((await api.app.inject({ method: 'GET', url: '/api/projects' })).json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('answers 409 for a name already taken', async () => {
    expect((await post({ name: 'demo', repoPath: repo })).statusCode).toBe(201);
    const again = await post({ name: 'demo', repoPath: repo });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: { code: 'conflict', message: 'a project named "demo" already exists', details: { field: 'body.name' } } });
  });

  it.each([
    [{ name: 'x', repoPath: 'relative/path' }, 'body.repoPath', "must be an absolute path, got 'relative/path'"],
    [{ name: 'x', repoPath: '/no/such/dir' }, 'body.repoPath', '/no/such/dir does not exist'],
    [{ name: 'x', repoPath: '/tmp' }, 'body.repoPath', '/tmp is not a git repository'],
    [{ name: 'x', repoPath: '<repo>', defaultBranch: 'nope' }, 'body.defaultBranch', "names no branch of <repo>: 'nope'"],
    [{ name: 'x', repoPath: '<repo>', testCommand: 'npm test | tee log' }, 'body.testCommand', 'contains the shell operator "|"'],
    [{ name: 'x', repoPath: '<repo>', setupCommand: 'npm ci && npm run build' }, 'body.setupCommand', 'contains the shell operator "&"'],
    [{ name: 'x', repoPath: '<repo>', copyFiles: ['../secret'] }, 'body.copyFiles.0', "must be a path inside the repository, got '../secret'"],
    [{ name: 'x', repoPath: '<repo>', copyFiles: ['.env', '.'] }, 'body.copyFiles.1', 'not the repository itself'],
    [{ name: 'x', repoPath: '<repo>', linkFiles: ['.git/hooks'] }, 'body.linkFiles.0', "must not be inside .git, got '.git/hooks'"],
    [{ name: 'x', repoPath: '<repo>', linkFiles: ['/etc'] }, 'body.linkFiles.0', 'must be a path inside the repository'],
    [{ name: 'has space', repoPath: '<repo>' }, 'body.name', 'must match pattern'],
    [{ repoPath: '<repo>' }, 'body.name', 'is required'],
    [{ name: 'x', repoPath: '<repo>', agent: 'gpt' }, 'body.agent', 'must be one of claude-code, aider, codex, gemini, opencode, command, external'],
    [{ name: 'x', repoPath: '<repo>', maxIterations: 51 }, 'body.maxIterations', 'must be <= 50'],
    [{ name: 'x', repoPath: '<repo>', healthCheckSeconds: 0 }, 'body.healthCheckSeconds', 'must be >= 1'],
    [{ name: 'x', repoPath: '<repo>', healthCheckSeconds: 2.5 }, 'body.healthCheckSeconds', 'must be integer'],
    [{ name: 'x', repoPath: '<repo>', onRateLimit: 'retry' }, 'body.onRateLimit', 'must be one of wait, fail'],
    [{ name: 'x', repoPath: '<repo>', rateLimitMaxWaitMinutes: 0 }, 'body.rateLimitMaxWaitMinutes', 'must be >= 1'],
    [{ name: 'x', repoPath: '<repo>', colour: 'red' }, 'body.colour', 'is not a known field'],
  ])('answers 400 naming the field for %j', async (body, field, message) => {
    const real = fs.realpathSync(repo);
    const payload = JSON.parse(JSON.stringify(body).replaceAll('<repo>', repo)) as object;
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    expect(fields(res)).toEqual(expect.arrayContaining([{ field, message: expect.stringContaining(message.replaceAll('<repo>', real)) }]));
  });

  it('answers 400 for a repository without commits', async () => {
    const empty = makeTempDir();
    try {
      git(empty, 'init', '-q');
      const res = await post({ name: 'empty', repoPath: empty });
      expect(res.statusCode).toBe(400);
      expect(fields(res)[0]).toEqual({ field: 'body.repoPath', message: expect.stringContaining('has no commits yet') });
    } finally {
      removeDir(empty);
    }
  });
});

describe('/api/projects/:id', () => {
  it('reads, changes and deletes a project by id or name; 404 for unknown ones', async () => {
    const created = (await post({ name: 'demo', repoPath: repo })).json<{ id: string }>();
    expect((await api.app.inject({ method: 'GET', url: `/api/projects/${created.id}` })).json()).toMatchObject({ name: 'demo' });
    const patched = await api.app.inject({
      method: 'PATCH',
      url: '/api/projects/demo',
      payload: { testCommand: 'make check', maxIterations: 3, healthCheckSeconds: 120, onRateLimit: 'fail', rateLimitMaxWaitMinutes: 30 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      id: created.id,
      testCommand: ['make', 'check'],
      maxIterations: 3,
      healthCheckSeconds: 120,
      defaultBranch: 'main',
      onRateLimit: 'fail',
      rateLimitMaxWaitMinutes: 30,
    });
    expect((await api.app.inject({ method: 'PATCH', url: '/api/projects/demo', payload: {} })).statusCode).toBe(400);
    expect((await api.app.inject({ method: 'DELETE', url: '/api/projects/demo' })).statusCode).toBe(204);
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await api.app.inject({ method, url: '/api/projects/demo' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'not_found', message: "no project with id or name 'demo'" } });
    }
    expect((await api.app.inject({ method: 'PATCH', url: '/api/projects/nope', payload: { maxIterations: 2 } })).statusCode).toBe(404);
  });

  it('refuses a rename onto another project with 409', async () => {
    await post({ name: 'one', repoPath: repo });
    await post({ name: 'two', repoPath: repo });
    const res = await api.app.inject({ method: 'PATCH', url: '/api/projects/two', payload: { name: 'one' } });
    expect(res.statusCode).toBe(409);
  });

  it('refuses to delete a project with unfinished tasks', async () => {
    const { id } = (await post({ name: 'busy', repoPath: repo })).json<{ id: string }>();
    api.store.tasks.insert(testTask('t1', id, { title: 't', maxIterations: 1 }));
    const res = await api.app.inject({ method: 'DELETE', url: '/api/projects/busy' });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { message: string } }>().error.message).toBe("project 'busy' has 1 unfinished task(s); cancel them first");
    expect(path.isAbsolute(repo)).toBe(true);
  });
});
