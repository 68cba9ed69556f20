import { afterEach, describe, expect, it } from '@jest/globals';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHostActivities } from '../../activities/host-activities.js';
import { ReleaseFailure } from '../../model/failure-types.js';
import { resolveSettings } from '../../config/server-settings.js';
import type { ReleaseSettings } from '../../model/reload.js';
import { createSecretVault } from '../../secrets/secret-vault.js';
import { ensureSecretKey } from '../../secrets/secret-key.js';
import { storedRemoteCredentials } from '../../secrets/remote-credential.js';
import { makeBareRemote } from '../support/git-daemon.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { openTestStore } from '../support/temporal.js';

// The health-check step as the worker registers it, in the SDK's activity test environment: it
// heartbeats while it waits, and it waits as long as the project allows, no longer.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function healthServer(status: number | null): Promise<string> {
  const server = http.createServer((_req, res) => {
    if (status !== null) res.writeHead(status).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
}

function activities() {
  const home = makeTempDir('ringmaster-release-');
  cleanups.push(() => removeDir(home));
  const { db, store } = openTestStore(home);
  cleanups.push(() => {
    db.close();
  });
  const secrets = createSecretVault({ repository: store.secrets, key: ensureSecretKey(home) });
  return createHostActivities({ home, hostId: 'host', settings: resolveSettings({ RINGMASTER_HOME: home }), secrets, remoteCredential: storedRemoteCredentials(store.projects, secrets) });
}

const project = (healthUrl: string, healthCheckSeconds: number): ReleaseSettings => ({
  projectId: 'p1',
  projectName: 'svc',
  repoPath: '/nonexistent',
  defaultBranch: 'main',
  testCommand: null,
  setupCommand: null,
  copyFiles: [],
  linkFiles: [],
  buildCommand: null,
  reloadCommand: null,
  healthUrl,
  healthCheckSeconds,
  self: false,
});

describe('checkReleaseHealth', () => {
  it('heartbeats while a release that never answers uses up its window, then fails as HealthCheckFailed naming it', async () => {
    const url = await healthServer(null);
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 3000 }, { logger: new DefaultLogger('ERROR') });
    let beats = 0;
    env.on('heartbeat', () => beats++);
    const started = Date.now();
    const failure = await env.run(activities().checkReleaseHealth, { project: project(url, 3), commit: 'c1' }).catch((err: unknown) => err);
    const took = Date.now() - started;
    expect(failure).toMatchObject({ type: ReleaseFailure.health, nonRetryable: true });
    expect((failure as Error).message).toMatch(/^health check failed after \d+ attempt\(s\) in 3 s: .*(timeout|aborted)/i);
    expect(took).toBeGreaterThanOrEqual(2500);
    expect(took).toBeLessThan(8000);
    // Heartbeats start after a third of the 3 s heartbeat timeout, then come every second.
    expect(beats).toBeGreaterThanOrEqual(2);
  });

  it('passes at the first 2xx answer', async () => {
    const url = await healthServer(200);
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 3000 }, { logger: new DefaultLogger('ERROR') });
    await expect(env.run(activities().checkReleaseHealth, { project: project(url, 3), commit: 'c1' })).resolves.toEqual({ detail: `${url} answered 200` });
  });
});

describe('rolling back a project backed by a remote', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@ringmaster.invalid', ...args], { cwd, encoding: 'utf8' }).trim();

  it('pushes the revert onto the remote default branch, keeping what landed after the failed change', async () => {
    const remotes = makeTempDir('ringmaster-rollback-remote-');
    cleanups.push(() => removeDir(remotes));
    const bare = makeBareRemote(remotes, 'svc.git', { 'app.txt': 'good\n' });
    const clone = path.join(remotes, 'clone');
    git(remotes, 'clone', '--quiet', bare, clone);
    const good = git(clone, 'rev-parse', 'HEAD');
    fs.writeFileSync(path.join(clone, 'app.txt'), 'bad\n');
    git(clone, 'commit', '-qam', 'The failed change');
    const bad = git(clone, 'rev-parse', 'HEAD');
    fs.writeFileSync(path.join(clone, 'later.txt'), 'later\n');
    git(clone, 'add', 'later.txt');
    git(clone, 'commit', '-qm', 'Landed after it');
    git(clone, 'push', '--quiet', 'origin', 'main');

    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 10_000 }, { logger: new DefaultLogger('ERROR') });
    const remoteProject = { ...project('http://127.0.0.1:1/health', 3), remote: `file://${bare}` };
    const result: { revertCommit: string | null } = await env.run(activities().revertFailedChange, { project: remoteProject, from: good, to: bad, basis: 'last-release' as const });
    expect(result.revertCommit).toMatch(/^[0-9a-f]{40}$/);

    // The remote's main is the revert, on top of the commit that landed after the failed change.
    expect(git(bare, 'rev-parse', 'main')).toBe(result.revertCommit);
    expect(git(bare, 'show', 'main:app.txt')).toBe('good');
    expect(git(bare, 'show', 'main:later.txt')).toBe('later');
    expect(git(bare, 'log', '--format=%s', '-3', 'main').split('\n')).toEqual([expect.stringMatching(/^Roll back /), 'Landed after it', 'The failed change']);
  });
});
