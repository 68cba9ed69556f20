import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { TASK_QUEUE } from '../../model/task-queues.js';
import { MAINTENANCE_SCHEDULE_ID } from '../../model/maintenance.js';
import { WorkflowType, type PingResult } from '../../model/workflow-types.js';
import { descendants, startCli, type RunningCli } from '../support/cli.js';
import { BROWSER_BLOCKED_PORTS } from '../../access/browser-blocked-ports.js';
import { freePort } from '../support/free-port.js';
import { rawRequest } from '../support/http-request.js';
import { listeningPorts } from '../support/listening-ports.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

// The real `ringmaster up` (compiled CLI, real dev server, real worker and API processes).

interface Health {
  status: string;
  temporal: { status: string; address: string };
  workers: { count: number; list: { pid: number }[] };
}

let home: string;
let running: RunningCli[] = [];
beforeEach(() => {
  home = makeTempDir('ringmaster-up-');
});
afterEach(async () => {
  for (const cli of running) {
    if (cli.child.exitCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  }
  running = [];
  removeDir(home);
});

async function ports() {
  return { api: await freePort(), temporal: await freePort(), ui: await freePort() };
}

function up(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const cli = startCli(['up', '--home', home, ...args], { ...process.env, RINGMASTER_TEMPORAL_BIN: testRunEnv().temporalBin, ...env });
  running.push(cli);
  return cli;
}

/** The admin token `up` generated into the data dir (the full /health report needs it). */
const tokenHeaders = (): Record<string, string> => {
  const file = path.join(home, 'api-token');
  return fs.existsSync(file) ? { authorization: `Bearer ${fs.readFileSync(file, 'utf8').trim()}` } : {};
};

async function health(apiPort: number): Promise<{ code: number; body: Health } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${apiPort}/health`, { headers: tokenHeaders() });
    return { code: res.status, body: (await res.json()) as Health };
  } catch {
    return undefined;
  }
}

async function healthy(cli: RunningCli, apiPort: number): Promise<Health> {
  return eventually(
    async () => {
      if (cli.child.exitCode !== null) throw new Error(`ringmaster up exited early:\n${cli.output()}`);
      const res = await health(apiPort);
      return res?.code === 200 && res.body.status === 'ok' ? res.body : undefined;
    },
    '/health 200 ok',
    120_000,
  );
}

function runState(): { pid: number; children: Record<string, { pid: number }> } {
  return JSON.parse(fs.readFileSync(path.join(home, 'run', 'supervisor.json'), 'utf8')) as { pid: number; children: Record<string, { pid: number }> };
}

async function stopAndCheckNothingSurvives(cli: RunningCli, signals: NodeJS.Signals[] = ['SIGTERM']): Promise<void> {
  const tree = descendants(cli.child.pid!);
  expect(tree.length).toBeGreaterThanOrEqual(2);
  for (const signal of signals) cli.child.kill(signal);
  expect(await cli.exited).toBe(0);
  expect(cli.output()).toContain('Ringmaster stopped.');
  for (const pid of tree) await waitForExit(pid, 5000);
  expect(fs.existsSync(path.join(home, 'run', 'supervisor.json'))).toBe(false);
}

/** An HTTP answer from a plain client that sends the Host it likes (curl-like; fetch cannot). */
const plainStatus = (port: number, urlPath: string, headers: Record<string, string>) => rawRequest({ port, path: urlPath, headers }).then((res) => res.status);

/**
 * Every HTTP port of the embedded Temporal server, as a web page and as a rebinding attacker meet
 * them: the dev server's own (Web UI, HTTP API, metrics) are on ports no browser connects to, the
 * HTTP API answers no foreign Host even to a plain client, and the Web UI port people open is
 * Ringmaster's guard: 421 for a foreign Host, 403 for a foreign Origin, nothing without a sign-in.
 */
async function checkTemporalPorts(temporalPid: number, p: { temporal: number; ui: number }): Promise<void> {
  const own = listeningPorts(temporalPid).filter((port) => port !== p.temporal);
  const http: number[] = [];
  for (const port of own) {
    const status = await plainStatus(port, '/api/v1/namespaces/default/workflows', { host: `evil.example:${port}` }).catch(() => undefined);
    if (status === undefined) continue; // membership and internal gRPC ports: not HTTP
    http.push(port);
    expect({ port, blocked: BROWSER_BLOCKED_PORTS.includes(port) }).toEqual({ port, blocked: true });
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ cause: { message: 'bad port' } });
  }
  // The Web UI, the HTTP API and the metrics endpoint.
  expect(http).toHaveLength(3);
  const httpApi = await Promise.all(http.map((port) => plainStatus(port, '/api/v1/namespaces/default/workflows', { host: `127.0.0.1:${port}` })));
  expect(httpApi.filter((status) => status === 403)).toHaveLength(1);

  const guard = `http://127.0.0.1:${p.ui}`;
  expect(await plainStatus(p.ui, '/api/v1/namespaces', { host: 'evil.example' })).toBe(421);
  expect(await plainStatus(p.ui, '/api/v1/namespaces', { host: `127.0.0.1:${p.ui}`, origin: 'http://evil.example' })).toBe(403);
  expect((await fetch(`${guard}/api/v1/namespaces`)).status).toBe(401);
  const page = await fetch(`${guard}/`, { headers: { accept: 'text/html' } });
  expect(page.url).toBe(`${guard}/_ringmaster/sign-in`);
  const signedIn = await fetch(`${guard}/_ringmaster/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: guard },
    body: `token=${encodeURIComponent(fs.readFileSync(path.join(home, 'api-token'), 'utf8').trim())}`,
  });
  expect(signedIn.status).toBe(303);
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const namespaces = await fetch(`${guard}/api/v1/namespaces`, { headers: { cookie } });
  expect(namespaces.status).toBe(200);
  expect(await namespaces.json()).toMatchObject({ namespaces: expect.arrayContaining([expect.objectContaining({ namespaceInfo: expect.objectContaining({ name: 'default' }) })]) });
}

describe('ringmaster up', () => {
  it('brings up Temporal, the Web UI, the worker and the API, restarts a killed worker and stops cleanly', async () => {
    const p = await ports();
    const cli = up(['--port', String(p.api), '--temporal-port', String(p.temporal), '--temporal-ui-port', String(p.ui)]);
    const first = await healthy(cli, p.api);
    expect(first.temporal).toMatchObject({ status: 'ok', address: `127.0.0.1:${p.temporal}` });
    await eventually(() => (cli.output().includes('Press Ctrl-C to stop.') ? true : undefined), 'the banner');
    expect(cli.output()).toContain(`API            http://127.0.0.1:${p.api}`);
    expect(cli.output()).toContain(`OpenAPI docs   http://127.0.0.1:${p.api}/docs`);
    expect(cli.output()).toContain(`Temporal UI    http://127.0.0.1:${p.ui}`);
    expect((await fetch(`http://127.0.0.1:${p.ui}/`, { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${p.api}/docs`)).status).toBe(200);
    expect(fs.existsSync(path.join(home, 'temporal.db'))).toBe(true);

    const state = runState();
    expect(Object.keys(state.children)).toEqual(['temporal', 'worker', 'api']);
    await checkTemporalPorts(state.children.temporal!.pid, p);
    const workerPid = state.children.worker!.pid;
    expect(first.workers.list.map((w) => w.pid)).toContain(workerPid);

    // A trivial workflow runs through the supervised worker on the ringmaster task queue.
    const connection = await Connection.connect({ address: `127.0.0.1:${p.temporal}` });
    try {
      const result = await new Client({ connection }).workflow.execute<(i: { message: string }) => Promise<PingResult>>(WorkflowType.ping, {
        taskQueue: TASK_QUEUE,
        workflowId: `smoke-${Date.now()}`,
        args: [{ message: 'smoke' }],
      });
      expect(result.message).toBe('smoke');
      expect(result.worker.pid).toBe(workerPid);
      // Hourly maintenance is a Schedule of the cluster, created once by the first `up`.
      const schedule = await new Client({ connection }).schedule.getHandle(MAINTENANCE_SCHEDULE_ID).describe();
      expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: WorkflowType.maintenance, taskQueue: TASK_QUEUE });
      expect(schedule.spec.intervals?.map((i) => i.every)).toEqual([3_600_000]);
      expect(cli.output()).toContain('Created the hourly maintenance schedule ringmaster-maintenance');
    } finally {
      await connection.close();
    }

    // A second supervisor on the same data dir is refused.
    const other = await ports();
    const second = up(['--port', String(other.api), '--temporal-port', String(other.temporal), '--temporal-ui-port', String(other.ui)]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('Ringmaster is already running on this data dir');

    // SIGKILL the worker: the supervisor restarts it and /health lists the new one.
    process.kill(workerPid, 'SIGKILL');
    const killedAt = Date.now();
    const replacement = await eventually(
      async () => {
        const pid = runState().children.worker?.pid;
        if (!pid || pid === workerPid) return undefined;
        const res = await health(p.api);
        return res?.body.workers.list.some((w) => w.pid === pid) ? pid : undefined;
      },
      'the restarted worker in /health',
      30_000,
    );
    console.log(`worker ${workerPid} SIGKILLed; replacement ${replacement} listed by /health after ${Date.now() - killedAt} ms`);
    expect(cli.output()).toContain('[supervisor] worker exited (SIGKILL); restarting');

    await stopAndCheckNothingSurvives(cli);
    expect(isAlive(state.children.temporal!.pid)).toBe(false);
  });

  it('uses an existing Temporal cluster from TEMPORAL_ADDRESS and starts no server of its own', async () => {
    const api = await freePort();
    const address = testRunEnv().temporalAddress;
    const cli = up(['--port', String(api)], { TEMPORAL_ADDRESS: address });
    const report = await healthy(cli, api);
    expect(report.temporal).toMatchObject({ status: 'ok', address });
    expect(Object.keys(runState().children)).toEqual(['worker', 'api']);
    expect(cli.output()).toContain(`Using the Temporal cluster at ${address}`);
    expect(fs.existsSync(path.join(home, 'temporal.db'))).toBe(false);
    // Ctrl-C under `npm start` arrives twice at once (terminal + npm): still an orderly stop.
    await stopAndCheckNothingSurvives(cli, ['SIGINT', 'SIGINT']);
    expect(cli.output()).not.toContain('killing all processes now');
  });

  it('refuses a port that is already in use, naming it, without starting anything', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const p = await ports();
      const cli = up(['--port', String(p.api), '--temporal-port', String(taken), '--temporal-ui-port', String(p.ui)]);
      expect(await cli.exited).toBe(1);
      expect(cli.output()).toContain(`ringmaster: port ${taken} on 127.0.0.1 is already in use (--temporal-port / RINGMASTER_TEMPORAL_PORT)`);
      expect(cli.output()).not.toContain('Starting Temporal');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a damaged database before starting anything, naming the restore to run', async () => {
    const backups = path.join(home, 'backups');
    fs.mkdirSync(backups, { recursive: true });
    fs.writeFileSync(path.join(backups, 'ringmaster-backup-20261201T000000Z.tar.gz'), 'a backup');
    fs.writeFileSync(path.join(home, 'ringmaster.db'), `SQLite format 3\0${'x'.repeat(4000)}`);
    const p = await ports();
    const cli = up(['--port', String(p.api), '--temporal-port', String(p.temporal), '--temporal-ui-port', String(p.ui)]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(`ringmaster: ${path.join(home, 'ringmaster.db')} is damaged (`);
    expect(cli.output()).toContain(`Restore the newest backup with: ringmaster restore ${path.join(backups, 'ringmaster-backup-20261201T000000Z.tar.gz')} --home ${home}`);
    expect(cli.output()).not.toContain('Starting Temporal');
  });

  it('recovers after the supervisor itself was SIGKILLed: leftovers are stopped and the next start works', async () => {
    const p = await ports();
    const args = ['--port', String(p.api), '--temporal-port', String(p.temporal), '--temporal-ui-port', String(p.ui)];
    const crashed = up(args);
    await healthy(crashed, p.api);
    const { children } = runState();
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    // The worker and the API notice that their supervisor is gone (IPC channel closed) and stop.
    await waitForExit(children.worker!.pid, 60_000);
    await waitForExit(children.api!.pid, 15_000);
    // The dev server cannot notice; the next start stops it, since it holds the database.
    expect(isAlive(children.temporal!.pid)).toBe(true);

    const next = up(args);
    await healthy(next, p.api);
    expect(next.output()).toContain('Stopped processes left by a previous run that did not shut down: temporal');
    expect(isAlive(children.temporal!.pid)).toBe(false);
    await stopAndCheckNothingSurvives(next);
  });
});
