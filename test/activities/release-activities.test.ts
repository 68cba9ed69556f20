import { afterEach, describe, expect, it } from '@jest/globals';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHostActivities } from '../../activities/host-activities.js';
import { ReleaseFailure } from '../../activities/release-activities.js';
import { resolveSettings } from '../../config/settings.js';
import type { ReleaseSettings } from '../../model/reload.js';
import { createSecretVault } from '../../secrets/secret-vault.js';
import { ensureSecretKey } from '../../secrets/secret-key.js';
import { storedRemoteCredentials } from '../../secrets/remote-credential.js';
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
