import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ArchiveTransferError, createReleaseArchiveSource } from '../../host-link/fetch-release-archive.js';
import { exportRelease, ReleaseExportError } from '../../release/export-commit.js';
import { freePort } from '../support/free-port.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testProject } from '../support/test-store.js';

// A host worker builds a release of a project whose repository is a checkout on the control
// plane's machine from GET /api/hosts/:hostId/projects/:projectId/commits/:commit/archive,
// over real HTTP with a host token, unpacked by tar as it streams in.

let home: string;
let repo: string;
let out: string;
let api: TestApp;
let url: string;
let hostToken: string;
let viewerToken: string;
let commit: string;

beforeAll(async () => {
  home = makeTempDir();
  out = makeTempDir();
  repo = makeTempGitRepo({ 'app.txt': 'v1\n', 'src/deep/file.js': 'export {};\n', 'big.bin': 'x'.repeat(2 * 1024 * 1024) });
  commit = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const port = await freePort();
  api = await startTestApp(home, {}, { port });
  api.store.projects.create(testProject('p1', { repoPath: repo, deployHosts: ['web'] }));
  api.store.projects.create(testProject('p2', { repoPath: repo }));
  await api.app.listen({ host: '127.0.0.1', port });
  url = `http://127.0.0.1:${port}`;
  hostToken = (await api.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'host-b', role: 'host' } })).json<{ token: string }>().token;
  viewerToken = (await api.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'someone', role: 'viewer' } })).json<{ token: string }>().token;
});
afterAll(async () => {
  await api.close();
  for (const dir of [home, out, repo]) removeDir(dir);
});

const exportFrom = (token: string, projectId: string, at: string, dir: string, from = url) =>
  exportRelease({ commit: at, dir, from: 'the control plane', extract: createReleaseArchiveSource({ url: from, token }, 'host-b')(projectId, at) });

describe('release archives from the control plane', () => {
  it("writes the commit's files into the release directory, with its marker", async () => {
    const dir = path.join(out, commit);
    expect(await exportFrom(hostToken, 'p1', commit, dir)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'app.txt'), 'utf8')).toBe('v1\n');
    expect(fs.readFileSync(path.join(dir, 'src/deep/file.js'), 'utf8')).toBe('export {};\n');
    expect(fs.statSync(path.join(dir, 'big.bin')).size).toBe(2 * 1024 * 1024);
    expect(fs.existsSync(path.join(dir, '.git'))).toBe(false);
    expect(fs.existsSync(path.join(dir, '.ringmaster-release.json'))).toBe(true);
    // Exported once: a second call keeps it.
    expect(await exportFrom(hostToken, 'p1', commit, dir)).toBe(false);
  });

  it('fails with the reason, leaving no directory, for an unknown commit or project and for a token of neither a host nor an admin', async () => {
    const missing = 'a'.repeat(40);
    const cases: [string, string, string, RegExp][] = [
      [hostToken, 'p1', missing, /404.*has no commit a{40}/],
      [hostToken, 'nope', commit, /404.*no project 'nope'/],
      [viewerToken, 'p1', commit, /403/],
      ['wrong-token-wrong-token-wrong-token', 'p1', commit, /401/],
      // A checkout released on the control plane only: hosts get none of its files.
      [hostToken, 'p2', commit, /403.*released on the control plane only/],
    ];
    for (const [token, project, at, reason] of cases) {
      const dir = path.join(out, `refused-${project}-${at.slice(0, 4)}-${token.slice(0, 4)}`);
      const failure = await exportFrom(token, project, at, dir).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(failure).toBeInstanceOf(ReleaseExportError);
      expect(failure!.message).toMatch(reason);
      // A refusal is final: the release fails instead of asking again.
      expect(failure!.cause).not.toBeInstanceOf(ArchiveTransferError);
      expect(fs.existsSync(dir)).toBe(false);
      expect(fs.readdirSync(out).some((name) => name.includes('.tmp-'))).toBe(false);
    }
  });

  it('says which control plane it cannot reach', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const failure = await exportFrom(hostToken, 'p1', commit, path.join(out, 'unreachable'), closed).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failure).toBeInstanceOf(ReleaseExportError);
    expect(failure!.message).toContain(`cannot reach the control plane at ${closed} (ECONNREFUSED)`);
    // The control plane may be back soon (a restart): the build asks again.
    expect(failure!.cause).toBeInstanceOf(ArchiveTransferError);
    expect(fs.existsSync(path.join(out, 'unreachable'))).toBe(false);
  });

  it('refuses a commit that is not a full commit id (400 naming params.commit)', async () => {
    const res = await fetch(`${url}/api/hosts/host-b/projects/p1/commits/HEAD/archive`, { headers: { authorization: `Bearer ${hostToken}` } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('params.commit must match');
  });

  it('streams the whole archive to a host that reads it slowly', async () => {
    const expected = execFileSync('git', ['-C', repo, 'archive', '--format=tar', commit], { maxBuffer: 64 * 1024 * 1024 }).length;
    const received = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${url}/api/hosts/host-b/projects/p1/commits/${commit}/archive`, { headers: { authorization: `Bearer ${hostToken}` } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          // A host busy unpacking: the archive waits on the socket, long after the request was read.
          res.pause();
          setTimeout(() => res.resume(), 5);
        });
        res.on('end', () => resolve(bytes));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    expect(received).toBe(expected);
  });
});
