import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { makeBareRemote } from '../support/git-daemon.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// A project whose https remote asks for a credential: `remoteSecret` names the stored secret it is reached with.

let dir: string;
let home: string;
let api: TestApp;
let server: GitHttpServer;
let remote: string;
let hostToken: string;
let viewerToken: string;
const password = 'pa55-w0rd-kept-secret';

beforeAll(async () => {
  dir = makeTempDir('ringmaster-remote-secret-');
  home = path.join(dir, 'home');
  fs.mkdirSync(home);
  server = await startGitHttpServer(path.join(dir, 'served'), { user: 'robot', password });
  makeBareRemote(path.join(dir, 'served'), 'web.git', { 'README.md': '# web\n' });
  remote = server.url('web.git');
  api = await startTestApp(home);
  hostToken = (await api.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'host-b', role: 'host' } })).json<{ token: string }>().token;
  viewerToken = (await api.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'viewer', role: 'viewer' } })).json<{ token: string }>().token;
});
afterAll(async () => {
  await api.close();
  await server.close();
  removeDir(dir);
});

const post = (payload: object) => api.app.inject({ method: 'POST', url: '/api/projects', payload });
const setSecret = (name: string, value: string) => api.app.inject({ method: 'PUT', url: `/api/secrets/${name}`, payload: { value } });
const failure = (res: { json: <T>() => T }) => res.json<{ error: { message: string; details?: { fields?: { field: string }[] } } }>().error;

describe('remoteSecret', () => {
  it('is needed to register a remote that asks for a credential, and must be stored', async () => {
    const bare = await post({ name: 'web', remote });
    expect(bare.statusCode).toBe(400);
    expect(failure(bare).details?.fields?.[0]?.field).toBe('body.remote');

    const unset = await post({ name: 'web', remote, remoteSecret: 'WEB_GIT' });
    expect(unset.statusCode).toBe(400);
    expect(failure(unset).message).toBe('body.remoteSecret names the secret WEB_GIT, which is not set (store it with: ringmaster secret set WEB_GIT)');
    // A refused project leaves no mirror behind.
    const mirrors = path.join(home, 'mirrors');
    expect(fs.existsSync(mirrors) ? fs.readdirSync(mirrors) : []).toEqual([]);
  });

  it('registers the project with the secret’s name only, and keeps a changed secret from replacing one that works', async () => {
    expect((await setSecret('WEB_GIT', `robot:${password}`)).statusCode).toBe(204);
    const created = await post({ name: 'web', remote, remoteSecret: 'WEB_GIT' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'web', remote, remoteSecret: 'WEB_GIT', defaultBranch: 'main' });
    expect(created.body).not.toContain(password);
    const id = created.json<{ id: string }>().id;

    expect((await setSecret('WRONG_GIT', 'robot:nope')).statusCode).toBe(204);
    const wrong = await api.app.inject({ method: 'PATCH', url: `/api/projects/${id}`, payload: { remoteSecret: 'WRONG_GIT' } });
    expect(wrong.statusCode).toBe(400);
    expect(failure(wrong).details?.fields?.[0]?.field).toBe('body.remoteSecret');
    expect((await api.app.inject({ method: 'GET', url: `/api/projects/${id}` })).json()).toMatchObject({ remoteSecret: 'WEB_GIT' });
    // The control plane's mirror survives a refused change.
    expect(fs.existsSync(created.json<{ repoPath: string }>().repoPath)).toBe(true);

    const cleared = await api.app.inject({ method: 'PATCH', url: `/api/projects/${id}`, payload: { remoteSecret: null } });
    expect(cleared.statusCode).toBe(400);
    const back = await api.app.inject({ method: 'PATCH', url: `/api/projects/${id}`, payload: { remoteSecret: 'WEB_GIT' } });
    expect([back.statusCode, back.json<{ remoteSecret: string }>().remoteSecret]).toEqual([200, 'WEB_GIT']);
  });

  it('is refused where it cannot be sent: a checkout, a file:// remote', async () => {
    const repo = makeTempGitRepo({ 'a.txt': 'a\n' });
    try {
      const checkout = await post({ name: 'local', repoPath: repo, remoteSecret: 'WEB_GIT' });
      expect([checkout.statusCode, failure(checkout).details?.fields?.[0]?.field]).toEqual([400, 'body.remoteSecret']);
      const file = await post({ name: 'local', remote: `file://${makeBareRemote(path.join(dir, 'plain'), 'p.git', { 'a.txt': 'a\n' })}`, remoteSecret: 'WEB_GIT' });
      expect(file.statusCode).toBe(400);
      expect(failure(file).message).toMatch(/^body\.remoteSecret is sent only to https:\/\/ remotes; file:\/\/.* is reached with each host's own file access$/);
    } finally {
      removeDir(repo);
    }
  });

  it('reaches host workers (role host) as git environment, and no one else', async () => {
    const project = (await api.app.inject({ method: 'GET', url: '/api/projects/web' })).json<{ id: string }>();
    const url = `/api/hosts/host-b/projects/${project.id}/remote-credential`;
    const asHost = await api.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${hostToken}` }, payload: {} });
    expect(asHost.statusCode).toBe(200);
    const env = asHost.json<{ env: Record<string, string> }>().env;
    expect(env).toMatchObject({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader' });
    expect(Buffer.from(env.GIT_CONFIG_VALUE_0!.replace('Authorization: Basic ', ''), 'base64').toString()).toBe(`robot:${password}`);
    expect((await api.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${viewerToken}` }, payload: {} })).statusCode).toBe(403);
    expect((await api.app.inject({ method: 'POST', url: '/api/hosts/host-b/projects/nope/remote-credential', headers: { authorization: `Bearer ${hostToken}` }, payload: {} })).statusCode).toBe(404);

    await api.app.inject({ method: 'DELETE', url: '/api/secrets/WEB_GIT' });
    const gone = await api.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${hostToken}` }, payload: {} });
    expect([gone.statusCode, failure(gone).message]).toEqual([422, 'remoteSecret names the secret WEB_GIT, which is not set (store it with: ringmaster secret set WEB_GIT)']);
  });
});
